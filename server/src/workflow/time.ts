/**
 * Shanghai calendar arithmetic. Calendar dates are `YYYY-MM-DD` strings meaning a day in
 * Asia/Shanghai; instants are `Date`. China has had no daylight saving since 1991, so the
 * offset is a constant +08:00 — no dependency on the server's TZ (DL-1, DL-3).
 */
export type IsoDate = string; // YYYY-MM-DD, a Shanghai calendar day

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function parts(date: IsoDate): [number, number, number] {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a calendar date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function fmt(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The Shanghai calendar day an instant falls on. */
export function shanghaiDateOf(instant: Date): IsoDate {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 Shanghai time of the day. */
export function startOfShanghaiDay(date: IsoDate): Date {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d) - OFFSET_MS);
}

/** "24:00" of the day, i.e. 00:00 of the next day — the instant a deadline on that day passes. */
export function endOfShanghaiDay(date: IsoDate): Date {
  return new Date(startOfShanghaiDay(date).getTime() + DAY_MS);
}

/** An instant rendered with the explicit +08:00 offset (DL-1). */
export function toShanghaiIso(instant: Date): string {
  const local = new Date(instant.getTime() + OFFSET_MS).toISOString(); // ...Z but shifted
  return `${local.slice(0, 19)}+08:00`;
}

export function addDays(date: IsoDate, n: number): IsoDate {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function yearOf(date: IsoDate): number {
  return parts(date)[0];
}

/**
 * Calendar months, clamped to the month's end (2024-05-31 + 3 = 2024-08-31,
 * 2024-11-30 + 3 = 2025-02-28) — the rule for 三(四)'s "3个月" and the one-year rule.
 */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return fmt(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addYearsClamped(date: IsoDate, years: number): IsoDate {
  return addMonthsClamped(date, years * 12);
}

/**
 * 三(五) "备案有效期为3年": a filing made on D is valid through the day before the anniversary
 * (filed 2024-10-09 → valid through 2027-10-08). A 02-29 filing's anniversary clamps to 02-28.
 */
export function filingValidUntil(filedOn: IsoDate, years: number): IsoDate {
  return addDays(addYearsClamped(filedOn, years), -1);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
