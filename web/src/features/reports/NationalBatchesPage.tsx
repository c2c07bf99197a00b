import { Alert, Table } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { downloadHref, get } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDate, formatDateTime } from '../../lib/format';
import { useSession } from '../../lib/session';
import type { NationalBatchList } from '../../lib/types';
import { CreateBatch } from './CreateBatch';
import { reportsMessages } from './messages';
import './reports.css';

const t = zh(reportsMessages);

/**
 * 报备国家中心: the report batches (GET /reports/national-batches, paged on the server, the page in the
 * address) with each batch's spreadsheet. The centre makes them; the bureau and the administrator read.
 */
export default function NationalBatchesPage() {
  const role = useSession().data?.user.role;
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const list = useQuery({
    queryKey: ['national-batches', page, pageSize],
    queryFn: ({ signal }) => get<NationalBatchList>('/reports/national-batches', { page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Page title={t('title')} subtitle={t('intro')}>
      {role === 'center' ? <CreateBatch /> : <Alert type="info" showIcon title={t('readOnly')} />}
      <section className="stack" aria-labelledby="report-list">
        <h2 id="report-list" className="panel-title">
          {t('listTitle')}
        </h2>
        {list.error ? <ProblemAlert error={list.error} /> : null}
        <div role="status" aria-live="polite" className="muted">
          {list.data ? t('total', { n: list.data.total }) : ''}
        </div>
        <Table
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('none') }}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            onChange: (p, size) => {
              const next = new URLSearchParams(params);
              next.set('page', String(size === pageSize ? p : 1));
              next.set('pageSize', String(size));
              setParams(next);
            },
          }}
          columns={[
            { title: t('createdAt'), render: (_, b) => formatDateTime(b.createdAt) },
            { title: t('period'), render: (_, b) => t('periodText', { from: formatDate(b.from), to: formatDate(b.to) }) },
            { title: t('count'), dataIndex: 'filingCount', align: 'right' },
            { title: t('createdBy'), render: (_, b) => b.createdBy ?? t('unknownUser') },
            {
              title: t('file'),
              render: (_, b) => (
                <a href={downloadHref(`/reports/national-batches/${b.id}.xlsx`)} aria-label={t('downloadLabel', { at: formatDateTime(b.createdAt) })}>
                  {t('download')}
                </a>
              ),
            },
          ]}
        />
      </section>
    </Page>
  );
}
