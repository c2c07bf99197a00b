import { Alert, Button, Card, Form, Input, Select, Table } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { objectionInput } from '../../../../contract/publicity';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryState } from '../../components/QueryState';
import { Chip, ItemStatusTag } from '../../components/StatusTag';
import { get, post } from '../../lib/api';
import { useLang, useT } from '../../lib/i18n';
import { formatDate } from '../../lib/format';
import { applyProblemToForm } from '../../lib/problem';
import { zodRule } from '../../lib/validation';
import type { ObjectionInput, Publicity } from '../../lib/types';
import { levelsShort } from '../../lib/vocab';
import { publicityMessages } from './messages';

export default function PublicityDetailPage() {
  const { id } = useParams();
  const t = useT(publicityMessages);
  const { lang } = useLang();
  const q = useQuery({ queryKey: ['public-publicity', id], queryFn: () => get<Publicity>(`/public/publicities/${id}`) });
  const [form] = Form.useForm<ObjectionInput>();
  const [reference, setReference] = useState('');
  const send = useMutation({
    mutationFn: (body: ObjectionInput) => post<{ id: string; reference: string }>(`/public/publicities/${id}/objections`, body),
    onSuccess: (r) => {
      setReference(r.reference);
      form.resetFields(['content']);
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  return (
    <QueryState query={q}>
      {(p) => (
        <Page
          title={p.title}
          subtitle={t('period', { from: formatDate(p.startsOn, lang), to: formatDate(p.endsOn, lang) })}
          extra={<Chip tone={p.open ? 'good' : 'neutral'}>{p.open ? t('open') : t('closed')}</Chip>}
        >
          {p.skipped && p.skipped.length > 0 ? (
            <p className="muted" style={{ margin: 0 }}>
              {t('skipped', { days: p.skipped.map((s) => `${formatDate(s.date, lang)}（${s.reason}）`).join('、') })}
            </p>
          ) : null}
          <Table
            rowKey="applicationItemId"
            size="small"
            pagination={false}
            dataSource={p.items}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('org'), dataIndex: 'organizationName' },
              { title: t('uscc'), dataIndex: 'uscc' },
              { title: t('item'), dataIndex: 'itemName' },
              { title: t('levels'), render: (_, r) => levelsShort(r.levels, lang) },
              { title: t('status'), render: (_, r) => <ItemStatusTag status={r.status} /> },
            ]}
          />
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('objectTitle')}</h2>}>
            {!p.open ? (
              <Alert type="info" showIcon title={t('objectClosed')} />
            ) : (
              <Form
                form={form}
                layout="vertical"
                onFinish={(v) => send.mutate(v)}
                style={{ maxWidth: 640 }}
                initialValues={{ applicationItemId: p.items.length === 1 ? p.items[0]!.applicationItemId : undefined }}
              >
                <p className="muted">{t('objectIntro')}</p>
                <Form.Item name="applicationItemId" label={t('objectItem')} rules={[{ required: true, message: t('required', { field: t('objectItem') }) }]}>
                  <Select options={p.items.map((i) => ({ value: i.applicationItemId, label: `${i.organizationName} — ${i.itemName}` }))} />
                </Form.Item>
                <Form.Item
                  name="name"
                  label={t('name')}
                  rules={[
                    { required: true, whitespace: true, message: t('required', { field: t('name') }) },
                    zodRule(objectionInput.shape.name, t('required', { field: t('name') })),
                  ]}
                >
                  <Input autoComplete="name" maxLength={50} />
                </Form.Item>
                <Form.Item
                  name="phone"
                  label={t('phone')}
                  rules={[
                    { required: true, message: t('required', { field: t('phone') }) },
                    zodRule(objectionInput.shape.phone, t('required', { field: t('phone') })),
                  ]}
                >
                  <Input autoComplete="tel" inputMode="tel" maxLength={20} />
                </Form.Item>
                <Form.Item
                  name="content"
                  label={t('content')}
                  rules={[{ required: true, min: 5, whitespace: true, message: t('required', { field: t('content') }) }]}
                >
                  <Input.TextArea rows={4} maxLength={5000} showCount />
                </Form.Item>
                {send.error ? <ProblemAlert error={send.error} /> : null}
                {reference ? <Alert type="success" showIcon role="status" title={t('submitted', { ref: reference })} style={{ marginBottom: 12 }} /> : null}
                <Button type="primary" htmlType="submit" loading={send.isPending}>
                  {t('submit')}
                </Button>
              </Form>
            )}
          </Card>
          <Link to="/publicity">{t('back')}</Link>
        </Page>
      )}
    </QueryState>
  );
}
