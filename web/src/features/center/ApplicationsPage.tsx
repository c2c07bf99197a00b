import { Input, Select, Table } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { APPLICATION_STATUSES } from '../../../../contract/enums';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ApplicationStatusTag } from '../../components/StatusTag';
import { downloadHref } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDate, formatDateTime } from '../../lib/format';
import { usePagedQuery } from '../../lib/paged';
import { useCampaigns } from '../../lib/queries';
import type { ApplicationSummary } from '../../lib/types';
import { applicationStatusLabel, districtName } from '../../lib/vocab';
import { centerMessages } from './messages';

const t = zh(centerMessages);

/**
 * Every application, a page at a time: the server filters, searches and counts (newest change first),
 * so the search finds any application, not only those of one page. The filters and the page are in
 * the URL; the export takes the same filters.
 */
export default function ApplicationsPage() {
  const [params, setParams] = useSearchParams();
  const campaignId = params.get('campaignId') ?? undefined;
  const status = params.get('status') ?? undefined;
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const campaigns = useCampaigns();
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    // a new filter starts again at its first page
    if (k !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  // the page is kept in the address (a new filter drops it, above); q: part of the name, or the start of the USCC
  const { query: list, pagination } = usePagedQuery<ApplicationSummary>(
    ['applications', 'center', 'page'],
    '/applications',
    { campaignId, status, q },
    { page, onPage: (p) => set('page', p > 1 ? String(p) : undefined) },
  );
  const exportQuery = { campaignId, status };
  return (
    <Page
      title={t('listTitle')}
      extra={
        <span className="row gap-8">
          <a className="link-btn" href={downloadHref('/reports/applications.xlsx', exportQuery)}>
            {t('exportXlsx')}
          </a>
          <a className="link-btn" href={downloadHref('/reports/applications.csv', exportQuery)}>
            {t('exportCsv')}
          </a>
        </span>
      }
    >
      <div className="row" role="search" aria-label={t('filter')}>
        <Select
          aria-label={t('campaign')}
          className="w-260"
          value={campaignId ?? ''}
          onChange={(v) => set('campaignId', v || undefined)}
          options={[{ value: '', label: t('campaignAll') }, ...(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.docNumber }))]}
        />
        <Select
          aria-label={t('status')}
          className="w-200"
          value={status ?? ''}
          onChange={(v) => set('status', v || undefined)}
          options={[{ value: '', label: t('statusAll') }, ...APPLICATION_STATUSES.map((s) => ({ value: s, label: applicationStatusLabel(s) }))]}
        />
        <Input.Search
          aria-label={t('search')}
          placeholder={t('search')}
          defaultValue={q}
          allowClear
          onSearch={(v) => set('q', v.trim() || undefined)}
          className="w-260"
        />
      </div>
      <QueryState query={list}>
        {() => (
          <Table
            rowKey="id"
            size="small"
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            pagination={pagination((n) => t('listTotal', { n }))}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('org'),
                render: (_, r) => <Link to={`/app/center/applications/${r.id}`}>{r.organizationName}</Link>,
              },
              { title: t('uscc'), dataIndex: 'uscc', render: (v: string) => <span className="nowrap">{v}</span> },
              {
                title: t('status'),
                render: (_, r) => <ApplicationStatusTag status={r.status} />,
              },
              // shown from 1600 px (and on the case page): at 1366 px the dates stay in view
              { title: t('authority'), dataIndex: 'industryAuthority', responsive: ['xxl'] },
              { title: t('items'), dataIndex: 'itemCount' },
              { title: t('districts'), render: (_, r) => r.districts.map((d) => districtName(d)).join('、') },
              {
                title: t('submittedAt'),
                render: (_, r) => <span className="nowrap">{formatDateTime(r.submittedAt)}</span>,
              },
              { title: t('correctionDueOn'), render: (_, r) => <span className="nowrap">{formatDate(r.correctionDueOn)}</span> },
              {
                title: t('updatedAt'),
                render: (_, r) => <span className="nowrap">{formatDateTime(r.updatedAt)}</span>,
              },
            ]}
          />
        )}
      </QueryState>
    </Page>
  );
}
