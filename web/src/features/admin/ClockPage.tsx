import { Alert, Button, Card } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Page } from '../../components/Page';
import { ProblemAlert } from '../../components/ProblemAlert';
import { put } from '../../lib/api';
import { zh } from '../../lib/i18n';
import { formatDateTime, shanghaiDate } from '../../lib/format';
import { useClock } from '../../lib/queries';
import { adminMessages } from './messages';

const t = zh(adminMessages);

/** "YYYY-MM-DDTHH:mm" of an instant in Shanghai (for a datetime-local field). */
function localValue(iso: string): string {
  return `${shanghaiDate(iso)}T${formatDateTime(iso).slice(-5)}`;
}

export default function ClockPage() {
  const clock = useClock();
  const qc = useQueryClient();
  const [value, setValue] = useState('');
  const move = useMutation({
    mutationFn: (local: string) => put<{ now: string; applied: number }>('/system/clock', { now: `${local}:00+08:00` }),
    onSuccess: () => void qc.invalidateQueries(),
  });
  const now = clock.data?.now;
  const shift = (days: number, months = 0) => {
    if (!now) return;
    const d = new Date(now);
    d.setUTCDate(d.getUTCDate() + days);
    d.setUTCMonth(d.getUTCMonth() + months);
    move.mutate(localValue(d.toISOString()));
  };
  return (
    <Page title={t('clockTitle')} subtitle={t('clockIntro')}>
      {clock.data && !clock.data.simulated ? <Alert type="info" showIcon title={t('clockReal')} /> : null}
      {clock.data?.simulated ? (
        <Card>
          <p className="mt-0">{t('clockNow', { now: formatDateTime(clock.data.now) })}</p>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              move.mutate(value || localValue(clock.data.now));
            }}
          >
            <label htmlFor="clock-page-now">{t('clockNew')}</label>
            <input id="clock-page-now" type="datetime-local" value={value || localValue(clock.data.now)} onChange={(e) => setValue(e.target.value)} required />
            <Button type="primary" htmlType="submit" loading={move.isPending}>
              {t('clockApply')}
            </Button>
          </form>
          <div className="row mt-12" role="group" aria-label={t('quick')}>
            <Button onClick={() => shift(1)}>{t('plusDay')}</Button>
            <Button onClick={() => shift(7)}>{t('plusWeek')}</Button>
            <Button onClick={() => shift(0, 1)}>{t('plusMonth')}</Button>
          </div>
          {move.error ? <ProblemAlert error={move.error} /> : null}
          {move.data ? (
            <Alert
              className="mt-12"
              type="success"
              showIcon
              role="status"
              title={t('clockDone', { now: formatDateTime(move.data.now), n: move.data.applied })}
            />
          ) : null}
        </Card>
      ) : null}
    </Page>
  );
}
