/**
 * Dates and times in Shanghai, whatever the browser's own time zone (domain.md: all rules run in
 * Asia/Shanghai). Instants are ISO with offset; calendar dates are YYYY-MM-DD Shanghai days.
 */
import type { Lang } from './i18n';

const TZ = 'Asia/Shanghai';
const dtf = (lang: Lang, opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: TZ, ...opts });

export function formatDateTime(iso: string | undefined | null, lang: Lang = 'zh'): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dtf(lang, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** "2024-08-28" → "2024年8月28日" (a calendar date, no time zone arithmetic) */
export function formatDate(date: string | undefined | null, lang: Lang = 'zh'): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  if (lang === 'en') return `${m[1]}-${m[2]}-${m[3]}`;
  // 2024年8月28日, by the platform's own Chinese calendar formatting
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
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
