import { NavLink, Outlet, Link, useNavigation } from 'react-router';
import { useLang, useT } from '../lib/i18n';
import { useSession, homeOf } from '../lib/session';
import { ClockBanner } from '../components/ClockBanner';
import { shellMessages } from './messages';

/** The public site's shell: light (no back-office code), readable on a phone. */
export function PublicLayout() {
  const t = useT(shellMessages);
  const { lang, setLang } = useLang();
  const session = useSession({ probe: false });
  const navigation = useNavigation();
  const user = session.data?.user;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skip')}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="site-brand">
            {t('siteName')}
            <small>{t('siteOwner')}</small>
          </Link>
          <nav className="site-nav" aria-label={t('mainNav')}>
            <NavLink to="/" end>
              {t('navHome')}
            </NavLink>
            <NavLink to="/publicity">{t('navPublicity')}</NavLink>
            <NavLink to="/directory">{t('navDirectory')}</NavLink>
            <NavLink to="/verify">{t('navVerify')}</NavLink>
          </nav>
          <div className="site-tools">
            <button type="button" onClick={() => setLang(lang === 'en' ? 'zh' : 'en')} title={t('langSwitchLabel')} lang={lang === 'en' ? 'zh-CN' : 'en'}>
              {t('langSwitch')}
            </button>
            {user ? (
              <Link to={homeOf(user)}>{t('workspace')}</Link>
            ) : (
              <>
                <Link to="/login">{t('login')}</Link>
                <Link to="/register">{t('register')}</Link>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="site-main" aria-busy={navigation.state === 'loading'} tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">{t('footer')}</footer>
      {/* the simulated clock (demo only) floats at the bottom: appearing after its request, it moves nothing */}
      <div className="public-clock">
        <ClockBanner />
      </div>
    </>
  );
}
