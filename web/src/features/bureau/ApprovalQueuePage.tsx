import { Button, Card, Form, Input, Table, Tabs } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { BatchProgress, CLAUSE, useBatch, useConfirm } from '../../components/ConfirmAction';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ItemStatusTag } from '../../components/StatusTag';
import { zh } from '../../lib/i18n';
import { levelsShort } from '../../lib/vocab';
import { approve, useApprovalQueue, type ApprovalDecision, type QueueRow } from './api';
import { bureauMessages } from './messages';

const t = zh(bureauMessages);

const rowLabel = (r: QueueRow) => `${r.org} — ${r.item.name}（${levelsShort(r.item.levels)}）`;

/**
 * Items that passed project evaluation and wait for the bureau's consent, across applications
 * (待我审批), apart from those already decided (已审批). Several can be decided at once: ticked in
 * the table, one confirmation listing them, then one request each with its own outcome.
 */
export default function ApprovalQueuePage() {
  const queue = useApprovalQueue();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'done' ? 'done' : 'pending';
  const [selected, setSelected] = useState<string[]>([]);
  const [form] = Form.useForm<{ comment?: string }>();
  // each item carries the decision and comment it is sent with (the confirmation runs later)
  const batch = useBatch((r: QueueRow & { label: string; decision: ApprovalDecision; comment: string }) =>
    approve(r.item.id, { decision: r.decision, comment: r.comment }),
  );
  const pending = queue.data?.pending ?? [];
  const chosen = pending.filter((r) => selected.includes(r.key));

  const ask = (d: ApprovalDecision) => {
    if (chosen.length === 0) {
      form.setFields([{ name: 'comment', errors: [t('batchPickFirst')] }]);
      return;
    }
    const comment = (form.getFieldValue('comment') as string | undefined)?.trim() ?? '';
    if (d === 'reject' && comment.length === 0) {
      form.setFields([{ name: 'comment', errors: [t('batchCommentRequired')] }]);
      return;
    }
    form.setFields([{ name: 'comment', errors: [] }]);
    const rows = chosen.map((r) => ({ ...r, label: rowLabel(r), decision: d, comment }));
    confirm({
      title: d === 'approve' ? t('batchApproveConfirm', { n: rows.length }) : t('batchRejectConfirm', { n: rows.length }),
      what: d === 'approve' ? t('batchApproveWhat') : t('batchRejectWhat', { comment }),
      items: rows.map((r) => r.label),
      consequence: d === 'approve' ? t('approveConsequence') : t('rejectConsequence'),
      clause: CLAUSE.approval,
      okText: d === 'approve' ? t('batchApprove', { n: rows.length }) : t('batchReject', { n: rows.length }),
      danger: d === 'reject',
      run: async () => {
        await batch.run(rows);
        setSelected([]);
        form.resetFields();
        await qc.invalidateQueries({ queryKey: ['applications'] });
      },
    });
  };

  const columns = [
    { title: t('org'), render: (_: unknown, r: QueueRow) => r.org },
    { title: t('item'), render: (_: unknown, r: QueueRow) => r.item.name },
    { title: t('levels'), render: (_: unknown, r: QueueRow) => levelsShort(r.item.levels) },
    { title: t('status'), render: (_: unknown, r: QueueRow) => <ItemStatusTag status={r.item.status} /> },
    {
      title: t('open'),
      render: (_: unknown, r: QueueRow) => (
        <Link to={`/app/bureau/applications/${r.appId}`} aria-label={`${t('open')} ${r.org} ${r.item.name}`}>
          {t('open')}
        </Link>
      ),
    },
  ];

  return (
    <Page title={t('queueTitle')} subtitle={t('queueIntro')}>
      <QueryState query={queue}>
        {(data) => (
          <Tabs
            aria-label={t('tabs')}
            activeKey={tab}
            onChange={(k) => setParams(k === 'done' ? { tab: 'done' } : {}, { replace: true })}
            items={[
              {
                key: 'pending',
                label: t('tabPending', { n: data.pending.length }),
                children: (
                  <div className="stack">
                    {/* scrolled by its box, not antd's scroll.x: that adds an aria-hidden measuring row holding the selection checkbox (axe: aria-hidden-focus) */}
                    <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('itemsTitle')}>
                      <Table
                        rowKey="key"
                        size="small"
                        style={{ minWidth: 560 }}
                        dataSource={data.pending}
                        pagination={false}
                        locale={{ emptyText: t('none') }}
                        rowSelection={{
                          selectedRowKeys: selected,
                          onChange: (keys) => setSelected(keys as string[]),
                          getCheckboxProps: (r: QueueRow) => ({ 'aria-label': t('selectRow', { org: r.org, item: r.item.name }) }),
                        }}
                        columns={columns}
                      />
                    </div>
                    {data.pending.length > 0 || batch.state ? (
                      <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('batchTitle')}</h2>}>
                        <p className="muted" style={{ marginTop: 0 }}>
                          {t('batchIntro')}
                        </p>
                        {data.pending.length > 0 ? (
                          <Form form={form} name="batch-approval" layout="vertical">
                            <p role="status" style={{ marginTop: 0 }}>
                              {t('batchSelected', { n: chosen.length })}
                            </p>
                            <Form.Item name="comment" label={t('batchComment')}>
                              <Input.TextArea rows={2} maxLength={2000} />
                            </Form.Item>
                            <span className="row" style={{ gap: 8 }}>
                              <Button type="primary" onClick={() => ask('approve')} loading={batch.state?.running}>
                                {t('batchApprove', { n: chosen.length })}
                              </Button>
                              <Button danger onClick={() => ask('reject')} loading={batch.state?.running}>
                                {t('batchReject', { n: chosen.length })}
                              </Button>
                            </span>
                          </Form>
                        ) : null}
                        <BatchProgress state={batch.state} label={t('batchProgress')} />
                      </Card>
                    ) : null}
                  </div>
                ),
              },
              {
                key: 'done',
                label: t('tabDone', { n: data.done.length }),
                children: (
                  <Table
                    rowKey="key"
                    size="small"
                    dataSource={data.done}
                    pagination={{ pageSize: 20, hideOnSinglePage: true }}
                    scroll={{ x: 640 }}
                    columns={columns}
                  />
                ),
              },
            ]}
          />
        )}
      </QueryState>
    </Page>
  );
}
