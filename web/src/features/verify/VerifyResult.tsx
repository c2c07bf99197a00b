import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { FilingStatusTag } from '../../components/StatusTag';
import { useLang, useT } from '../../lib/i18n';
import { formatDate, formatDateTime, shanghaiDate } from '../../lib/format';
import type { FilingVerification } from '../../lib/types';
import { levelsShort } from '../../lib/vocab';
import { reasonMessages, verifyMessages } from './messages';

/** Reasons that say what happened to the filing (it is not valid), as against records that do not prove what they claim. */
const STATUS_REASONS = new Set(['SUSPENDED', 'EXPIRED', 'REVOKED']);

/**
 * The answer, plainly: 有效 (green) only when the server says `valid`; otherwise 无效 when the filing
 * is suspended, expired or revoked, 不能确认有效 when the records do not prove it — red, with every reason.
 */
export function Verdict({ f }: { f: FilingVerification }) {
  const t = useT(verifyMessages);
  const { lang } = useLang();
  if (f.valid) {
    return (
      <div className="verify-verdict is-valid" data-verdict="valid">
        <span className="verify-verdict-mark" aria-hidden="true">
          ✔
        </span>
        <div className="verify-verdict-body">
          <p className="verify-verdict-word">{t('valid')}</p>
          <p className="verify-verdict-text">{t('validText')}</p>
        </div>
      </div>
    );
  }
  const byStatus = f.status !== 'active' || f.reasons.some((r) => STATUS_REASONS.has(r.code));
  // the suspension's date and reason, unless the server's own sentence already gives them
  const suspension = f.status === 'suspended' && f.suspendReason && !f.reasons.some((r) => r.message.includes(f.suspendReason!)) ? f.suspendReason : undefined;
  const suspensionLine = f.status === 'suspended' && f.suspendedAt && (suspension || !f.reasons.some((r) => r.code === 'SUSPENDED'));
  return (
    <div className="verify-verdict is-invalid" data-verdict="invalid">
      <span className="verify-verdict-mark" aria-hidden="true">
        ✖
      </span>
      <div className="verify-verdict-body">
        <p className="verify-verdict-word">{byStatus ? t('invalid') : t('unconfirmed')}</p>
        <p className="verify-verdict-text">
          {t('invalidText')}
          {f.status !== 'active' ? (
            <>
              {' '}
              <FilingStatusTag status={f.status} />
            </>
          ) : null}
        </p>
        <ul>
          {f.reasons.map((r) => {
            const en = lang === 'en' ? reasonMessages.en[r.code] : undefined;
            return (
              <li key={r.code}>
                {en ? (
                  <>
                    {en}
                    <span className="verify-reason-zh" lang="zh-CN">
                      {r.message}
                    </span>
                  </>
                ) : (
                  <span lang="zh-CN">{r.message}</span>
                )}
              </li>
            );
          })}
          {f.reasons.length === 0 ? <li>{f.statusLabel}</li> : null}
          {suspensionLine ? (
            <li>
              {t('suspendedSince', { at: formatDateTime(f.suspendedAt, lang) })}
              {suspension ? (
                <>
                  {' '}
                  {t('suspendReason')}：<span lang="zh-CN">{suspension}</span>
                </>
              ) : null}
            </li>
          ) : null}
        </ul>
      </div>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** 备案状态: the facts of the filing as the register holds them now. */
export function StatusBlock({ f }: { f: FilingVerification }) {
  const t = useT(verifyMessages);
  const { lang } = useLang();
  return (
    <section className="verify-block" aria-labelledby="verify-status">
      <h2 id="verify-status">{t('statusTitle')}</h2>
      <dl className="verify-facts">
        <Fact label={t('receiptNo')}>{f.receiptNo}</Fact>
        <Fact label={t('status')}>
          <FilingStatusTag status={f.status} />
        </Fact>
        <Fact label={t('org')}>
          <span lang="zh-CN">{f.organizationName}</span>
        </Fact>
        <Fact label={t('uscc')}>{f.uscc}</Fact>
        <Fact label={t('item')}>
          <span lang="zh-CN">{f.itemName}</span>
          {f.occupationCode ? `（${f.occupationCode}）` : ''}
        </Fact>
        <Fact label={t('levels')}>{levelsShort(f.levels, lang)}</Fact>
        <Fact label={t('filedOn')}>{formatDate(f.filedOn, lang)}</Fact>
        <Fact label={t('validUntil')}>{formatDate(f.validUntil, lang)}</Fact>
        {f.suspendedAt ? <Fact label={t('suspendedAt')}>{formatDateTime(f.suspendedAt, lang)}</Fact> : null}
        {f.suspendReason ? (
          <Fact label={t('suspendReason')}>
            <span lang="zh-CN">{f.suspendReason}</span>
          </Fact>
        ) : null}
        {f.revokedAt ? <Fact label={t('revokedAt')}>{formatDateTime(f.revokedAt, lang)}</Fact> : null}
        {f.revokeReason ? (
          <Fact label={t('revokeReason')}>
            <span lang="zh-CN">{f.revokeReason}</span>
          </Fact>
        ) : null}
        <Fact label={t('reported')}>{f.reportedAt ? t('reportedOn', { date: formatDate(shanghaiDate(f.reportedAt), lang) }) : t('notReported')}</Fact>
        {f.integrity ? (
          <Fact label={t('integrity')}>
            {f.integrity.intact ? t('intact', { n: f.integrity.materialCount }) : <strong>{t('notIntact')}</strong>}{' '}
            <span className="muted">{t('checkedAt', { at: formatDateTime(f.integrity.computedAt, lang) })}</span>
          </Fact>
        ) : null}
      </dl>
      <p className="muted verify-note">
        {t('basis')} {f.status === 'active' ? <Link to={`/directory?q=${encodeURIComponent(f.uscc)}`}>{t('directory')}</Link> : null}
      </p>
    </section>
  );
}

type Recorded = NonNullable<FilingVerification['recorded']>;

/** Levels as a set, in the order the app shows them (五级 first): the log may hold them in another order. */
const byLevel = (levels: readonly number[]) => [...levels].sort((a, b) => b - a);

/** 登记时的信息 vs 现在的记录: shown only when the server found the stored row differs from what was logged at issue. */
export function RecordedDiff({ f, recorded }: { f: FilingVerification; recorded: Recorded }) {
  const t = useT(verifyMessages);
  const { lang } = useLang();
  const rows: { label: string; then: string; now: string }[] = [
    { label: t('org'), then: recorded.organizationName, now: f.organizationName },
    { label: t('uscc'), then: recorded.uscc, now: f.uscc },
    { label: t('item'), then: recorded.itemName, now: f.itemName },
    { label: t('levels'), then: levelsShort(byLevel(recorded.levels), lang), now: levelsShort(byLevel(f.levels), lang) },
    { label: t('filedOn'), then: formatDate(recorded.filedOn, lang), now: formatDate(f.filedOn, lang) },
    { label: t('validUntil'), then: formatDate(recorded.validUntil, lang), now: formatDate(f.validUntil, lang) },
  ];
  return (
    <section className="verify-block" aria-labelledby="verify-recorded">
      <h2 id="verify-recorded">{t('recordedTitle')}</h2>
      <p>{t('recordedIntro')}</p>
      <table className="verify-diff">
        <thead>
          <tr>
            <th scope="col">{t('field')}</th>
            <th scope="col">{t('atIssue')}</th>
            <th scope="col">{t('now')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const changed = r.then !== r.now;
            return (
              <tr key={r.label} className={changed ? 'is-changed' : undefined}>
                <th scope="row">
                  {r.label}
                  <br />
                  <span className={changed ? 'verify-diff-flag' : 'muted'}>{changed ? t('differs') : t('same')}</span>
                </th>
                <td>{r.then}</td>
                <td>{r.now}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
