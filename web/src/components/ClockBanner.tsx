import type { ReactNode } from 'react';
import { useT } from '../lib/i18n';
import { useLang } from '../lib/i18n';
import { formatDateTime } from '../lib/format';
import { useClock } from '../lib/queries';
import { commonMessages } from './messages';

/** When the business clock is simulated (APP_CLOCK, the demo), everyone sees it; admins get a control. */
export function ClockBanner({ control }: { control?: ReactNode }) {
  const t = useT(commonMessages);
  const { lang } = useLang();
  const { data } = useClock();
  if (!data?.simulated) return null;
  return (
    <div className="clock-banner no-print" role="status">
      <span>{t('simulated', { now: formatDateTime(data.now, lang) })}</span>
      {control}
    </div>
  );
}
