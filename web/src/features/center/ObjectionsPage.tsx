import { Button, Form, Input, Modal, Radio, Segmented, Table } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CLAUSE, useConfirm } from '../../components/ConfirmAction';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryState } from '../../components/QueryState';
import { Chip } from '../../components/StatusTag';
import { zh } from '../../lib/i18n';
import { formatDateTime } from '../../lib/format';
import { usePagedQuery } from '../../lib/paged';
import { applyProblemToForm } from '../../lib/problem';
import type { Objection } from '../../lib/types';
import { resolveObjection } from './api';
import { centerMessages } from './messages';

const t = zh(centerMessages);

function Resolve({ objection, onClose }: { objection: Objection; onClose: () => void }) {
  const qc = useQueryClient();
  const [form] = Form.useForm<{ decision: 'upheld' | 'dismissed'; reason: string }>();
  const confirm = useConfirm();
  const decision = Form.useWatch('decision', form) as 'upheld' | 'dismissed' | undefined;
  const ask = (v: { decision: 'upheld' | 'dismissed'; reason: string }) => {
    const d = v.decision === 'upheld' ? t('upheld') : t('dismissed');
    confirm({
      title: t('objConfirm', { decision: d }),
      what: t('objWhat', { ref: objection.reference, item: `${objection.organizationName} — ${objection.itemName}`, decision: d, reason: v.reason.trim() }),
      consequence: v.decision === 'upheld' ? t('objUpheldConsequence') : t('objDismissedConsequence'),
      clause: CLAUSE.publicity,
      okText: d,
      danger: v.decision === 'upheld',
      run: () => resolve.mutateAsync(v),
    });
  };
  const resolve = useMutation({
    mutationFn: (v: { decision: 'upheld' | 'dismissed'; reason: string }) => resolveObjection(objection.id, v),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['objections'] });
      void qc.invalidateQueries({ queryKey: ['publicities'] });
      onClose();
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  return (
    <Modal open title={`${t('objResolve')}：${objection.reference}`} onCancel={onClose} footer={null} destroyOnHidden>
      <p>
        <strong>
          {objection.organizationName} — {objection.itemName}
        </strong>
      </p>
      <p>{objection.content}</p>
      <Form form={form} layout="vertical" onFinish={ask}>
        <Form.Item name="decision" label={t('decision')} rules={[{ required: true, message: t('objDecisionRequired') }]}>
          <Radio.Group
            options={[
              { value: 'dismissed', label: t('dismissed') },
              { value: 'upheld', label: t('upheld') },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('objReason')} rules={[{ required: true, whitespace: true, message: t('objReasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {resolve.error ? (
          <div className="mb-12">
            <ProblemAlert error={resolve.error} />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={resolve.isPending} danger={decision === 'upheld'}>
          {decision === 'upheld' ? t('upheld') : decision === 'dismissed' ? t('dismissed') : t('objSubmitNone')}
        </Button>
      </Form>
    </Modal>
  );
}

export default function ObjectionsPage() {
  const [filter, setFilter] = useState<'pending' | 'all'>('pending');
  const [q, setQ] = useState('');
  const { query: list, pagination } = usePagedQuery<Objection>(['objections', 'page'], '/objections', {
    status: filter === 'pending' ? 'pending' : undefined,
    q,
  });
  const [open, setOpen] = useState<Objection | null>(null);
  const label = { pending: t('pending'), upheld: t('upheld'), dismissed: t('dismissed') } as const;
  return (
    <Page title={t('objTitle')} subtitle={t('objIntro')}>
      <div className="row" role="search" aria-label={t('filter')}>
        <Segmented
          aria-label={t('objFilter')}
          value={filter}
          onChange={(v) => setFilter(v as 'pending' | 'all')}
          options={[
            { value: 'pending', label: t('objPending') },
            { value: 'all', label: t('objAll') },
          ]}
        />
        <Input.Search className="w-260" allowClear aria-label={t('objSearch')} placeholder={t('objSearch')} onSearch={(v) => setQ(v.trim())} />
      </div>
      <QueryState query={list}>
        {(data) => (
          <Table
            rowKey="id"
            size="small"
            dataSource={data.items}
            locale={{ emptyText: q ? t('objNoneFound') : t('objNone') }}
            loading={list.isFetching}
            pagination={pagination((n) => t('objTotal', { n }))}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('objRef'), dataIndex: 'reference' },
              { title: t('objItem'), render: (_, o) => `${o.organizationName} — ${o.itemName}` },
              { title: t('objBy'), render: (_, o) => `${o.name} ${o.phone}` },
              {
                title: t('objContent'),
                dataIndex: 'content',
                width: 320,
                render: (v: string) => <div className="wrap minw-240">{v}</div>,
              },
              { title: t('objAt'), render: (_, o) => formatDateTime(o.createdAt) },
              {
                title: t('objStatus'),
                render: (_, o) => <Chip tone={o.status === 'pending' ? 'warn' : o.status === 'upheld' ? 'bad' : 'good'}>{label[o.status]}</Chip>,
              },
              {
                title: t('objResolve'),
                render: (_, o) =>
                  o.status === 'pending' ? (
                    <Button size="small" onClick={() => setOpen(o)} aria-label={`${t('objResolve')} ${o.reference}`}>
                      {t('objResolve')}
                    </Button>
                  ) : (
                    o.reason
                  ),
              },
            ]}
          />
        )}
      </QueryState>
      {open ? <Resolve objection={open} onClose={() => setOpen(null)} /> : null}
    </Page>
  );
}
