import { Alert, Button, Card, Checkbox, Form, Input, Table } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryState } from '../../components/QueryState';
import { Chip } from '../../components/StatusTag';
import { zh } from '../../lib/i18n';
import { formatDate } from '../../lib/format';
import { applyProblemToForm } from '../../lib/problem';
import { useCampaigns } from '../../lib/queries';
import { levelsShort } from '../../lib/vocab';
import { createPublicity, fetchDetails, useAllApplications, usePublicities } from './api';
import { centerMessages } from './messages';

const t = zh(centerMessages);

function NewPublicity() {
  const qc = useQueryClient();
  const [form] = Form.useForm<{ title: string; applicationItemIds: string[] }>();
  const passed = useAllApplications({ status: 'institution_passed' });
  const details = useQuery({
    queryKey: ['applications', 'center', 'approved-items', (passed.data?.items ?? []).map((a) => `${a.id}:${a.updatedAt}`).join(',')],
    queryFn: () => fetchDetails((passed.data?.items ?? []).map((a) => a.id)),
    enabled: !!passed.data,
  });
  const approved = (details.data ?? []).flatMap((a) => a.items.filter((i) => i.status === 'approved').map((i) => ({ ...i, org: a.organization.name })));
  const create = useMutation({
    mutationFn: createPublicity,
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['publicities'] });
      void qc.invalidateQueries({ queryKey: ['applications'] });
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('pubNew')}</h2>}>
      {passed.error ? <ProblemAlert error={passed.error} /> : null}
      {/* outside the form: publishing empties the list of approved items, and the form with it */}
      {create.data ? <Alert type="success" showIcon role="status" style={{ marginBottom: 12 }} title={t('pubCreated', { from: formatDate(create.data.startsOn), to: formatDate(create.data.endsOn) })} /> : null}
      <QueryState query={details}>
        {() =>
          approved.length === 0 ? (
            <p className="muted">{t('pubNoItems')}</p>
          ) : (
            <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ title: t('pubDefaultTitle'), applicationItemIds: approved.map((i) => i.id) }}>
              <Form.Item name="title" label={t('pubName')} rules={[{ required: true, whitespace: true, message: t('pubName') }]}>
                <Input maxLength={300} />
              </Form.Item>
              <Form.Item name="applicationItemIds" label={t('pubItems')} rules={[{ required: true, message: t('pubItems') }]}>
                <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 4 }} options={approved.map((i) => ({ value: i.id, label: `${i.org} — ${i.name}（${levelsShort(i.levels)}）` }))} />
              </Form.Item>
              {create.error ? <div style={{ marginBottom: 12 }}><ProblemAlert error={create.error} /></div> : null}
              <Button type="primary" htmlType="submit" loading={create.isPending}>{t('pubCreate')}</Button>
            </Form>
          )
        }
      </QueryState>
    </Card>
  );
}

export default function PublicitiesPage() {
  const list = usePublicities();
  const campaigns = useCampaigns();
  const days = campaigns.data?.[0]?.rules.publicityWorkingDays ?? 5;
  return (
    <Page title={t('pubTitle')} subtitle={t('pubIntro', { n: days })}>
      <NewPublicity />
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('pubList')}</h2>}>
        <QueryState query={list}>
          {(data) => (
            <Table
              rowKey="id"
              size="small"
              dataSource={data}
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('pubName'), dataIndex: 'title' },
                { title: t('pubPeriod'), render: (_, p) => `${formatDate(p.startsOn)} – ${formatDate(p.endsOn)}` },
                { title: t('status'), render: (_, p) => <Chip tone={p.open ? 'good' : 'neutral'}>{p.open ? t('pubOpen') : t('pubClosed')}</Chip> },
                { title: t('pubCount'), render: (_, p) => p.items.length },
                { title: t('pubView'), render: (_, p) => <Link to={`/publicity/${p.id}`}>{t('pubView')}</Link> },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </Page>
  );
}
