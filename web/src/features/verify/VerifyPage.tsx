import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { Page } from '../../components/Page';
import { LightProblem, Placeholder } from '../../components/LightProblem';
import { ApiError, get } from '../../lib/api';
import { useT } from '../../lib/i18n';
import type { FilingVerification } from '../../lib/types';
import { HowToVerify } from './HowToVerify';
import { verifyMessages } from './messages';
import { LogBlock, SignatureBlock } from './TrustBlocks';
import { RecordedDiff, StatusBlock, Verdict } from './VerifyResult';
import './verify.css';
import { formText } from '../../lib/forms';

/** The form that opens /verify/:receiptNo for a number typed in. */
function ReceiptForm({ receiptNo, another }: { receiptNo?: string; another?: boolean }) {
  const t = useT(verifyMessages);
  const navigate = useNavigate();
  return (
    <form
      className="verify-form"
      role="search"
      aria-label={another ? t('another') : t('title')}
      onSubmit={(e) => {
        e.preventDefault();
        const no = formText(e.currentTarget, 'receiptNo').trim().toUpperCase();
        if (no) void navigate(`/verify/${encodeURIComponent(no)}`);
      }}
    >
      <label htmlFor="receipt-no" className={another ? 'verify-form-label' : 'sr-only'}>
        {another ? t('another') : t('label')}
      </label>
      <input
        id="receipt-no"
        name="receiptNo"
        className="text-input"
        key={receiptNo}
        defaultValue={receiptNo}
        placeholder="SHPB-2024-00001"
        autoComplete="off"
      />
      <button type="submit" className="btn primary">
        {t('submit')}
      </button>
    </form>
  );
}

/** No such receipt (404), or not a receipt number at all (400): what to check, never a verdict. */
function NotFound({ receiptNo, badFormat }: { receiptNo: string; badFormat: boolean }) {
  const t = useT(verifyMessages);
  return (
    <div role="alert" className="light-alert is-warning">
      <strong>{badFormat ? t('badFormat') : t('notFound')}</strong>
      <p className="verify-verdict-text">{t('notFoundNo', { no: receiptNo })}</p>
      <ul className="verify-checklist">
        <li>{t('checkFormat')}</li>
        <li>{t('checkChars')}</li>
        <li>{t('checkQr')}</li>
        <li>{t('checkForgery')}</li>
      </ul>
    </div>
  );
}

/**
 * The page a receipt's QR code opens: /verify/:receiptNo (GET /public/filings/:receiptNo). The verdict
 * comes first — 有效 only when the server says `valid`, 无效 / 不能确认有效 with every reason otherwise,
 * nothing before the answer — then the filing, its signature, the log, and how to check it all oneself.
 */
export default function VerifyPage() {
  const t = useT(verifyMessages);
  const { receiptNo } = useParams();
  const q = useQuery({
    queryKey: ['verify', receiptNo],
    queryFn: ({ signal }) => get<FilingVerification>(`/public/filings/${encodeURIComponent(receiptNo!)}`, undefined, signal),
    enabled: !!receiptNo,
    staleTime: 0,
  });
  if (!receiptNo) {
    return (
      <Page title={t('title')} subtitle={t('intro')}>
        <ReceiptForm />
      </Page>
    );
  }
  const status = q.error instanceof ApiError ? q.error.status : undefined;
  const f = q.error ? undefined : q.data;
  return (
    <Page title={t('title')} subtitle={t('subtitle', { no: receiptNo })}>
      <div className="verify stack">
        <div aria-live="polite" aria-busy={q.isPending}>
          {q.isPending ? (
            <div role="status">
              <span className="sr-only">{t('checking')}</span>
              <Placeholder rows={3} />
            </div>
          ) : status === 404 || status === 400 ? (
            <NotFound receiptNo={receiptNo} badFormat={status === 400} />
          ) : q.error ? (
            <LightProblem error={q.error} />
          ) : f ? (
            <Verdict f={f} />
          ) : null}
        </div>
        {q.isPending ? <Placeholder rows={6} /> : null}
        {f ? (
          <>
            <StatusBlock f={f} />
            {f.recorded ? <RecordedDiff f={f} recorded={f.recorded} /> : null}
            <SignatureBlock />
            <LogBlock f={f} />
            <HowToVerify receiptNo={f.receiptNo} />
          </>
        ) : null}
        {/* shown with the answer, not before: it would be pushed down when the answer arrives */}
        {q.isPending ? null : <ReceiptForm receiptNo={receiptNo} another />}
      </div>
    </Page>
  );
}
