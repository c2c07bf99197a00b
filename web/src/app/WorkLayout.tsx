import { Button, Layout, Menu, Result } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useMatches, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../contract/enums';
import { ClockBanner } from '../components/ClockBanner';
import { ProblemAlert } from '../components/ProblemAlert';
import { WorkSkeleton } from '../components/WorkSkeleton';
import { put } from '../lib/api';
import { FixedLang, translate, useLang, zh, type Lang } from '../lib/i18n';
import { formatDateTime, shanghaiDate } from '../lib/format';
import { useClock } from '../lib/queries';
import { useLogout, useSession, homeOf } from '../lib/session';
import { roleLabel } from '../lib/vocab';
import { awaitingIn, useAllWorkCounts, useInboxWatcher, type WorkPath } from '../lib/work-lists';
import type { RouteHandle } from './router';
import { workMessages } from './work-messages';
import { AntdProvider } from './AntdProvider';

const t = zh(workMessages);

type Entry = { to: string; label: string };

/**
 * The menu entries that carry the count of what waits for this role (issue 13, point 7), and the list
 * each counts (`queue=mine`'s total, from GET /work-counts): refreshed with the lists after each act,
 * since its query key starts with 'applications'.
 */
function awaitingOf(role: Role): Partial<Record<string, WorkPath>> {
  switch (role) {
    case 'applicant':
      return { '/app/my': '/applications' };
    case 'industry_authority':
    case 'district_hr':
      return { '/app/recommend': '/applications' };
    case 'center':
      return { '/app/center': '/applications', '/app/center/projects': '/application-items' };
    case 'expert':
      return { '/app/expert': '/applications' };
    case 'bureau':
      return { '/app/bureau': '/application-items' };
    default:
      return {};
  }
}
function menuOf(role: Role, t: (k: keyof typeof workMessages.zh) => string): Entry[] {
  const account: Entry[] = [
    { to: '/app/account/password', label: t('password') },
    { to: '/app/account/mfa', label: t('mfa') },
  ];
  switch (role) {
    case 'applicant':
      return [{ to: '/app/my', label: t('my') }, { to: '/app/inbox', label: t('inbox') }, ...account];
    case 'industry_authority':
    case 'district_hr':
      return [{ to: '/app/recommend', label: t('recommend') }, { to: '/app/inbox', label: t('inbox') }, ...account];
    case 'center':
      return [
        { to: '/app/center', label: t('centerHome') },
        { to: '/app/center/applications', label: t('centerApps') },
        { to: '/app/center/projects', label: t('centerProjects') },
        { to: '/app/center/publicities', label: t('publicities') },
        { to: '/app/center/objections', label: t('objections') },
        { to: '/app/center/filings', label: t('filings') },
        { to: '/app/center/national-reports', label: t('nationalReports') },
        { to: '/app/center/campaigns', label: t('campaigns') },
        { to: '/app/center/calendar', label: t('calendar') },
        { to: '/app/inbox', label: t('inbox') },
        ...account,
      ];
    case 'expert':
      return [{ to: '/app/expert', label: t('expertHome') }, { to: '/app/inbox', label: t('inbox') }, ...account];
    case 'bureau':
      return [
        { to: '/app/bureau', label: t('bureauHome') },
        { to: '/app/bureau/filings', label: t('bureauFilings') },
        { to: '/app/bureau/national-reports', label: t('nationalReports') },
        { to: '/app/inbox', label: t('inbox') },
        ...account,
      ];
    case 'admin':
      return [
        { to: '/app/admin/users', label: t('users') },
        { to: '/app/admin/authorities', label: t('authorities') },
        { to: '/app/admin/calendar', label: t('calendar') },
        { to: '/app/admin/campaigns', label: t('campaigns') },
        { to: '/app/admin/audit', label: t('audit') },
        { to: '/app/admin/national-reports', label: t('nationalReports') },
        { to: '/app/admin/clock', label: t('clock') },
        ...account,
      ];
    case 'auditor':
      return [{ to: '/app/audit', label: t('auditLog') }, { to: '/app/inbox', label: t('inbox') }, ...account];
  }
}

/** The admin's control on the simulated-time banner (PUT /system/clock). */
function ClockControl() {
  const clock = useClock();
  const qc = useQueryClient();
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const initial = clock.data ? `${shanghaiDate(clock.data.now)}T${formatDateTime(clock.data.now).slice(-5)}` : '';
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await put<{ now: string; applied: number }>('/system/clock', { now: `${value || initial}:00+08:00` });
      setDone(t('moved', { now: formatDateTime(r.now), n: r.applied }));
      await qc.invalidateQueries();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="row gap-6">
      <label htmlFor="clock-now">{t('moveTimeLabel')}</label>
      <input id="clock-now" type="datetime-local" value={value || initial} onChange={(e) => setValue(e.target.value)} required />
      <Button htmlType="submit" size="small" loading={busy}>
        {t('apply')}
      </Button>
      {done ? <span role="status">{done}</span> : null}
      {error ? <ProblemAlert error={error} /> : null}
    </form>
  );
}

