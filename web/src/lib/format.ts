/**
 * Dates and times in Shanghai, whatever the browser's own time zone (domain.md: all rules run in
 * Asia/Shanghai). Instants are ISO with offset; calendar dates are YYYY-MM-DD Shanghai days.
 */
import type { Lang } from './i18n';

const TZ = 'Asia/Shanghai';
const dtf = (lang: Lang, opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: TZ, ...opts });

/** The Shanghai wall-clock parts of an instant (numbers as written, hours 00–23). */
function shanghaiParts(d: Date): { year: string; month: string; day: string; hour: string; minute: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: TZ, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return { year: parts.year ?? '', month: String(Number(parts.month)), day: String(Number(parts.day)), hour: parts.hour ?? '', minute: parts.minute ?? '' };
}

/** An instant in Shanghai time: "2024年8月26日 09:08" (English: "26 Aug 2024, 09:08"). */
export function formatDateTime(iso: string | undefined | null, lang: Lang = 'zh'): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (lang === 'en') return dtf(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  const p = shanghaiParts(d);
  return `${formatDate(shanghaiDate(d))} ${p.hour}:${p.minute}`;
}

/** The Shanghai day of an instant, without the time: "2024年8月26日". */
export function formatInstantDate(iso: string | undefined | null, lang: Lang = 'zh'): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return formatDate(shanghaiDate(d), lang);
}

/** Only the time of an instant in Shanghai ("09:08"): for what happened today, such as an autosave. */
export function formatTime(instant: Date | string): string {
  const p = shanghaiParts(typeof instant === 'string' ? new Date(instant) : instant);
  return `${p.hour}:${p.minute}`;
}

const ISO_INSTANT = /(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;
const ISO_DAY = /(?<![\d-])(\d{4}-\d{2}-\d{2})(?![\d-]|T\d)/g;

/**
 * A sentence written by the server ("申报已于 2024-08-28T24:00:00+08:00 截止", "于 2024-09-05 24时")
 * with its instants and days as people write them (2024年8月28日 24:00 — a 24:00 stays the day's end).
 */
export function humanizeDates(text: string, lang: Lang = 'zh'): string {
  if (!text) return text;
  return text
    .replace(ISO_INSTANT, (m, day: string, hh: string, mm: string) => (hh === '24' ? `${formatDate(day, lang)} 24:${mm}` : formatDateTime(m, lang)))
    .replace(ISO_DAY, (_m, day: string) => formatDate(day, lang));
}

/** "2024-08-28" → "2024年8月28日" (a calendar date, no time zone arithmetic) */
export function formatDate(date: string | undefined | null, lang: Lang = 'zh'): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  if (lang === 'en') return `${m[1]}-${m[2]}-${m[3]}`;
  // 2024年8月28日, by the platform's own Chinese calendar formatting
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))),
  );
}

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(instant: Date | string): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  return parts; // en-CA formats as YYYY-MM-DD
}

export function weekday(date: string, lang: Lang = 'zh'): string {
  const d = new Date(`${date}T12:00:00+08:00`);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: TZ, weekday: 'short' }).format(d);
}

export interface Remaining {
  totalMs: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export function remaining(untilIso: string, nowMs: number): Remaining {
  const totalMs = Math.max(0, new Date(untilIso).getTime() - nowMs);
  const s = Math.floor(totalMs / 1000);
  return { totalMs, days: Math.floor(s / 86400), hours: Math.floor((s % 86400) / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 };
}

/** Whole calendar days from one Shanghai date to another (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
