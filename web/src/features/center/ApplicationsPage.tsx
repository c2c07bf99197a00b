import { Input, Select, Table } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { APPLICATION_STATUSES } from '../../../../contract/enums';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ApplicationStatusTag } from '../../components/StatusTag';
import { downloadHref } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDate, formatDateTime } from '../../lib/format';
import { useCampaigns } from '../../lib/queries';
import { applicationStatusLabel, districtName } from '../../lib/vocab';
import { useAllApplications } from './api';
import { centerMessages } from './messages';

const t = zh(centerMessages);

/** Every application, filtered and sorted; the filters are in the URL, and the export takes the same ones. */
export default function ApplicationsPage() {
  const [params, setParams] = useSearchParams();
  const campaignId = params.get('campaignId') ?? undefined;
  const status = params.get('status') ?? undefined;
  const q = params.get('q') ?? '';
  const campaigns = useCampaigns();
  const list = useAllApplications({ campaignId, status });
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const rows = useMemo(() => (list.data?.items ?? []).filter((a) => !q || a.organizationName.includes(q) || a.uscc.includes(q.toUpperCase())), [list.data, q]);
  const exportQuery = { campaignId, status };
  return (
    <Page
      title={t('listTitle')}
      extra={
        <span className="row" style={{ gap: 8 }}>
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
          style={{ width: 260 }}
          value={campaignId ?? ''}
          onChange={(v) => set('campaignId', v || undefined)}
          options={[{ value: '', label: t('campaignAll') }, ...(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.docNumber }))]}
        />
        <Select
          aria-label={t('status')}
          style={{ width: 200 }}
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
          style={{ width: 260 }}
        />
      </div>
      <QueryState query={list}>
        {() => (
          <Table
            rowKey="id"
            size="small"
            dataSource={rows}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('org'),
                sorter: (a, b) => a.organizationName.localeCompare(b.organizationName, 'zh-CN'),
                render: (_, r) => <Link to={`/app/center/applications/${r.id}`}>{r.organizationName}</Link>,
              },
              { title: t('uscc'), dataIndex: 'uscc', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
              {
                title: t('status'),
                sorter: (a, b) => APPLICATION_STATUSES.indexOf(a.status) - APPLICATION_STATUSES.indexOf(b.status),
                render: (_, r) => <ApplicationStatusTag status={r.status} />,
              },
              // shown from 1600 px (and on the case page): at 1366 px the dates stay in view
              { title: t('authority'), dataIndex: 'industryAuthority', responsive: ['xxl'] },
              { title: t('items'), dataIndex: 'itemCount', sorter: (a, b) => a.itemCount - b.itemCount },
              { title: t('districts'), render: (_, r) => r.districts.map((d) => districtName(d)).join('、') },
              {
                title: t('submittedAt'),
                sorter: (a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''),
                defaultSortOrder: 'descend',
                render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.submittedAt)}</span>,
              },
              { title: t('correctionDueOn'), render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(r.correctionDueOn)}</span> },
              {
                title: t('updatedAt'),
                sorter: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
                render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.updatedAt)}</span>,
              },
            ]}
          />
        )}
      </QueryState>
    </Page>
  );
}
