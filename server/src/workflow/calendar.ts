/**
 * Working days in Shanghai (domain "Time rules"): Monday–Friday, minus the State Council's
 * public holidays, plus its make-up working days (调休). The schedule is data an administrator
 * loads per year; a year that is not loaded is known to be unknown — we never guess.
 * Pure: no clock, no I/O.
 */
import { refuse } from './refusal.js';
import { addDays, dayOfWeek, isIsoDate, yearOf, type IsoDate } from './time.js';

export type DayType = 'holiday' | 'workday';

export interface CalendarOverride {
  date: IsoDate;
  type: DayType;
  name: string;
}

export interface WorkingCalendar {
  knownYears: ReadonlySet<number>;
  overrides: ReadonlyMap<IsoDate, { type: DayType; name: string }>;
}

export interface WorkingDaySpan {
  /** the date counting was asked to start from (echoed as given) */
  from: IsoDate;
  count: number;
  /** the count-th working day */
  endsOn: IsoDate;
  /** the working days counted, day 1 … day count */
  days: IsoDate[];
  /** every non-working day passed over between `from` and `endsOn`, with why */
  skipped: { date: IsoDate; reason: string }[];
}

function assertDate(date: IsoDate): void {
  if (!isIsoDate(date)) throw new RangeError(`not a calendar date: ${date}`);
}

export function makeCalendar(knownYears: Iterable<number>, overrides: Iterable<CalendarOverride>): WorkingCalendar {
  const years = new Set<number>();
  for (const y of knownYears) {
    if (!Number.isInteger(y)) throw new RangeError(`not a year: ${y}`);
    years.add(y);
  }
  const map = new Map<IsoDate, { type: DayType; name: string }>();
  for (const o of overrides) {
    assertDate(o.date);
    if (o.type !== 'holiday' && o.type !== 'workday') throw new RangeError(`not a day type: ${String(o.type)}`);
    map.set(o.date, { type: o.type, name: o.name });
  }
  return { knownYears: years, overrides: map };
}

/** A calendar that knows no year: any working-day count on it refuses. For commands that count none (only acceptance's 退回补正 does). */
export const NO_CALENDAR: WorkingCalendar = makeCalendar([], []);

/** Refuses with CALENDAR_UNKNOWN when the date's year has no loaded schedule. */
function assertKnown(cal: WorkingCalendar, date: IsoDate): void {
  assertDate(date);
  const year = yearOf(date);
  if (!cal.knownYears.has(year)) {
    refuse(
      'CALENDAR_UNKNOWN',
      `${year}年的工作日安排（法定节假日及调休）尚未载入系统，无法计算涉及${date}的工作日期限；请系统管理员先载入${year}年的工作日安排。`,
      undefined,
      { year, date },
    );
  }
}

const WEEKEND_NAMES: Record<number, string> = { 0: '周日', 6: '周六' };

/**
 * Why a day is not a working day, or null when it is one. A holiday's own name wins over
 * the weekday ('国庆节' for a Saturday inside the National Day break).
 */
export function dayReason(cal: WorkingCalendar, date: IsoDate): string | null {
  assertKnown(cal, date);
  const o = cal.overrides.get(date);
  if (o) return o.type === 'workday' ? null : o.name;
  return WEEKEND_NAMES[dayOfWeek(date)] ?? null;
}

export function isWorkingDay(cal: WorkingCalendar, date: IsoDate): boolean {
  return dayReason(cal, date) === null;
}

/**
 * N working days from `from`: `from` is day 1 when it is a working day, else the next working
 * day is; `endsOn` is day N (a deadline ends at 24:00 of it). Every day passed over is listed
 * in `skipped` with its reason, so the result is explainable.
 */
export function countWorkingDays(cal: WorkingCalendar, from: IsoDate, count: number): WorkingDaySpan {
  assertDate(from);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be an integer ≥ 1, got ${count}`);
  const days: IsoDate[] = [];
  const skipped: { date: IsoDate; reason: string }[] = [];
  let d = from;
  for (;;) {
    const reason = dayReason(cal, d); // refuses CALENDAR_UNKNOWN when d's year is not loaded
    if (reason === null) {
      days.push(d);
      if (days.length === count) break;
    } else {
      skipped.push({ date: d, reason });
    }
    d = addDays(d, 1);
  }
  return { from, count, endsOn: d, days, skipped };
}

/** N working days counted from the first working day after `date` (e.g. a correction period after a return). */
export function workingDaysAfter(cal: WorkingCalendar, date: IsoDate, count: number): WorkingDaySpan {
  assertDate(date);
  return countWorkingDays(cal, addDays(date, 1), count);
}

/**
 * Working days left until a deadline that ends at 24:00 of `dueOn`, seen on `today`: the working
 * days after `today` up to and including `dueOn` (today itself is under way, so it does not count);
 * 0 when `dueOn` is today or past. Null when a year in between has no loaded schedule — a count
 * shown to a person is never guessed.
 */
export function workingDaysLeft(cal: WorkingCalendar, today: IsoDate, dueOn: IsoDate): number | null {
  assertDate(today);
  assertDate(dueOn);
  if (dueOn <= today) return 0;
  for (let y = yearOf(addDays(today, 1)); y <= yearOf(dueOn); y++) if (!cal.knownYears.has(y)) return null;
  let n = 0;
  for (let d = addDays(today, 1); d <= dueOn; d = addDays(d, 1)) if (isWorkingDay(cal, d)) n++;
  return n;
}
