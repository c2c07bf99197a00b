import { Segmented, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ApplicationStatusTag } from '../../components/StatusTag';
import { get } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDateTime } from '../../lib/format';
import { useSession } from '../../lib/session';
import type { ApplicationSummary, Paged } from '../../lib/types';
import { districtName } from '../../lib/vocab';
import { recommenderMessages } from './messages';

const t = zh(recommenderMessages);

/** The applications naming this authority, or with a site in this district (the API scopes the list). */
export default function QueuePage() {
  const session = useSession();
  const user = session.data?.user;
  const [params, setParams] = useSearchParams();
  const filter = params.get('status') === 'all' ? 'all' : 'awaiting_recommendation';
  const list = useQuery({
    queryKey: ['applications', { scope: 'recommender', filter }],
    queryFn: () => get<Paged<ApplicationSummary>>('/applications', filter === 'all' ? { pageSize: 200 } : { status: 'awaiting_recommendation', pageSize: 200 }),
  });
  return (
    <Page
      title={t('queueTitle')}
      subtitle={
        <>
          {t('queueIntro')}{' '}
          {user?.role === 'industry_authority' ? t('scopeAuthority', { name: user.authority ?? '' }) : t('scopeDistrict', { name: districtName(user?.district) })}
        </>
      }
    >
      <Segmented
        aria-label={t('filter')}
        value={filter}
        onChange={(v) => setParams(v === 'all' ? { status: 'all' } : {})}
        options={[{ value: 'awaiting_recommendation', label: t('filterPending') }, { value: 'all', label: t('filterAll') }]}
      />
      <QueryState query={list}>
        {(data) => (
          <Table
            rowKey="id"
            size="small"
            dataSource={data.items}
            locale={{ emptyText: t('none') }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('org'), render: (_, r) => <Link to={`/app/recommend/${r.id}`}>{r.organizationName}</Link> },
              { title: t('uscc'), dataIndex: 'uscc' },
              { title: t('status'), render: (_, r) => <ApplicationStatusTag status={r.status} /> },
              { title: t('items'), dataIndex: 'itemCount' },
              { title: t('districts'), render: (_, r) => r.districts.map((d) => districtName(d)).join('、') },
              { title: t('updatedAt'), render: (_, r) => formatDateTime(r.updatedAt), sorter: (a, b) => a.updatedAt.localeCompare(b.updatedAt) },
              { title: t('open'), render: (_, r) => <Link to={`/app/recommend/${r.id}`} aria-label={`${t('open')} ${r.organizationName}`}>{t('open')}</Link> },
            ]}
          />
        )}
      </QueryState>
    </Page>
  );
}
