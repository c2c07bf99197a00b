import { Segmented, Table } from 'antd';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ApplicationStatusTag, Chip } from '../../components/StatusTag';
import { zh } from '../../lib/i18n';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../lib/session';
import type { ApplicationSummary } from '../../lib/types';
import { districtName } from '../../lib/vocab';
import { serverPagination, useWorkCounts, useWorkPage, useWorkParams, type WorkTab } from '../../lib/work-lists';
import { recommenderMessages } from './messages';

const t = zh(recommenderMessages);

/** 待我推荐: the longest waiting first; 已处理 and 全部: the latest change first. */
const DEFAULT_SORT: Record<WorkTab, string> = { mine: 'updatedAt', handled: '-updatedAt', all: '-updatedAt' };

/**
 * The applications naming this authority, or with a site in this district (the API scopes the list),
 * as work (issues 10 and 13): 待我推荐 holds only those still waiting for this department's own
 * recommendation — one it has recommended leaves, even while the application waits for the other
 * recommenders — and 已处理 those it decided. The server pages, sorts and counts each tab
 * (`queue=mine|handled`), and every row carries this department's own decision.
 */
export default function QueuePage() {
  const user = useSession().data?.user;
  const { tab, page, sort, setTab, setPage, setSort } = useWorkParams(DEFAULT_SORT);
  const counts = useWorkCounts('/applications');
  const list = useWorkPage('/applications', tab, page, sort);
  const n = (k: WorkTab) => (counts.data ? counts.data[k === 'all' ? 'all' : k] : '…');
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
      <Segmented
        aria-label={t('filter')}
        value={tab}
        onChange={(v) => setTab(v as WorkTab)}
        options={[
          { value: 'mine', label: t('tabPending', { n: n('mine') }) },
          { value: 'handled', label: t('tabDone', { n: n('handled') }) },
          { value: 'all', label: t('tabAll', { n: n('all') }) },
        ]}
      />
      <QueryState query={list}>
        {(data) => (
          <Table<ApplicationSummary>
            rowKey="id"
            size="small"
            dataSource={data.items}
            locale={{ emptyText: tab === 'handled' ? t('noneDone') : t('none') }}
            pagination={serverPagination(data.total, page, setPage)}
            onChange={(_, __, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              setSort(s?.order ? (s.order === 'ascend' ? 'updatedAt' : '-updatedAt') : undefined);
            }}
            scroll={{ x: 900 }}
            columns={[
              { title: t('org'), render: (_, r) => <Link to={`/app/recommend/${r.id}`}>{r.organizationName}</Link> },
              { title: t('uscc'), dataIndex: 'uscc', render: (v: string) => <span className="nowrap">{v}</span> },
              { title: t('status'), render: (_, r) => <ApplicationStatusTag status={r.status} /> },
              {
                title: t('myLine'),
                render: (_, r) =>
                  r.awaitingMe ? (
                    <Chip tone="warn">{t('myPending')}</Chip>
                  ) : r.myRecommendation?.currentRound ? (
                    r.myRecommendation.decision === 'recommend' && r.status === 'awaiting_recommendation' ? (
                      <Chip tone="good">{t('myWaitingOthers')}</Chip>
                    ) : r.myRecommendation.decision === 'recommend' ? (
                      <Chip tone="good">{t('myRecommended', { at: formatDateTime(r.myRecommendation.at) })}</Chip>
                    ) : (
                      <Chip tone="bad">{t('myDeclined', { at: formatDateTime(r.myRecommendation.at) })}</Chip>
                    )
                  ) : null,
              },
              { title: t('items'), dataIndex: 'itemCount' },
              { title: t('districts'), render: (_, r) => r.districts.map((d) => districtName(d)).join('、') },
              {
                title: t('updatedAt'),
                key: 'updatedAt',
                render: (_, r) => <span className="nowrap">{formatDateTime(r.updatedAt)}</span>,
                sorter: true,
                sortOrder: sort === 'updatedAt' ? 'ascend' : sort === '-updatedAt' ? 'descend' : null,
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
        )}
      </QueryState>
    </Page>
  );
}
