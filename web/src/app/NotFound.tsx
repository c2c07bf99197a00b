import { Link } from 'react-router';
import { useT } from '../lib/i18n';
import { Page } from '../components/Page';
import { shellMessages } from './messages';

export default function NotFound() {
  const t = useT(shellMessages);
  return (
    <Page title={t('notFoundTitle')}>
      <p>{t('notFoundBody')}</p>
      <Link to="/">{t('backHome')}</Link>
    </Page>
  );
}
