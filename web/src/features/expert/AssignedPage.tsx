import { Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ApplicationStatusTag } from '../../components/StatusTag';
import { get } from '../../lib/api';
import { zh } from '../../lib/i18n';
import type { ApplicationSummary, Paged } from '../../lib/types';
import { expertMessages } from './messages';

const t = zh(expertMessages);

export default function AssignedPage() {
  const list = useQuery({ queryKey: ['applications', 'expert'], queryFn: () => get<Paged<ApplicationSummary>>('/applications', { pageSize: 200 }) });
  return (
    <Page title={t('listTitle')} subtitle={t('listIntro')}>
      <QueryState query={list}>
        {(data) => (
          <Table
            rowKey="id"
            size="small"
            dataSource={data.items}
            locale={{ emptyText: t('none') }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('org'), render: (_, r) => <Link to={`/app/expert/applications/${r.id}`}>{r.organizationName}</Link> },
              { title: t('status'), render: (_, r) => <ApplicationStatusTag status={r.status} /> },
              { title: t('items'), dataIndex: 'itemCount' },
              { title: t('open'), render: (_, r) => <Link to={`/app/expert/applications/${r.id}`} aria-label={`${t('open')} ${r.organizationName}`}>{t('open')}</Link> },
            ]}
          />
        )}
      </QueryState>
    </Page>
  );
}
