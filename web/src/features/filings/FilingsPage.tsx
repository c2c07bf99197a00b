import { Button, DatePicker, Form, Input, Modal, Select, Table } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { FILING_STATUSES } from '../../../../contract/enums';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryState } from '../../components/QueryState';
import { Chip } from '../../components/StatusTag';
import { downloadHref, get, post } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDate } from '../../lib/format';
import { applyProblemToForm } from '../../lib/problem';
import { useSession } from '../../lib/session';
import type { Filing } from '../../lib/types';
import { FILING_STATUS_LABELS, levelsShort } from '../../lib/vocab';
import { filingsMessages } from './messages';

const t = zh(filingsMessages);

function Revoke({ filing, onClose }: { filing: Filing; onClose: () => void }) {
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const revoke = useMutation({
    mutationFn: (v: { reason: string }) => post<Filing>(`/filings/${filing.receiptNo}/revoke`, v),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['filings'] });
      onClose();
    },
    onError: (err) => applyProblemToForm(form, err),
  });
  return (
    <Modal open title={t('revokeTitle', { no: filing.receiptNo })} onCancel={onClose} footer={null} destroyOnHidden>
      <p>{filing.organizationName} — {filing.itemName}</p>
      <Form form={form} layout="vertical" onFinish={(v) => revoke.mutate(v)}>
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {revoke.error ? <div style={{ marginBottom: 12 }}><ProblemAlert error={revoke.error} /></div> : null}
        <Button danger type="primary" htmlType="submit" loading={revoke.isPending}>{t('confirm')}</Button>
      </Form>
    </Modal>
  );
}

/** Filings for the centre (receipts, the report to the national centre) and the bureau (revocation). */
export default function FilingsPage() {
  const role = useSession().data?.user.role;
  const [status, setStatus] = useState<string>('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [revoking, setRevoking] = useState<Filing | null>(null);
  const list = useQuery({ queryKey: ['filings', status], queryFn: () => get<{ items: Filing[] }>('/filings', { status: status || undefined, pageSize: 200 }) });
  const bureau = role === 'bureau';
  return (
    <Page title={bureau ? t('titleBureau') : t('title')} subtitle={bureau ? t('introBureau') : t('intro')}>
      <div className="row">
        <Select aria-label={t('status')} style={{ width: 160 }} value={status} onChange={setStatus} options={[{ value: '', label: t('statusAll') }, ...FILING_STATUSES.map((s) => ({ value: s, label: FILING_STATUS_LABELS.zh[s] }))]} />
        {role === 'center' || bureau ? (
          <span className="row" style={{ gap: 8 }}>
            <span>{t('exportTitle')}</span>
            <DatePicker.RangePicker aria-label={t('from')} value={range} onChange={(v) => setRange(v)} />
            <a className="link-btn" href={downloadHref('/reports/filings.xlsx', { from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}>{t('exportXlsx')}</a>
          </span>
        ) : null}
      </div>
      <QueryState query={list}>
        {(data) => (
          <Table
            rowKey="receiptNo"
            size="small"
            dataSource={data.items}
            locale={{ emptyText: t('none') }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('receiptNo'), dataIndex: 'receiptNo', sorter: (a, b) => a.receiptNo.localeCompare(b.receiptNo) },
              { title: t('org'), dataIndex: 'organizationName' },
              { title: t('uscc'), dataIndex: 'uscc' },
              { title: t('item'), dataIndex: 'itemName' },
              { title: t('levels'), render: (_, f) => levelsShort(f.levels) },
              { title: t('filedOn'), render: (_, f) => formatDate(f.filedOn), sorter: (a, b) => a.filedOn.localeCompare(b.filedOn) },
              { title: t('validUntil'), render: (_, f) => formatDate(f.validUntil) },
              { title: t('status'), render: (_, f) => <Chip tone={f.status === 'active' ? 'good' : 'bad'}>{FILING_STATUS_LABELS.zh[f.status]}</Chip> },
              {
                title: t('actions'),
                render: (_, f) => (
                  <span className="row" style={{ gap: 8 }}>
                    <a href={downloadHref(`/filings/${f.receiptNo}/receipt.pdf`)}>{t('pdf')}</a>
                    <Link to={`/verify/${f.receiptNo}`}>{t('verify')}</Link>
                    {bureau && f.status === 'active' ? <Button size="small" danger onClick={() => setRevoking(f)} aria-label={`${t('revoke')} ${f.receiptNo}`}>{t('revoke')}</Button> : null}
                  </span>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {revoking ? <Revoke filing={revoking} onClose={() => setRevoking(null)} /> : null}
    </Page>
  );
}
