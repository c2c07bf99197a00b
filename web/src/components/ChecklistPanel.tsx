import { Alert } from 'antd';
import type { Checklist } from '../lib/types';
import { blockerText, clauseText } from '../lib/problem';
import { useLang, useT } from '../lib/i18n';
import { commonMessages } from './messages';

/** What still stands between the application and its submission, all at once (一次性告知). */
export function ChecklistPanel({ checklist }: { checklist: Checklist | undefined }) {
  const t = useT(commonMessages);
  const { lang } = useLang();
  if (!checklist) return null;
  if (checklist.ready) return <Alert type="success" showIcon title={t('blockersReady')} />;
  return (
    <Alert
      type="warning"
      showIcon
      title={t('blockersTitle')}
      description={
        <ul className="m-0 pl-18" aria-live="polite">
          {checklist.blockers.map((b, i) => (
            <li key={i}>
              {blockerText(b, lang)}
              {b.clause ? <span className="muted">{lang === 'en' ? ` (${clauseText(b.clause, lang)})` : `（${clauseText(b.clause)}）`}</span> : null}
            </li>
          ))}
        </ul>
      }
    />
  );
}
