import { Timeline } from 'antd';
import type { Application } from '../lib/types';
import { formatDateTime, humanizeDates } from '../lib/format';
import { useT, useLang } from '../lib/i18n';
import { actorLabel, historyAction, historyNote } from '../lib/server-messages';
import { commonMessages } from './messages';

/** Every step with who, when and why — the application's history, newest last. */
export function HistoryTimeline({ history }: { history: Application['history'] }) {
  const { lang } = useLang();
  const t = useT(commonMessages);
  if (!history.length) return <p className="muted">{t('historyEmpty')}</p>;
  // drafts save as they are typed: a run of the same edit by the same person reads as one entry
  const runs: { h: Application['history'][number]; times: number; from: string }[] = [];
  for (const h of history) {
    const last = runs.at(-1);
    if (last && !h.note && !last.h.note && !h.to && !last.h.to && last.h.action === h.action && last.h.actor === h.actor) {
      last.times += 1;
      last.h = h;
    } else runs.push({ h, times: 1, from: h.at });
  }
  return (
    <Timeline
      items={runs.map(({ h, times, from }, i) => ({
        key: i,
        title: (
          <time dateTime={h.at}>
            {times > 1 && from !== h.at ? `${formatDateTime(from, lang)} – ${formatDateTime(h.at, lang).slice(-5)}` : formatDateTime(h.at, lang)}
          </time>
        ),
        content: (
          <div>
            {historyAction(h.action, lang) ? (
              <strong>{historyAction(h.action, lang)}</strong>
            ) : (
              <strong lang={lang === 'en' ? 'zh-CN' : undefined}>{h.action}</strong>
            )}
            {times > 1 ? <span className="muted">{t('times', { n: times })}</span> : null}
            <div className="muted">
              {t('actor')}
              {lang === 'en' ? ': ' : '：'}
              {actorLabel(h.actor, lang)}
            </div>
            {h.note ? (
              <div>
                {t('note')}：{historyNote(h.note, lang) ?? humanizeDates(h.note, lang)}
              </div>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}
