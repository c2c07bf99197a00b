import { useEffect, useState } from 'react';
import { useLang, useT } from '../lib/i18n';
import { remaining } from '../lib/format';
import { useClock } from '../lib/queries';
import { commonMessages } from './messages';

/**
 * Time left until an instant, on the business clock (GET /system/clock, simulated in the demo) —
 * not the browser's own clock or time zone. Announced politely, at most once a minute.
 */
export function Countdown({ until }: { until: string }) {
  const t = useT(commonMessages);
  useLang();
  const clock = useClock();
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(h);
  }, []);
  if (!clock.data) return null;
  const r = remaining(until, tick + clock.data.offsetMs);
  if (r.totalMs <= 0) return <strong>{t('closed')}</strong>;
  const units: [number, string][] = [
    [r.days, t('days')],
    [r.hours, t('hours')],
    [r.minutes, t('minutes')],
    [r.seconds, t('seconds')],
  ];
  return (
    <div className="countdown" role="timer" aria-label={`${t('countdownLabel')} ${r.days}${t('days')}${r.hours}${t('hours')}${r.minutes}${t('minutes')}`}>
      {units.map(([n, u]) => (
        <span className="unit" key={u} aria-hidden="true">
          <b>{String(n).padStart(2, '0')}</b>
          {u}
        </span>
      ))}
    </div>
  );
}
