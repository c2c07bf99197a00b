import { Card, Col, Row, Select, Statistic, Table } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { Bars } from '../../components/Bars';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { Chip } from '../../components/StatusTag';
import { zh } from '../../lib/i18n';
import { formatDate, formatDateTime, shanghaiDate } from '../../lib/format';
import { useCampaigns, useClock } from '../../lib/queries';
import type { UpcomingDeadline } from '../../lib/types';
import { applicationStatusLabel, districtName, itemStatusLabel } from '../../lib/vocab';
import { useObjections, useStatistics, useSubmittedFirst } from './api';
import { centerMessages } from './messages';

const t = zh(centerMessages);

interface Due {
  key: string;
  label: string;
  dueOn: string;
  /** working days left, counted by the server's calendar (absent when a year in between is not loaded) */
  left?: number;
  to?: string;
}

/** An open statutory deadline as a line of the list (补正, 项目评估, 公示结束). */
function dueOf(d: UpcomingDeadline): Due {
  return { ...lineOf(d), dueOn: d.dueOn, ...(d.workingDaysLeft === undefined ? {} : { left: d.workingDaysLeft }) };
}

function lineOf(d: UpcomingDeadline): Omit<Due, 'dueOn' | 'left'> {
  switch (d.kind) {
    case 'correction':
      return {
        key: `c-${d.applicationId}`,
        label: t('dueCorrection', { org: d.organizationName }),
        to: `/app/center/applications/${d.applicationId}`,
      };
    case 'project_evaluation':
      return {
        key: `p-${d.applicationItemId}`,
        label: t('dueProject', { org: d.organizationName, item: d.itemName }),
        to: `/app/center/applications/${d.applicationId}`,
      };
    case 'publicity_end':
      return { key: `n-${d.publicityId}`, label: t('duePublicity', { title: d.title }), to: '/app/center/publicities' };
  }
}

