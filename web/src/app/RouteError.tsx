import { useRouteError } from 'react-router';
import { useT } from '../lib/i18n';
import { shellMessages } from './messages';

/** Shown when a page fails to render or its code fails to load (e.g. after a new release). */
export function RouteError() {
  const t = useT(shellMessages);
  const err = useRouteError();
  if (err) console.error(err);
  return (
    <main id="main" className="site-main" role="alert">
      <h1 className="page-title">{t('errorTitle')}</h1>
      <p>{t('errorBody')}</p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('reload')}
      </button>
    </main>
  );
}
