import { Alert, Button, Card, Checkbox, Form, Input, Table } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { CLAUSE, useConfirm } from '../../components/ConfirmAction';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryState } from '../../components/QueryState';
import { Chip } from '../../components/StatusTag';
import { zh } from '../../lib/i18n';
import { formatDate, shanghaiDate } from '../../lib/format';
import { applyProblemToForm } from '../../lib/problem';
import { useCampaigns, useClock } from '../../lib/queries';
import { get } from '../../lib/api';
import type { WorkingDays } from '../../lib/types';
import { levelsShort } from '../../lib/vocab';
import { createPublicity, fetchAllItems, usePublicities } from './api';
import { centerMessages } from './messages';

const t = zh(centerMessages);
/** A checkbox group's rule (not `required`: antd would put aria-required on the group, which ARIA does not allow there). */
const atLeastOne = (message: string) => ({
  validator: async (_: unknown, v: unknown[] | undefined) => {
    if (!v?.length) throw new Error(message);
  },
});

/** The period a notice published now would run: the server's working-day calendar, from today (Shanghai, business clock). */
function usePeriodPreview(days: number | undefined) {
  const clock = useClock();
  const today = clock.data ? shanghaiDate(clock.data.now) : undefined;
  return useQuery({
    queryKey: ['working-days', today, days],
    enabled: !!today && !!days,
    queryFn: () => get<WorkingDays>('/calendar/working-days', { from: today!, count: days! }),
  });
}

function NewPublicity() {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const campaigns = useCampaigns();
  const [form] = Form.useForm<{ title: string; applicationItemIds: string[] }>();
  // every approved item across applications, from the item-level list (no request per application)
  const details = useQuery({
    queryKey: ['applications', 'center', 'approved-items'],
    queryFn: () => fetchAllItems({ status: 'approved', sort: 'organizationName' }),
  });
  const approved = (details.data ?? []).map((i) => ({ ...i, org: i.organizationName }));
  const picked = (Form.useWatch('applicationItemIds', form) as string[] | undefined) ?? [];
  // a notice of items from several calls runs for the longest period any of them sets (三(五))
  const days = picked.length
    ? Math.max(...approved.filter((i) => picked.includes(i.id)).map((i) => campaigns.data?.find((c) => c.id === i.campaignId)?.rules.publicityWorkingDays ?? 5))
    : undefined;
  const preview = usePeriodPreview(days);
  const create = useMutation({
    mutationFn: createPublicity,
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['publicities'] });
      void qc.invalidateQueries({ queryKey: ['applications'] });
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  const label = (i: (typeof approved)[number]) => `${i.org} — ${i.name}（${levelsShort(i.levels)}）`;
  const ask = (v: { title: string; applicationItemIds: string[] }) => {
    const p = preview.data;
    const from = formatDate(p?.days[0]);
    const to = formatDate(p?.endsOn);
    confirm({
      title: t('pubConfirm', { title: v.title.trim() }),
      what: t('pubWhat', { from, to, n: days ?? '' }),
      items: approved.filter((i) => v.applicationItemIds.includes(i.id)).map(label),
      consequence: t('pubConsequence'),
      clause: CLAUSE.publicity,
      okText: t('pubCreate'),
      run: () => create.mutateAsync(v),
    });
  };
  return (
    <Card title={<h2 className="card-title">{t('pubNew')}</h2>}>
      {/* outside the form: publishing empties the list of approved items, and the form with it */}
      {create.data ? (
        <Alert
          type="success"
          showIcon
          role="status"
          className="mb-12"
          title={t('pubCreated', { from: formatDate(create.data.startsOn), to: formatDate(create.data.endsOn) })}
        />
      ) : null}
      <QueryState query={details}>
        {() =>
          approved.length === 0 ? (
            <p className="muted">{t('pubNoItems')}</p>
          ) : (
            <Form form={form} layout="vertical" onFinish={ask} initialValues={{ title: t('pubDefaultTitle'), applicationItemIds: [] }}>
              <Form.Item name="title" label={t('pubName')} rules={[{ required: true, whitespace: true, message: t('pubName') }]}>
                <Input maxLength={300} />
              </Form.Item>
              <Form.Item label={t('pubItems')} required className="mb-0">
                <Checkbox
                  checked={picked.length === approved.length}
                  indeterminate={picked.length > 0 && picked.length < approved.length}
                  onChange={(e) => form.setFieldValue('applicationItemIds', e.target.checked ? approved.map((i) => i.id) : [])}
                >
                  {t('pubAll')}
                </Checkbox>
              </Form.Item>
              <Form.Item name="applicationItemIds" rules={[atLeastOne(t('pubItemsRequired'))]}>
                <Checkbox.Group aria-label={t('pubItems')} className="check-column" options={approved.map((i) => ({ value: i.id, label: label(i) }))} />
              </Form.Item>
              {days ? (
                <div role="status" className="mb-12">
                  {preview.data ? (
                    <>
                      <div>{t('pubPreview', { from: formatDate(preview.data.days[0]), to: formatDate(preview.data.endsOn), n: days })}</div>
                      {preview.data.skipped.length ? (
                        <div className="muted">
                          {t('pubPreviewSkipped', { days: preview.data.skipped.map((d) => `${formatDate(d.date)}（${d.reason}）`).join('、') })}
                        </div>
                      ) : null}
                    </>
                  ) : preview.error ? (
                    <ProblemAlert error={preview.error} />
                  ) : (
                    t('pubPreviewLoading')
                  )}
                </div>
              ) : null}
              {create.error ? (
                <div className="mb-12">
                  <ProblemAlert error={create.error} />
                </div>
              ) : null}
              <Button type="primary" htmlType="submit" loading={create.isPending} disabled={!!days && !preview.data}>
                {t('pubCreate')}
              </Button>
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
      <Card title={<h2 className="card-title">{t('pubList')}</h2>}>
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
