import { Segmented, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ApplicationStatusTag, Chip } from '../../components/StatusTag';
import { get } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../lib/session';
import type { Application, ApplicationSummary, Paged, User } from '../../lib/types';
import { districtName } from '../../lib/vocab';
import { recommenderMessages } from './messages';

const t = zh(recommenderMessages);

type Filter = 'pending' | 'done' | 'all';
interface Row extends ApplicationSummary {
  mine: 'pending' | 'decided' | 'none';
}

/** Whether this department's own recommendation is still awaited on an application awaiting recommendation. */
function myLine(app: Application, user: User): Row['mine'] {
  const line = app.requiredRecommendations.find(
    (r) => r.role === user.role && (r.role === 'district_hr' ? r.district === user.district : r.authority === user.authority),
  );
  if (!line) return 'none';
  return line.decision === 'pending' ? 'pending' : 'decided';
}

/**
 * The applications naming this authority, or with a site in this district (the API scopes the list),
 * as work (issue 13, point 7): 待我推荐 holds only those still waiting for this department — one it
 * has recommended leaves, even while the application waits for the other recommenders — and 已处理
 * the rest.
 */
export default function QueuePage() {
  const session = useSession();
  const user = session.data?.user;
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const filter: Filter = raw === 'all' ? 'all' : raw === 'done' ? 'done' : 'pending';
  const list = useQuery({
    queryKey: ['applications', { scope: 'recommender', user: user?.id }],
    enabled: !!user,
    queryFn: async () => {
      const page = await get<Paged<ApplicationSummary>>('/applications', { pageSize: 200 });
      // the summary does not say whose recommendation is in: the waiting ones are read
      const waiting = page.items.filter((a) => a.status === 'awaiting_recommendation');
      const details = new Map((await Promise.all(waiting.map((a) => get<Application>(`/applications/${a.id}`)))).map((a) => [a.id, a]));
      return page.items.map((a): Row => {
        const d = details.get(a.id);
        return { ...a, mine: d && user ? myLine(d, user) : 'none' };
      });
    },
  });
  return (
    <Page
      title={t('queueTitle')}
      subtitle={
        <>
          {t('queueIntro')}{' '}
          {user?.role === 'industry_authority'
            ? t('scopeAuthority', { name: user.authority ?? '' })
            : t('scopeDistrict', { name: districtName(user?.district) })}
        </>
      }
    >
      <QueryState query={list}>
        {(rows) => {
          const pending = rows.filter((r) => r.mine === 'pending');
          const done = rows.filter((r) => r.mine !== 'pending');
          const shown = filter === 'pending' ? pending : filter === 'done' ? done : rows;
          return (
            <>
              <Segmented
                aria-label={t('filter')}
                value={filter}
                onChange={(v) => setParams(v === 'pending' ? {} : { status: v }, { replace: true })}
                options={[
                  { value: 'pending', label: t('tabPending', { n: pending.length }) },
                  { value: 'done', label: t('tabDone', { n: done.length }) },
                  { value: 'all', label: t('tabAll', { n: rows.length }) },
                ]}
              />
              <Table
                rowKey="id"
                size="small"
                dataSource={shown}
                locale={{ emptyText: filter === 'done' ? t('noneDone') : t('none') }}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                scroll={{ x: 900 }}
                columns={[
                  { title: t('org'), render: (_, r) => <Link to={`/app/recommend/${r.id}`}>{r.organizationName}</Link> },
                  { title: t('uscc'), dataIndex: 'uscc', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
                  { title: t('status'), render: (_, r) => <ApplicationStatusTag status={r.status} /> },
                  {
                    title: t('myLine'),
                    render: (_, r) =>
                      r.mine === 'pending' ? (
                        <Chip tone="warn">{t('myPending')}</Chip>
                      ) : r.mine === 'decided' ? (
                        <Chip tone="good">{t('myWaitingOthers')}</Chip>
                      ) : null,
                  },
                  { title: t('items'), dataIndex: 'itemCount' },
                  { title: t('districts'), render: (_, r) => r.districts.map((d) => districtName(d)).join('、') },
                  {
                    title: t('updatedAt'),
                    render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.updatedAt)}</span>,
                    sorter: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
                  },
                  {
                    title: t('open'),
                    render: (_, r) => (
                      <Link to={`/app/recommend/${r.id}`} aria-label={`${t('open')} ${r.organizationName}`}>
                        {t('open')}
                      </Link>
                    ),
                  },
                ]}
              />
            </>
          );
        }}
      </QueryState>
    </Page>
  );
}
