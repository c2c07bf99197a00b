import { Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ItemStatusTag } from '../../components/StatusTag';
import { get } from '../../lib/api';
import { zh } from '../../lib/i18n';
import type { Application, ApplicationSummary, Paged } from '../../lib/types';
import { levelsShort } from '../../lib/vocab';
import { bureauMessages } from './messages';

const t = zh(bureauMessages);

/** Items that passed project evaluation and wait for the bureau's consent, across applications. */
export default function ApprovalQueuePage() {
  const queue = useQuery({
    queryKey: ['applications', 'bureau', 'queue'],
    queryFn: async () => {
      const list = await get<Paged<ApplicationSummary>>('/applications', { status: 'institution_passed', pageSize: 200 });
      const details = await Promise.all(list.items.map((a) => get<Application>(`/applications/${a.id}`)));
      return details.flatMap((a) => a.items.filter((i) => i.status === 'project_passed').map((i) => ({ key: i.id, appId: a.id, org: a.organization.name, item: i })));
    },
  });
  return (
    <Page title={t('queueTitle')} subtitle={t('queueIntro')}>
      <QueryState query={queue}>
        {(rows) => (
          <Table
            rowKey="key"
            size="small"
            dataSource={rows}
            locale={{ emptyText: t('none') }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('org'), dataIndex: 'org' },
              { title: t('item'), render: (_, r) => r.item.name },
              { title: t('levels'), render: (_, r) => levelsShort(r.item.levels) },
              { title: t('status'), render: (_, r) => <ItemStatusTag status={r.item.status} /> },
              { title: t('open'), render: (_, r) => <Link to={`/app/bureau/applications/${r.appId}`} aria-label={`${t('open')} ${r.org} ${r.item.name}`}>{t('open')}</Link> },
            ]}
          />
        )}
      </QueryState>
    </Page>
  );
}
