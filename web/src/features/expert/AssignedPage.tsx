import { Table, Tabs, Tooltip } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ApplicationStatusTag, Chip } from '../../components/StatusTag';
import { get } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { useSession } from '../../lib/session';
import type { Application, ApplicationSummary, Paged } from '../../lib/types';
import { expertMessages } from './messages';

const t = zh(expertMessages);

interface Row {
  id: string;
  org: string;
  status: Application['status'];
  itemCount: number;
  review?: Application['expertReviews'][number];
}

/**
 * The applications assigned to this expert, as work (issue 13, point 7): 待我评审 (accepted, not yet
 * reviewed by me) first, 已处理 (reviewed or recused) apart, and those whose evaluation ended without
 * my review. The list does not say whose review is in, so each application is read (a handful).
 */
export default function AssignedPage() {
  const me = useSession().data?.user;
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'pending';
  const list = useQuery({
    queryKey: ['applications', 'expert', me?.id],
    enabled: !!me,
    queryFn: async () => {
      const page = await get<Paged<ApplicationSummary>>('/applications', { pageSize: 200 });
      const details = await Promise.all(page.items.map((a) => get<Application>(`/applications/${a.id}`)));
      const rows = details.map((a): Row => ({
        id: a.id,
        org: a.organization.name,
        status: a.status,
        itemCount: a.items.length,
        review: a.expertReviews.find((r) => r.expertId === me?.id),
      }));
      return {
        pending: rows.filter((r) => !r.review && r.status === 'accepted'),
        done: rows.filter((r) => r.review),
        closed: rows.filter((r) => !r.review && r.status !== 'accepted'),
      };
    },
  });
  const base = [
    { title: t('org'), render: (_: unknown, r: Row) => <Link to={`/app/expert/applications/${r.id}`}>{r.org}</Link> },
    { title: t('status'), render: (_: unknown, r: Row) => <ApplicationStatusTag status={r.status} /> },
    { title: t('items'), dataIndex: 'itemCount', width: 80 },
  ];
  const open = {
    title: t('open'),
    render: (_: unknown, r: Row) => (
      <Link to={`/app/expert/applications/${r.id}`} aria-label={`${t('open')} ${r.org}`}>
        {t('open')}
      </Link>
    ),
  };
  const view = {
    title: t('view'),
    render: (_: unknown, r: Row) => (
      <Link to={`/app/expert/applications/${r.id}`} aria-label={`${t('view')} ${r.org}`}>
        {t('view')}
      </Link>
    ),
  };
  const mine = {
    title: t('myReview'),
    render: (_: unknown, r: Row) =>
      r.review?.conflictOfInterest ? (
        <Chip tone="warn">{t('recused')}</Chip>
      ) : r.review ? (
        <Chip tone={r.review.recommendation === 'pass' ? 'good' : 'bad'}>
          {t('myScore', { score: r.review.score ?? '', rec: r.review.recommendation === 'pass' ? t('pass') : t('fail') })}
        </Chip>
      ) : null,
  };
  const opinion = {
    title: t('opinionCol'),
    ellipsis: { showTitle: false },
    render: (_: unknown, r: Row) =>
      r.review?.opinion ? (
        <Tooltip title={r.review.opinion}>
          <span>{r.review.opinion}</span>
        </Tooltip>
      ) : (
        ''
      ),
  };
  return (
    <Page title={t('listTitle')} subtitle={t('listIntro')}>
      <QueryState query={list}>
        {(data) => (
          <Tabs
            aria-label={t('tabs')}
            activeKey={tab}
            onChange={(k) => setParams(k === 'pending' ? {} : { tab: k }, { replace: true })}
            items={[
              {
                key: 'pending',
                label: t('tabPending', { n: data.pending.length }),
                children: (
                  <Table
                    rowKey="id"
                    size="small"
                    dataSource={data.pending}
                    pagination={false}
                    locale={{ emptyText: t('nonePending') }}
                    scroll={{ x: 560 }}
                    columns={[...base, open]}
                  />
                ),
              },
              {
                key: 'done',
                label: t('tabDone', { n: data.done.length }),
                children: (
                  <Table
                    rowKey="id"
                    size="small"
                    dataSource={data.done}
                    pagination={false}
                    locale={{ emptyText: t('noneDone') }}
                    tableLayout="fixed"
                    scroll={{ x: 720 }}
                    columns={[...base, mine, opinion, view]}
                  />
                ),
              },
              ...(data.closed.length
                ? [
                    {
                      key: 'closed',
                      label: t('tabClosed', { n: data.closed.length }),
                      children: <Table rowKey="id" size="small" dataSource={data.closed} pagination={false} scroll={{ x: 560 }} columns={[...base, view]} />,
                    },
                  ]
                : []),
            ]}
          />
        )}
      </QueryState>
    </Page>
  );
}
