import { Alert, Button, DatePicker, Select, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { FILING_STATUSES } from '../../../../contract/enums';
import { Page } from '../../components/Page';
import { QueryState } from '../../components/QueryState';
import { FilingStatusTag } from '../../components/StatusTag';
import { downloadHref } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDate, formatDateTime, shanghaiDate } from '../../lib/format';
import { usePagedQuery } from '../../lib/paged';
import { useSession } from '../../lib/session';
import type { Filing } from '../../lib/types';
import { FILING_STATUS_LABELS, levelsShort } from '../../lib/vocab';
import { filingsMessages } from './messages';
import { SupervisionDialog, type SupervisionAction } from './SupervisionDialog';

const t = zh(filingsMessages);

/**
 * Filings for the centre (receipts, the report to the national centre) and the bureau; both supervise
 * them — 暂停 and 恢复 — and the bureau alone revokes. Each step goes through a confirmation naming the filing.
 */
export default function FilingsPage() {
  const role = useSession().data?.user.role;
  const [status, setStatus] = useState<string>('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [step, setStep] = useState<{ filing: Filing; action: SupervisionAction } | null>(null);
  const [done, setDone] = useState('');
  // a page at a time, counted by the server (in receipt-number order)
  const { query: list, pagination } = usePagedQuery<Filing>(['filings'], '/filings', { status });
  const bureau = role === 'bureau';
  const supervises = bureau || role === 'center';
  const action = (f: Filing, a: SupervisionAction, danger = true) => (
    <Button size="small" danger={danger} onClick={() => setStep({ filing: f, action: a })} aria-label={`${t(a)} ${f.receiptNo}`}>
      {t(a)}
    </Button>
  );
  return (
    <Page
      title={bureau ? t('titleBureau') : t('title')}
      subtitle={
        <>
          {bureau ? t('introBureau') : t('intro')} {supervises && !bureau ? t('introSupervision') : null}
        </>
      }
    >
      {done ? <Alert type="success" showIcon role="status" title={done} closable={{ onClose: () => setDone('') }} /> : null}
      <div className="row filing-toolbar">
        <Select
          aria-label={t('status')}
          className="w-160"
          value={status}
          onChange={setStatus}
          options={[{ value: '', label: t('statusAll') }, ...FILING_STATUSES.map((s) => ({ value: s, label: FILING_STATUS_LABELS.zh[s] }))]}
        />
        {role === 'center' || bureau ? (
          <span className="row filing-export">
            <span>{t('exportTitle')}</span>
            <DatePicker.RangePicker aria-label={t('from')} value={range} onChange={(v) => setRange(v)} />
            <a
              className="link-btn"
              href={downloadHref('/reports/filings.xlsx', { from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
            >
              {t('exportXlsx')}
            </a>
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
            loading={list.isFetching}
            pagination={pagination((n) => t('total', { n }))}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('receiptNo'), dataIndex: 'receiptNo' },
              { title: t('org'), dataIndex: 'organizationName' },
              { title: t('uscc'), dataIndex: 'uscc' },
              { title: t('item'), dataIndex: 'itemName' },
              { title: t('levels'), render: (_, f) => levelsShort(f.levels) },
              { title: t('filedOn'), render: (_, f) => formatDate(f.filedOn) },
              { title: t('validUntil'), render: (_, f) => formatDate(f.validUntil) },
              {
                title: t('status'),
                render: (_, f) => (
                  <>
                    <FilingStatusTag status={f.status} />
                    {f.status === 'suspended' && f.suspendedAt ? (
                      <span className="filing-note">{t('suspendedSince', { at: formatDateTime(f.suspendedAt), reason: f.suspendReason ?? '' })}</span>
                    ) : null}
                    {f.status === 'revoked' && f.revokeReason ? <span className="filing-note">{f.revokeReason}</span> : null}
                  </>
                ),
              },
              { title: t('reported'), render: (_, f) => (f.reportedAt ? t('reportedOn', { date: formatDate(shanghaiDate(f.reportedAt)) }) : t('notReported')) },
              {
                title: t('actions'),
                fixed: 'right',
                render: (_, f) => (
                  <span className="row filing-actions">
                    <a href={downloadHref(`/filings/${f.receiptNo}/receipt.pdf`)}>{t('pdf')}</a>
                    <Link to={`/verify/${f.receiptNo}`}>{t('verify')}</Link>
                    {supervises && f.status === 'active' ? action(f, 'suspend') : null}
                    {supervises && f.status === 'suspended' ? action(f, 'resume', false) : null}
                    {bureau && (f.status === 'active' || f.status === 'suspended') ? action(f, 'revoke') : null}
                  </span>
                ),
              },
            ]}
          />
        )}
      </QueryState>
      {step ? (
        <SupervisionDialog
          key={`${step.action}-${step.filing.receiptNo}`}
          filing={step.filing}
          action={step.action}
          onClose={() => setStep(null)}
          onDone={(f) => {
            setDone(t(`${step.action}Done`, { no: f.receiptNo }));
            setStep(null);
          }}
        />
      ) : null}
    </Page>
  );
}