function WorkLayoutInner({ chosen }: { chosen: Lang }) {
  const session = useSession();
  const location = useLocation();
  const matches = useMatches();
  const navigate = useNavigate();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(false);
  const user = session.data?.user;
  const { lang, setLang } = useLang();
  // the applicant's pages follow the chosen language; the staff pages are Chinese only
  const applicant = user?.role === 'applicant';
  const tl = (key: keyof typeof workMessages.zh, params?: Record<string, string | number>) => translate(workMessages, applicant ? lang : 'zh', key, params);
  const entries = useMemo(() => (user ? menuOf(user.role, (k) => translate(workMessages, user.role === 'applicant' ? lang : 'zh', k)) : []), [user, lang]);
  // every count of the menu (and of the lists' tabs) in one request
  const counts = useAllWorkCounts(!!user).data;
  useInboxWatcher();
  const unread = counts?.unreadMessages ?? 0;
  const awaiting = user ? awaitingOf(user.role) : {};
  const labelOf = (e: Entry) => {
    const n = awaitingIn(counts, awaiting[e.to]);
    if (e.to === '/app/inbox' && unread > 0) return tl('inboxUnread', { label: e.label, n: unread });
    return n > 0 ? tl('awaitingCount', { label: e.label, n }) : e.label;
  };

  if (session.isPending) return <WorkSkeleton />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (session.data?.mustChangePassword && location.pathname !== '/app/account/password') return <Navigate to="/app/account/password" replace />;

  const roles = [...matches]
    .reverse()
    .map((mm) => (mm.handle as RouteHandle | undefined)?.roles)
    .find(Boolean);
  const allowed = !roles || roles.includes(user.role);
  const selected = entries
    .filter((e) => location.pathname === e.to || location.pathname.startsWith(`${e.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;

  return (
    <Layout className="work-shell">
      <a className="skip-link" href="#main">
        {tl('skip')}
      </a>
      {/* on a narrow screen the menu folds away; the header's own button (not antd's unfocusable tab) opens it */}
      <Layout.Sider
        id="work-menu"
        breakpoint="lg"
        collapsedWidth={0}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        trigger={null}
        theme="light"
        width={210}
        className="work-sider"
      >
        <div className="work-brand">
          <Link to="/" className="work-brand-link">
            {tl('brand')}
          </Link>
          <div className="work-brand-sub">
            {tl('backOffice')} · {applicant ? tl('applicantRole') : roleLabel(user.role)}
          </div>
        </div>
        <nav aria-label={tl('menu')}>
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={entries.map((e) => ({
              key: e.to,
              label: <Link to={e.to}>{labelOf(e)}</Link>,
            }))}
            onClick={() => {
              if (window.innerWidth < 992) setCollapsed(true);
            }}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <ClockBanner control={user.role === 'admin' ? <ClockControl /> : undefined} />
        <Layout.Header className="work-header">
          <span className="row gap-8">
            <Button className="menu-toggle" aria-expanded={!collapsed} aria-controls="work-menu" onClick={() => setCollapsed((c) => !c)}>
              {tl('menu')}
            </Button>
            <span className="fw-600">{user.displayName}</span>
          </span>
          <span className="row gap-8">
            {applicant ? (
              <button type="button" className="link-btn" onClick={() => setLang(lang === 'en' ? 'zh' : 'en')} lang={lang === 'en' ? 'zh-CN' : 'en'}>
                {tl('langSwitch')}
              </button>
            ) : chosen === 'en' ? (
              <span className="muted" lang="zh-CN">
                {t('staffChineseOnly')}
              </span>
            ) : null}
            <Link to="/">{tl('publicSite')}</Link>
            <Button
              onClick={async () => {
                await logout.mutateAsync().catch(() => {});
                void navigate('/login');
              }}
            >
              {tl('logout')}
            </Button>
          </span>
        </Layout.Header>
        <Layout.Content id="main" tabIndex={-1} className="work-content">
          {allowed ? <Outlet /> : <Result status="403" title={tl('forbidden')} extra={<Link to={homeOf(user)}>{tl('goHome')}</Link>} />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/**
 * The back office: antd's context around the layout and every page in it. The applicant's pages
 * follow the chosen language (Chinese or English); the staff pages are Chinese only, shared
 * components included (the header says so to whoever chose English).
 */
export default function WorkLayout() {
  const role = useSession().data?.user.role;
  const { lang } = useLang();
  const shown: Lang = role === undefined || role === 'applicant' ? lang : 'zh';
  // the page's language as shown (screen readers, hyphenation), also after a reload
  useEffect(() => {
    document.documentElement.lang = shown === 'en' ? 'en' : 'zh-CN';
  }, [shown]);
  return (
    <FixedLang lang={shown}>
      <AntdProvider>
        <WorkLayoutInner chosen={lang} />
      </AntdProvider>
    </FixedLang>
  );
}
