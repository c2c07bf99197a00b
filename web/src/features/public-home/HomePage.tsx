import { Link, useNavigate } from 'react-router';
import { Countdown } from '../../components/Countdown';
import { Placeholder } from '../../components/LightProblem';
import { Chip } from '../../components/StatusTag';
import { useDocumentTitle } from '../../components/Page';
import { useLang, useT } from '../../lib/i18n';
import { formatDate, shanghaiDate } from '../../lib/format';
import { currentCampaign, useCampaigns, useClock, usePublicPublicities } from '../../lib/queries';
import { useSession, homeOf } from '../../lib/session';
import type { Campaign } from '../../lib/types';
import { homeMessages } from './messages';
import { formText } from '../../lib/forms';

/** The last day of the window: closesAt is 24:00 of that day, i.e. the next day's 00:00. */
function lastDay(c: Campaign): string {
  return shanghaiDate(new Date(Date.parse(c.closesAt) - 1));
}

function windowState(c: Campaign, nowMs: number): 'open' | 'upcoming' | 'closed' {
  if (nowMs < Date.parse(c.opensAt)) return 'upcoming';
  if (nowMs < Date.parse(c.closesAt)) return 'open';
  return 'closed';
}

export default function HomePage() {
  const t = useT(homeMessages);
  const { lang } = useLang();
  useDocumentTitle(t('title'));
  const navigate = useNavigate();
  const campaigns = useCampaigns();
  const clock = useClock();
  const session = useSession({ probe: false });
  const publicities = usePublicPublicities();
  const nowMs = Date.now() + (clock.data?.offsetMs ?? 0);
  const current = currentCampaign(campaigns.data, nowMs);
  const past = (campaigns.data ?? []).filter((c) => c.id !== current?.id).sort((a, b) => Date.parse(b.opensAt) - Date.parse(a.opensAt));
  const openItems = (publicities.data ?? []).filter((p) => p.open).reduce((n, p) => n + p.items.length, 0);
  const user = session.data?.user;
  const stateLabel = { open: t('windowOpen'), upcoming: t('windowUpcoming'), closed: t('windowClosed') } as const;

  return (
    <div className="stack">
      <h1 className="page-title">{t('title')}</h1>
      <p className="home-intro">{t('intro')}</p>

      <section aria-labelledby="current-call">
        <h2 id="current-call" className="section-h2">
          {t('currentCall')}
        </h2>
        {campaigns.isPending || clock.isPending ? (
          // the same box as the call's, reserved while the calls and the business clock load (no layout shift)
          <div className="panel home-call" aria-busy="true">
            <Placeholder rows={5} />
          </div>
        ) : current ? (
          <div className="panel home-call">
            <div className="stack stack-8">
              <div className="row">
                <Chip tone={windowState(current, nowMs) === 'open' ? 'good' : 'neutral'}>{stateLabel[windowState(current, nowMs)]}</Chip>
                <span>{current.docNumber}</span>
              </div>
              <h3 className="call-title" lang="zh-CN">
                {current.title}
              </h3>
              <div>{t('window', { from: formatDate(shanghaiDate(current.opensAt), lang), to: formatDate(lastDay(current), lang) })}</div>
              {windowState(current, nowMs) === 'open' && (
                <div>
                  <div className="muted call-meta">{t('countdown')}</div>
                  <Countdown until={current.closesAt} />
                </div>
              )}
              <div className="row">
                <Link to={`/calls/${current.id}`} className="link-btn primary">
                  {t('readNotice')}
                </Link>
                {user?.role === 'applicant' ? (
                  <Link to={homeOf(user)} className="link-btn">
                    {t('goWorkspace')}
                  </Link>
                ) : !user ? (
                  <Link to="/register" className="link-btn">
                    {t('apply')}
                  </Link>
                ) : null}
              </div>
            </div>
          </div>
        ) : (
          <p className="muted">{t('noCalls')}</p>
        )}
      </section>

      <div className="grid-cards">
        <section className="panel" aria-labelledby="publicityTitle">
          <h2 id="publicityTitle" className="panel-title">
            {t('publicityTitle')}
          </h2>
          <p>{t('publicityBody', { n: openItems })}</p>
          <Link to="/publicity">{t('publicityLink')}</Link>
        </section>
        <section className="panel" aria-labelledby="directoryTitle">
          <h2 id="directoryTitle" className="panel-title">
            {t('directoryTitle')}
          </h2>
          <p>{t('directoryBody')}</p>
          <form
            className="row row-nowrap"
            onSubmit={(e) => {
              e.preventDefault();
              const q = formText(e.currentTarget, 'q');
              void navigate(`/directory${q ? `?q=${encodeURIComponent(q)}` : ''}`);
            }}
          >
            <input className="text-input" name="q" aria-label={t('directoryLabel')} placeholder={t('directoryLabel')} />
            <button className="btn" type="submit">
              {t('search')}
            </button>
          </form>
        </section>
        <section className="panel" aria-labelledby="verifyTitle">
          <h2 id="verifyTitle" className="panel-title">
            {t('verifyTitle')}
          </h2>
          <p>{t('verifyBody')}</p>
          <form
            className="row row-nowrap"
            onSubmit={(e) => {
              e.preventDefault();
              const no = formText(e.currentTarget, 'receiptNo').trim().toUpperCase();
              if (no) void navigate(`/verify/${encodeURIComponent(no)}`);
            }}
          >
            <input className="text-input" name="receiptNo" aria-label={t('verifyLabel')} placeholder="SHPB-2024-00001" autoComplete="off" />
            <button className="btn" type="submit">
              {t('verify')}
            </button>
          </form>
        </section>
      </div>

      {past.length > 0 && (
        <section aria-labelledby="past-calls">
          <h2 id="past-calls" className="section-h2">
            {t('pastCalls')}
          </h2>
          <ul className="past-calls">
            {past.map((c) => (
              <li key={c.id}>
                <Link to={`/calls/${c.id}`} lang="zh-CN">
                  {c.title}
                </Link>{' '}
                <span className="muted">
                  {c.docNumber} · {formatDate(shanghaiDate(c.opensAt), lang)} – {formatDate(lastDay(c), lang)} · {stateLabel[windowState(c, nowMs)]}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