/** The centre's overview: every count is computed by the server (GET /statistics), nothing is listed to count it. */
export default function DashboardPage() {
  // one call or all of them; the choice is in the address, so a view can be shared
  const [params, setParams] = useSearchParams();
  const campaignId = params.get('campaignId') ?? undefined;
  const campaigns = useCampaigns();
  const stats = useStatistics(campaignId);
  const clock = useClock();
  const today = shanghaiDate(new Date(Date.now() + (clock.data?.offsetMs ?? 0)));

  const counts = (stats.data?.applications.byStatus ?? []).filter((c) => c.count > 0).map((c) => ({ label: applicationStatusLabel(c.status), value: c.count }));
  const itemCounts = (stats.data?.items.byStatus ?? []).filter((c) => c.count > 0).map((c) => ({ label: itemStatusLabel(c.status), value: c.count }));
  const byDistrict = (stats.data?.byDistrict ?? []).map((d) => ({ label: districtName(d.code) || d.name, value: d.count }));
  // the same occupation in several campaigns (possibly under another number) is one bar
  const byName = new Map<string, number>();
  for (const o of stats.data?.byOccupation ?? []) byName.set(o.name, (byName.get(o.name) ?? 0) + o.count);
  const byOccupation = [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([name, n]) => ({ label: name, value: n }));
  const due = (stats.data?.upcoming ?? []).map(dueOf);
  // 待我处理 (issue 13, point 7): what waits on the centre, counted by the server, each a link to the work
  const submitted = useSubmittedFirst(campaignId);
  const objections = useObjections({ status: 'pending', pageSize: 1 });
  const appCount = (st: string) => stats.data?.applications.byStatus.find((c) => c.status === st)?.count ?? 0;
  const itemCount = (...st: string[]) => (stats.data?.items.byStatus ?? []).filter((c) => st.includes(c.status)).reduce((n, c) => n + c.count, 0);
  const todo = [
    {
      key: 'submitted',
      label: t('todoSubmitted'),
      n: appCount('submitted'),
      to: `/app/center/applications?status=submitted${campaignId ? `&campaignId=${campaignId}` : ''}`,
    },
    {
      key: 'accepted',
      label: t('todoAccepted'),
      n: appCount('accepted'),
      to: `/app/center/applications?status=accepted${campaignId ? `&campaignId=${campaignId}` : ''}`,
    },
    {
      key: 'project',
      label: t('todoProject'),
      n: itemCount('project_evaluation', 'project_submitted'),
      to: '/app/center/projects',
    },
    { key: 'approved', label: t('todoApproved'), n: itemCount('approved'), to: '/app/center/publicities' },
    { key: 'objections', label: t('todoObjections'), n: objections.data?.total ?? 0, to: '/app/center/objections' },
  ];
  const waiting = todo.filter((x) => x.n > 0);

  return (
    <Page title={t('dashTitle')} subtitle={t('dashIntro')}>
      <div className="row" role="search" aria-label={t('filter')}>
        <Select
          aria-label={t('campaign')}
          className="w-260"
          value={campaignId ?? ''}
          onChange={(v) => setParams(v ? { campaignId: v } : {}, { replace: true })}
          options={[{ value: '', label: t('campaignAll') }, ...(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.docNumber }))]}
        />
      </div>
      <QueryState query={stats}>
        {(data) => (
          <>
            <Card title={<h2 className="card-title">{t('todoTitle')}</h2>} extra={<span className="muted">{t('todoIntro')}</span>}>
              {waiting.length === 0 ? (
                <p className="muted m-0">{t('todoNone')}</p>
              ) : (
                <ul className="todo-list m-0 pl-20" aria-label={t('todoTitle')}>
                  {waiting.map((x) => (
                    <li key={x.key}>
                      <Link to={x.to}>{x.label}</Link> <Chip tone="warn">{t('todoCount', { n: x.n })}</Chip>
                    </li>
                  ))}
                </ul>
              )}
              <h3 className="sub-title">{t('newTitle')}</h3>
              {submitted.data && submitted.data.total > submitted.data.items.length ? (
                <p className="mt-0 mb-8">
                  <Link to={`/app/center/applications?status=submitted${campaignId ? `&campaignId=${campaignId}` : ''}`}>
                    {t('newMore', { n: submitted.data.items.length, total: submitted.data.total })}
                  </Link>
                </p>
              ) : null}
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                loading={submitted.isPending}
                dataSource={submitted.data?.items ?? []}
                locale={{ emptyText: t('newNone') }}
                scroll={{ x: 560 }}
                columns={[
                  { title: t('org'), render: (_, r) => <Link to={`/app/center/applications/${r.id}`}>{r.organizationName}</Link> },
                  { title: t('items'), dataIndex: 'itemCount', width: 80 },
                  { title: t('districts'), render: (_, r) => r.districts.map((d) => districtName(d)).join('、') },
                  { title: t('submittedAt'), render: (_, r) => <span className="nowrap">{formatDateTime(r.submittedAt)}</span> },
                ]}
              />
            </Card>
            <Row gutter={[12, 12]}>
              {counts.map((c) => (
                <Col key={c.label} xs={12} sm={8} md={6} lg={4}>
                  <Card size="small">
                    <Statistic title={c.label} value={c.value} />
                  </Card>
                </Col>
              ))}
              <Col xs={12} sm={8} md={6} lg={4}>
                <Card size="small">
                  <Statistic title={t('total')} value={data.applications.total} />
                </Card>
              </Col>
            </Row>
            <Card title={<h2 className="card-title">{t('dueTitle')}</h2>} extra={<span className="muted">{t('dueIntro')}</span>}>
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={due}
                locale={{ emptyText: t('dueNone') }}
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: t('dueKind'), render: (_, d) => (d.to ? <Link to={d.to}>{d.label}</Link> : d.label) },
                  { title: t('dueOn'), render: (_, d) => formatDate(d.dueOn) },
                  {
                    title: t('dueLeft'),
                    render: (_, d) => {
                      if (d.dueOn < today) return <Chip tone="bad">{t('overdue')}</Chip>;
                      if (d.dueOn === today) return <Chip tone="warn">{t('dueToday')}</Chip>;
                      if (d.left === undefined) return <Chip tone="neutral">{t('daysUnknown')}</Chip>;
                      return <Chip tone={d.left <= 2 ? 'warn' : 'neutral'}>{t('daysLeft', { n: d.left })}</Chip>;
                    },
                  },
                ]}
              />
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12} xxl={6}>
                <Card title={<h2 className="card-title">{t('byStatus')}</h2>}>
                  <Bars label={t('byStatus')} data={counts} />
                </Card>
              </Col>
              <Col xs={24} lg={12} xxl={6}>
                <Card title={<h2 className="card-title">{t('byItemStatus')}</h2>}>
                  <Bars label={t('byItemStatus')} data={itemCounts} />
                </Card>
              </Col>
              <Col xs={24} lg={12} xxl={6}>
                <Card title={<h2 className="card-title">{t('byDistrict')}</h2>}>
                  <Bars label={t('byDistrict')} data={byDistrict} />
                </Card>
              </Col>
              <Col xs={24} lg={12} xxl={6}>
                <Card title={<h2 className="card-title">{t('byOccupation')}</h2>}>
                  <Bars label={t('byOccupation')} data={byOccupation} />
                </Card>
              </Col>
            </Row>
          </>
        )}
      </QueryState>
    </Page>
  );
}
