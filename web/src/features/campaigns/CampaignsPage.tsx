import { Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Table } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useConfirm } from '../../components/ConfirmAction';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryState } from '../../components/QueryState';
import { post } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDate, shanghaiDate } from '../../lib/format';
import { applyProblemToForm } from '../../lib/problem';
import { keys, useCampaignItems, useCampaigns } from '../../lib/queries';
import type { Campaign, CampaignInput, CampaignRules } from '../../lib/types';
import { CatalogueEditor } from './CatalogueEditor';
import { campaignMessages } from './messages';

const t = zh(campaignMessages);
const RULE_KEYS: (keyof CampaignRules)[] = [
  'publicityWorkingDays',
  'projectEvaluationMonths',
  'cooldownMonths',
  'filingValidityYears',
  'correctionWorkingDays',
  'minExpertReviews',
];
const DEFAULT_RULES: CampaignRules = {
  publicityWorkingDays: 5,
  projectEvaluationMonths: 3,
  cooldownMonths: 12,
  filingValidityYears: 3,
  correctionWorkingDays: 5,
  minExpertReviews: 3,
};

/** A Shanghai date's 00:00, and "24:00 of the last day" = 00:00 of the next day (四(二)). */
const startOf = (d: Dayjs) => `${d.format('YYYY-MM-DD')}T00:00:00+08:00`;
const endOf = (d: Dayjs) => `${d.add(1, 'day').format('YYYY-MM-DD')}T00:00:00+08:00`;
const lastDay = (c: Campaign) => shanghaiDate(new Date(Date.parse(c.closesAt) - 1));

function Extend({ campaign, onClose }: { campaign: Campaign; onClose: () => void }) {
  const qc = useQueryClient();
  const [form] = Form.useForm<{ last: Dayjs; reason: string }>();
  const confirm = useConfirm();
  const extend = useMutation({
    mutationFn: (v: { last: Dayjs; reason: string }) => post<Campaign>(`/campaigns/${campaign.id}/window`, { closesAt: endOf(v.last), reason: v.reason }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.campaigns });
      onClose();
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  return (
    <Modal open title={t('extendTitle', { doc: campaign.docNumber })} onCancel={onClose} footer={null} destroyOnHidden>
      {/* named: its fields' ids (extend_last) must not repeat the create form's (last), or its labels point there */}
      <Form
        form={form}
        name="extend"
        layout="vertical"
        onFinish={(v) => {
          // restated before it takes effect: the old and the new last day, and whether it is shortened
          const from = lastDay(campaign);
          const to = v.last.format('YYYY-MM-DD');
          confirm({
            title: t('extendConfirm', { doc: campaign.docNumber, date: formatDate(to) }),
            what: t('extendWhat', { from: formatDate(from), to: formatDate(to), reason: v.reason.trim() }),
            consequence: to < from ? t('extendShorter') : t('extendConsequence'),
            okText: to < from ? t('extendShorten') : t('extendOk'),
            danger: to < from,
            run: () => extend.mutateAsync(v),
          });
        }}
      >
        <Form.Item name="last" label={t('newLastDay')} rules={[{ required: true, message: t('required', { field: t('newLastDay') }) }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {extend.error ? (
          <div className="mb-12">
            <ProblemAlert error={extend.error} />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={extend.isPending}>
          {t('confirm')}
        </Button>
      </Form>
    </Modal>
  );
}

function Create({ catalogueCampaign }: { catalogueCampaign?: string }) {
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const items = useCampaignItems(catalogueCampaign);
  const create = useMutation({
    mutationFn: (v: { docNumber: string; title: string; first: Dayjs; last: Dayjs; itemSeqs?: number[]; rules: CampaignRules }) => {
      const body: CampaignInput = {
        docNumber: v.docNumber,
        title: v.title,
        opensAt: startOf(v.first),
        closesAt: endOf(v.last),
        rules: v.rules,
        ...(v.itemSeqs?.length ? { itemSeqs: v.itemSeqs } : {}),
      };
      return post<Campaign>('/campaigns', body);
    },
    onSuccess: () => {
      form.resetFields();
      void qc.invalidateQueries({ queryKey: keys.campaigns });
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  const req = (f: string) => ({ required: true, whitespace: true, message: t('required', { field: f }) });
  return (
    <Card title={<h2 className="card-title">{t('create')}</h2>}>
      <Form form={form} name="create-campaign" layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ rules: DEFAULT_RULES }}>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="docNumber" label={t('docNumber')} rules={[req(t('docNumber'))]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="title" label={t('name')} rules={[req(t('name'))]}>
              <Input maxLength={300} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="first" label={t('firstDay')} rules={[{ required: true, message: t('required', { field: t('firstDay') }) }]}>
              <DatePicker className="w-full" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="last" label={t('lastDay')} rules={[{ required: true, message: t('required', { field: t('lastDay') }) }]}>
              <DatePicker className="w-full" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="itemSeqs" label={t('itemsPick')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('itemsAll')}
                optionFilterProp="label"
                options={(items.data ?? []).map((i) => ({ value: i.seq, label: `${i.seq}. ${i.name}` }))}
              />
            </Form.Item>
          </Col>
          {RULE_KEYS.map((k) => (
            <Col xs={12} md={4} key={k}>
              <Form.Item name={['rules', k]} label={t(k)} rules={[{ required: true }]}>
                <InputNumber min={k === 'cooldownMonths' ? 0 : 1} max={60} className="w-full" />
              </Form.Item>
            </Col>
          ))}
        </Row>
        {create.error ? (
          <div className="mb-12">
            <ProblemAlert error={create.error} />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('create')}
        </Button>
      </Form>
    </Card>
  );
}

export default function CampaignsPage() {
  const campaigns = useCampaigns();
  const [extending, setExtending] = useState<Campaign | null>(null);
  const [cataloguing, setCataloguing] = useState<Campaign | null>(null);
  return (
    <Page title={t('title')} subtitle={t('intro')}>
      <QueryState query={campaigns}>
        {(list) => (
          <Table
            rowKey="id"
            size="small"
            dataSource={list}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('docNumber'), dataIndex: 'docNumber' },
              { title: t('name'), dataIndex: 'title', width: 320 },
              { title: t('window'), render: (_, c) => `${formatDate(shanghaiDate(c.opensAt))} – ${formatDate(lastDay(c))}` },
              {
                title: t('rules'),
                render: (_, c) =>
                  t('rulesText', {
                    p: c.rules.publicityWorkingDays,
                    m: c.rules.projectEvaluationMonths,
                    c: c.rules.cooldownMonths,
                    y: c.rules.filingValidityYears,
                    k: c.rules.correctionWorkingDays,
                    e: c.rules.minExpertReviews,
                  }),
              },
              {
                title: t('actions'),
                render: (_, c) => (
                  <span className="row gap-8">
                    <Link to={`/calls/${c.id}`}>{t('view')}</Link>
                    <Button size="small" onClick={() => setCataloguing(c)} aria-label={`${t('catalogue')} ${c.docNumber}`}>
                      {t('catalogue')}
                    </Button>
                    <Button size="small" onClick={() => setExtending(c)} aria-label={`${t('extend')} ${c.docNumber}`}>
                      {t('extend')}
                    </Button>
                  </span>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      <Create catalogueCampaign={campaigns.data?.find((c) => c.docNumber.includes('270'))?.id ?? campaigns.data?.[0]?.id} />
      {extending ? <Extend campaign={extending} onClose={() => setExtending(null)} /> : null}
      {cataloguing ? <CatalogueEditor campaign={cataloguing} onClose={() => setCataloguing(null)} /> : null}
    </Page>
  );
}
