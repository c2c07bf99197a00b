import { Table, Tabs, Tooltip } from 'antd';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ApplicationStatusTag, Chip } from '../../components/StatusTag';
import { zh } from '../../lib/i18n';
import { formatDateTime } from '../../lib/format';
import type { ApplicationSummary } from '../../lib/types';
import { serverPagination, useWorkCounts, useWorkPage, useWorkParams, type WorkTab } from '../../lib/work-lists';
import { expertMessages } from './messages';

const t = zh(expertMessages);

const DEFAULT_SORT: Record<WorkTab, string> = { mine: 'updatedAt', handled: '-updatedAt', all: '-updatedAt' };

/**
 * The applications assigned to this expert, as work (issues 10 and 13): 待我评审 (accepted, not yet
 * reviewed by me) first, 已处理 (reviewed or recused) apart, and everything assigned. The server
 * pages and counts each tab (`queue=mine|handled`); each row carries my own review, so no
 * application is read row by row.
 */
export default function AssignedPage() {
  const { tab, page, sort, setTab, setPage } = useWorkParams(DEFAULT_SORT);
  const counts = useWorkCounts('/applications');
  const list = useWorkPage('/applications', tab, page, sort);
  const n = (k: WorkTab) => (counts.data ? counts.data[k] : '…');
  const link = (label: string) => ({
    title: label,
    render: (_: unknown, r: ApplicationSummary) => (
      <Link to={`/app/expert/applications/${r.id}`} aria-label={`${label} ${r.organizationName}`}>
        {label}
      </Link>
    ),
  });
  const base = [
    { title: t('org'), render: (_: unknown, r: ApplicationSummary) => <Link to={`/app/expert/applications/${r.id}`}>{r.organizationName}</Link> },
    { title: t('status'), render: (_: unknown, r: ApplicationSummary) => <ApplicationStatusTag status={r.status} /> },
    { title: t('items'), dataIndex: 'itemCount', width: 80 },
  ];
  const mine = {
    title: t('myReview'),
    render: (_: unknown, r: ApplicationSummary) =>
      r.myReview?.conflictOfInterest ? (
        <Chip tone="warn">{t('recused')}</Chip>
      ) : r.myReview ? (
        <Chip tone={r.myReview.recommendation === 'pass' ? 'good' : 'bad'}>
          {t('myScore', { score: r.myReview.score ?? '', rec: r.myReview.recommendation === 'pass' ? t('pass') : t('fail') })}
        </Chip>
      ) : r.awaitingMe ? (
        <Chip tone="warn">{t('awaitingMine')}</Chip>
      ) : null,
  };
  const opinion = {
    title: t('opinionCol'),
    ellipsis: { showTitle: false },
    render: (_: unknown, r: ApplicationSummary) =>
      r.myReview?.opinion ? (
        <Tooltip title={`${r.myReview.opinion}（${formatDateTime(r.myReview.at)}）`}>
          <span>{r.myReview.opinion}</span>
        </Tooltip>
      ) : (
        ''
      ),
  };
  const table = (empty: string) => (
    <QueryState query={list}>
      {(data) => (
        <Table<ApplicationSummary>
          rowKey="id"
          size="small"
          dataSource={data.items}
          pagination={serverPagination(data.total, page, setPage)}
          locale={{ emptyText: empty }}
          tableLayout={tab === 'mine' ? undefined : 'fixed'}
          scroll={{ x: tab === 'mine' ? 560 : 720 }}
          columns={tab === 'mine' ? [...base, link(t('open'))] : [...base, mine, opinion, link(tab === 'all' ? t('open') : t('view'))]}
        />
      )}
    </QueryState>
  );
  return (
    <Page title={t('listTitle')} subtitle={t('listIntro')}>
      <Tabs
        aria-label={t('tabs')}
        activeKey={tab}
        onChange={(k) => setTab(k as WorkTab)}
        destroyOnHidden
        items={[
          { key: 'mine', label: t('tabPending', { n: n('mine') }), children: table(t('nonePending')) },
          { key: 'handled', label: t('tabDone', { n: n('handled') }), children: table(t('noneDone')) },
          { key: 'all', label: t('tabAll', { n: n('all') }), children: table(t('none')) },
        ]}
      />
    </Page>
  );
}
