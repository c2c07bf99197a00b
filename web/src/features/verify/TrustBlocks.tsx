import { useQuery } from '@tanstack/react-query';
import { Placeholder } from '../../components/LightProblem';
import { get } from '../../lib/api';
import { useLang, useT } from '../../lib/i18n';
import { formatDateTime } from '../../lib/format';
import type { FilingProof, FilingVerification, PublicKeys } from '../../lib/types';
import { eventMessages, verifyMessages } from './messages';

/** GET /public/keys — the published receipt-signing certificates and log keys (changes only on rotation). */
function usePublicKeys() {
  return useQuery({ queryKey: ['public-keys'], queryFn: ({ signal }) => get<PublicKeys>('/public/keys', undefined, signal), staleTime: 10 * 60_000 });
}

/** The certificate's PEM as a file the browser saves (no server round trip: it is already on the page). */
const pemHref = (pem: string) => `data:application/x-pem-file;charset=utf-8,${encodeURIComponent(pem)}`;
export const CERT_FILE = 'receipt-signing.pem';

/** 电子签章: which certificate signs the receipt PDFs, and how to fetch it to check a PDF's signature. */
export function SignatureBlock() {
  const t = useT(verifyMessages);
  const { lang } = useLang();
  const keys = usePublicKeys();
  const certs = keys.data?.receiptSigning ?? [];
  const cert = certs.find((c) => c.current) ?? certs[0];
  const retired = certs.filter((c) => c !== cert).length;
  return (
    <section className="verify-block" aria-labelledby="verify-signature">
      <h2 id="verify-signature">{t('signatureTitle')}</h2>
      <p>{t('signatureIntro')}</p>
      {keys.isPending ? (
        <div role="status">
          <span className="sr-only">{t('keysLoading')}</span>
          <Placeholder rows={3} />
        </div>
      ) : keys.error ? (
        <p role="alert">{t('keysFailed')}</p>
      ) : !cert ? (
        <p>{t('noCert')}</p>
      ) : (
        <>
          <dl className="verify-facts">
            <dt>{t('subject')}</dt>
            <dd className="verify-break">{cert.subject}</dd>
            <dt>{t('fingerprint')}</dt>
            <dd className="verify-mono verify-break" data-testid="cert-fingerprint">
              {cert.sha256Fingerprint}
            </dd>
            <dt>{t('certValidity')}</dt>
            <dd>
              {cert.validUntil
                ? t('validityRange', { from: formatDateTime(cert.validFrom, lang), until: formatDateTime(cert.validUntil, lang) })
                : t('noExpiry', { from: formatDateTime(cert.validFrom, lang) })}
            </dd>
          </dl>
          <p className="verify-note">
            <a className="link-btn" href={pemHref(cert.certificatePem)} download={CERT_FILE}>
              {t('downloadCert')}
            </a>
          </p>
          {retired > 0 ? <p className="muted verify-note">{t('retiredCerts', { n: retired })}</p> : null}
        </>
      )}
    </section>
  );
}

/** 透明日志: whether the filing's latest event is in the log, under which signed checkpoint. */
export function LogBlock({ f }: { f: FilingVerification }) {
  const t = useT(verifyMessages);
  const te = useT(eventMessages);
  const keys = usePublicKeys();
  const included = f.log.included;
  const proof = useQuery({
    queryKey: ['verify-proof', f.receiptNo, f.log.treeSize],
    queryFn: ({ signal }) => get<FilingProof>(`/public/filings/${encodeURIComponent(f.receiptNo)}/proof`, undefined, signal),
    enabled: included,
    staleTime: 0,
  });
  const logKey = keys.data?.log.find((k) => k.current) ?? keys.data?.log[0];
  const event = f.log.latestEvent;
  return (
    <section className="verify-block" aria-labelledby="verify-log">
      <h2 id="verify-log">{t('logTitle')}</h2>
      <p>{t('logIntro')}</p>
      <p className={`verify-state ${included ? 'is-yes' : 'is-no'}`}>
        <span aria-hidden="true">{included ? '✔ ' : '✖ '}</span>
        {included ? t('included') : t('notIncluded')}
      </p>
      {!included ? <p>{t('notIncludedText')}</p> : null}
      <dl className="verify-facts">
        {f.log.leafIndex !== undefined ? (
          <>
            <dt>{t('leafIndex')}</dt>
            <dd className="verify-mono">{f.log.leafIndex}</dd>
          </>
        ) : null}
        {f.log.treeSize !== undefined ? (
          <>
            <dt>{t('treeSize')}</dt>
            <dd className="verify-mono">{f.log.treeSize}</dd>
          </>
        ) : null}
        {event ? (
          <>
            <dt>{t('latestEvent')}</dt>
            <dd>
              {event in eventMessages.zh ? <>{te(event as keyof typeof eventMessages.zh)} </> : null}
              <span className="verify-mono muted">{event}</span>
            </dd>
          </>
        ) : null}
        {logKey ? (
          <>
            <dt>{t('verifierKey')}</dt>
            <dd className="verify-mono verify-break">{logKey.verifierKey}</dd>
          </>
        ) : null}
      </dl>
      {included ? (
        <div className="verify-note">
          <h3 className="verify-subtitle">{t('checkpoint')}</h3>
          {proof.isPending ? (
            <div role="status">
              <span className="sr-only">{t('proofLoading')}</span>
              <Placeholder rows={3} />
            </div>
          ) : proof.error || !proof.data ? (
            <p role="alert">{t('proofFailed')}</p>
          ) : (
            <pre className="verify-box verify-mono" data-testid="checkpoint">
              {proof.data.checkpoint}
            </pre>
          )}
        </div>
      ) : null}
    </section>
  );
}
