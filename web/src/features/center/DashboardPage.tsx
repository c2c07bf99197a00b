import { Card, Col, Row, Statistic, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { APPLICATION_STATUSES } from '../../../../contract/enums';
import { Bars } from '../../components/Bars';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { Chip } from '../../components/StatusTag';
import { zh } from '../../lib/i18n';
import { formatDate, shanghaiDate } from '../../lib/format';
import { useClock } from '../../lib/queries';
import { useCalendarYears, workingDaysUntil } from '../../lib/workdays';
import { applicationStatusLabel, districtName } from '../../lib/vocab';
import { fetchDetails, useAllApplications, usePublicities } from './api';
import { centerMessages } from './messages';

const t = zh(centerMessages);

interface Due {
  key: string;
  label: string;
  dueOn: string;
  to?: string;
}

export default function DashboardPage() {
  const apps = useAllApplications();
  const publicities = usePublicities();
  const clock = useClock();
  const today = shanghaiDate(new Date(Date.now() + (clock.data?.offsetMs ?? 0)));
  const year = Number(today.slice(0, 4));
  const cal = useCalendarYears([year, year + 1]);
  const active = (apps.data?.items ?? []).filter((a) => a.status !== 'draft');
  const details = useQuery({
    queryKey: ['applications', 'center', 'details', active.map((a) => `${a.id}:${a.updatedAt}`).join(',')],
    queryFn: () => fetchDetails(active.map((a) => a.id)),
    enabled: !!apps.data,
  });

  const counts = APPLICATION_STATUSES.map((s) => ({ label: applicationStatusLabel(s), value: (apps.data?.items ?? []).filter((a) => a.status === s).length }));
  const byDistrict = new Map<string, number>();
  for (const a of active) for (const d of a.districts) byDistrict.set(d, (byDistrict.get(d) ?? 0) + 1);
  const byOccupation = new Map<string, number>();
  for (const a of details.data ?? []) for (const i of a.items) byOccupation.set(i.name, (byOccupation.get(i.name) ?? 0) + 1);

  const due: Due[] = [];
  for (const a of apps.data?.items ?? []) {
    if (a.status === 'returned' && a.correctionDueOn) due.push({ key: `c-${a.id}`, label: t('dueCorrection', { org: a.organizationName }), dueOn: a.correctionDueOn, to: `/app/center/applications/${a.id}` });
  }
  for (const a of details.data ?? []) {
    for (const i of a.items) {
      if (i.status === 'project_evaluation' && i.projectEvaluationDueOn) {
        due.push({ key: `p-${i.id}`, label: t('dueProject', { org: a.organization.name, item: i.name }), dueOn: i.projectEvaluationDueOn, to: `/app/center/applications/${a.id}` });
      }
    }
  }
  for (const p of publicities.data ?? []) if (p.open) due.push({ key: `n-${p.id}`, label: t('duePublicity', { title: p.title }), dueOn: p.endsOn, to: '/app/center/publicities' });
  due.sort((a, b) => a.dueOn.localeCompare(b.dueOn));

  return (
    <Page title={t('dashTitle')} subtitle={t('dashIntro')}>
      <QueryState query={apps}>
        {(data) => (
          <>
            <Row gutter={[12, 12]}>
              {counts.filter((c) => c.value > 0).map((c) => (
                <Col key={c.label} xs={12} sm={8} md={6} lg={4}>
                  <Card size="small">
                    <Statistic title={c.label} value={c.value} />
                  </Card>
                </Col>
              ))}
              <Col xs={12} sm={8} md={6} lg={4}>
                <Card size="small">
                  <Statistic title={t('total')} value={data.total} />
                </Card>
              </Col>
            </Row>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dueTitle')}</h2>} extra={<span className="muted">{t('dueIntro')}</span>}>
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
                      const n = workingDaysUntil(today, d.dueOn, cal.overrides);
                      return <Chip tone={n <= 2 ? 'warn' : 'neutral'}>{t('daysLeft', { n })}</Chip>;
                    },
                  },
                ]}
              />
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={8}>
                <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('byStatus')}</h2>}>
                  <Bars label={t('byStatus')} data={counts.filter((c) => c.value > 0)} />
                </Card>
              </Col>
              <Col xs={24} lg={8}>
                <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('byDistrict')}</h2>}>
                  <Bars label={t('byDistrict')} data={[...byDistrict].sort((a, b) => b[1] - a[1]).map(([d, n]) => ({ label: districtName(d), value: n }))} />
                </Card>
              </Col>
              <Col xs={24} lg={8}>
                <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('byOccupation')}</h2>}>
                  <Bars label={t('byOccupation')} data={[...byOccupation].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, n]) => ({ label: name, value: n }))} />
                </Card>
              </Col>
            </Row>
          </>
        )}
      </QueryState>
    </Page>
  );
}
