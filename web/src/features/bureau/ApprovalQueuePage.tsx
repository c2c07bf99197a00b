import { Button, Card, Form, Input, Table, Tabs } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { BatchProgress, CLAUSE, useBatch, useConfirm } from '../../components/ConfirmAction';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { ItemStatusTag } from '../../components/StatusTag';
import { zh } from '../../lib/i18n';
import { levelsShort } from '../../lib/vocab';
import { serverPagination, useWorkCounts, useWorkPage, useWorkParams, type ApplicationItemSummary, type WorkTab } from '../../lib/work-lists';
import { approve, type ApprovalDecision } from './api';
import { bureauMessages } from './messages';

const t = zh(bureauMessages);

type QueueRow = ApplicationItemSummary;
const rowLabel = (r: QueueRow) => `${r.organizationName} — ${r.name}（${levelsShort(r.levels)}）`;
/** 待我审批: the longest waiting first; 已审批: the latest first. */
const DEFAULT_SORT: Record<WorkTab, string> = { mine: 'updatedAt', handled: '-updatedAt', all: '-updatedAt' };

/**
 * Items that passed project evaluation and wait for the bureau's consent, across applications
 * (待我审批), apart from those already decided (已审批). Several can be decided at once: ticked in
 * the table, one confirmation listing them, then one request each with its own outcome.
 */
export default function ApprovalQueuePage() {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const { tab, page, sort, setTab, setPage } = useWorkParams(DEFAULT_SORT);
  // item by item across applications, paged and counted by the server (GET /application-items?queue=)
  const counts = useWorkCounts('/application-items');
  const queue = useWorkPage('/application-items', tab === 'all' ? 'handled' : tab, page, sort);
  const [selected, setSelected] = useState<string[]>([]);
  const [form] = Form.useForm<{ comment?: string }>();
  // each item carries the decision and comment it is sent with (the confirmation runs later)
  const batch = useBatch((r: QueueRow & { key: string; label: string; decision: ApprovalDecision; comment: string }) =>
    approve(r.id, { decision: r.decision, comment: r.comment }),
  );
  const pending = tab === 'mine' ? (queue.data?.items ?? []) : [];
  const chosen = pending.filter((r) => selected.includes(r.id));

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
    const rows = chosen.map((r) => ({ ...r, key: r.id, label: rowLabel(r), decision: d, comment }));
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
    { title: t('org'), render: (_: unknown, r: QueueRow) => r.organizationName },
    { title: t('item'), render: (_: unknown, r: QueueRow) => r.name },
    { title: t('levels'), render: (_: unknown, r: QueueRow) => levelsShort(r.levels) },
    { title: t('status'), render: (_: unknown, r: QueueRow) => <ItemStatusTag status={r.status} /> },
    {
      title: t('open'),
      render: (_: unknown, r: QueueRow) => (
        <Link to={`/app/bureau/applications/${r.applicationId}`} aria-label={`${t('open')} ${r.organizationName} ${r.name}`}>
          {t('open')}
        </Link>
      ),
    },
  ];

  const n = (k: 'mine' | 'handled') => (counts.data ? counts.data[k] : '…');
  const pendingTable = (
    <QueryState query={queue}>
      {(data) => (
        <div className="stack">
          {/* scrolled by its box, not antd's scroll.x: that adds an aria-hidden measuring row holding the selection checkbox (axe: aria-hidden-focus) */}
          <div className="scroll-x" tabIndex={0} role="region" aria-label={t('itemsTitle')}>
            <Table
              rowKey="id"
              size="small"
              className="minw-560"
              dataSource={data.items}
              pagination={serverPagination(data.total, page, setPage)}
              locale={{ emptyText: t('none') }}
              rowSelection={{
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as string[]),
                getCheckboxProps: (r: QueueRow) => ({ 'aria-label': t('selectRow', { org: r.organizationName, item: r.name }) }),
              }}
              columns={columns}
            />
          </div>
          {data.items.length > 0 || batch.state ? (
            <Card size="small" title={<h2 className="card-title-sm">{t('batchTitle')}</h2>}>
              <p className="muted mt-0">{t('batchIntro')}</p>
              {data.items.length > 0 ? (
                <Form form={form} name="batch-approval" layout="vertical">
                  <p role="status" className="mt-0">
                    {t('batchSelected', { n: chosen.length })}
                  </p>
                  <Form.Item name="comment" label={t('batchComment')}>
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                  <span className="row gap-8">
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
      )}
    </QueryState>
  );
  const doneTable = (
    <QueryState query={queue}>
      {(data) => (
        <Table
          rowKey="id"
          size="small"
          dataSource={data.items}
          pagination={serverPagination(data.total, page, setPage)}
          scroll={{ x: 640 }}
          columns={columns}
        />
      )}
    </QueryState>
  );

  return (
    <Page title={t('queueTitle')} subtitle={t('queueIntro')}>
      <Tabs
        aria-label={t('tabs')}
        activeKey={tab === 'handled' ? 'handled' : 'mine'}
        onChange={(k) => setTab(k as WorkTab)}
        destroyOnHidden
        items={[
          { key: 'mine', label: t('tabPending', { n: n('mine') }), children: pendingTable },
          { key: 'handled', label: t('tabDone', { n: n('handled') }), children: doneTable },
        ]}
      />
    </Page>
  );
}
