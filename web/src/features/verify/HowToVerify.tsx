import { useRef, useState } from 'react';
import { API_BASE } from '../../lib/api';
import { useT } from '../../lib/i18n';
import { howMessages } from './how-messages';
import { CERT_FILE } from './TrustBlocks';

/** A command in a monospace box with a copy button; where the clipboard is out of reach, the command is selected instead. */
function Command({ n, cmd }: { n: number; cmd: string }) {
  const t = useT(howMessages);
  const ref = useRef<HTMLPreElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(cmd);
      setState('copied');
    } catch {
      const range = document.createRange();
      if (ref.current) range.selectNodeContents(ref.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setState('failed');
    }
  };
  return (
    <div className="verify-cmd">
      <pre ref={ref} className="verify-box verify-mono">
        <code>{cmd}</code>
      </pre>
      <button type="button" className="btn small" onClick={copy} aria-label={t('copyLabel', { n })}>
        {state === 'copied' ? t('copied') : t('copy')}
      </button>
      <span className="sr-only" role="status">
        {state === 'copied' ? t('copied') : state === 'failed' ? t('copyFailed') : ''}
      </span>
    </div>
  );
}

/** 如何自行核验: the same checks, done with curl, pdfsig and openssl against the public endpoints. */
export function HowToVerify({ receiptNo }: { receiptNo: string }) {
  const t = useT(howMessages);
  const api = `${window.location.origin}${API_BASE}`;
  const steps: { text: string; cmd: string }[] = [
    { text: t('keyStep'), cmd: `curl -s ${api}/public/log/key` },
    { text: t('checkpointStep'), cmd: `curl -s ${api}/public/log/checkpoint` },
    { text: t('proofStep'), cmd: `curl -s ${api}/public/filings/${receiptNo}/proof` },
    { text: t('pdfStep'), cmd: `pdfsig ${t('pdfFile', { no: receiptNo })}` },
    { text: t('certStep'), cmd: `openssl x509 -in ${CERT_FILE} -noout -fingerprint -sha256` },
  ];
  return (
    <details className="verify-how">
      <summary>{t('title')}</summary>
      <div className="verify-how-body">
        <p>{t('intro')}</p>
        <ol>
          {steps.map((s, i) => (
            <li key={s.cmd}>
              {s.text}
              <Command n={i + 1} cmd={s.cmd} />
            </li>
          ))}
          <li>
            {t('proofCheck')}
            <p className="muted">{t('leafNote')}</p>
          </li>
        </ol>
      </div>
    </details>
  );
}
