import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonthsClamped,
  addYearsClamped,
  compareDates,
  dayOfWeek,
  daysInMonth,
  endOfShanghaiDay,
  filingValidUntil,
  isIsoDate,
  shanghaiDateOf,
  startOfShanghaiDay,
  toShanghaiIso,
  yearOf,
} from './time.js';

describe('addMonthsClamped — 三(四) 3 months, clamped to month end', () => {
  it.each([
    ['2024-05-31', 3, '2024-08-31'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2023-11-30', 3, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-08-29', 12, '2025-08-29'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-10-15', 3, '2025-01-15'],
    ['2024-12-31', 2, '2025-02-28'],
    ['2024-06-15', 0, '2024-06-15'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2025-01-15', -12, '2024-01-15'],
  ] as const)('%s + %i months = %s', (d, n, expected) => {
    expect(addMonthsClamped(d, n)).toBe(expected);
  });

  it('addYearsClamped is 12 months per year', () => {
    expect(addYearsClamped('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYearsClamped('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYearsClamped('2024-10-09', 3)).toBe('2027-10-09');
  });
});

describe('filingValidUntil — 三(五) valid for 3 years', () => {
  it('filed 2024-10-09 → valid through 2027-10-08', () => {
    expect(filingValidUntil('2024-10-09', 3)).toBe('2027-10-08');
  });
  it('filed on 01-01 → valid through 12-31 of the last year', () => {
    expect(filingValidUntil('2025-01-01', 3)).toBe('2027-12-31');
  });
  it('filed on 03-01 of a leap year', () => {
    expect(filingValidUntil('2024-03-01', 3)).toBe('2027-02-28');
  });
  it('filed on 02-29: the anniversary clamps to 02-28 (documented), so valid through 02-27', () => {
    expect(filingValidUntil('2024-02-29', 3)).toBe('2027-02-27');
  });
});

describe('Shanghai instants (UTC+8, independent of the server TZ)', () => {
  it('shanghaiDateOf', () => {
    expect(shanghaiDateOf(new Date('2024-08-28T16:00:00Z'))).toBe('2024-08-29');
    expect(shanghaiDateOf(new Date('2024-08-28T15:59:59.999Z'))).toBe('2024-08-28');
    expect(shanghaiDateOf(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
    expect(shanghaiDateOf(new Date('2024-08-29T00:00:00+08:00'))).toBe('2024-08-29');
  });

  it('endOfShanghaiDay is 24:00 of the day — the 四(二) window closes at 2024-08-29T00:00+08:00', () => {
    expect(endOfShanghaiDay('2024-08-28').toISOString()).toBe('2024-08-28T16:00:00.000Z');
    expect(endOfShanghaiDay('2024-12-31').toISOString()).toBe('2024-12-31T16:00:00.000Z');
  });

  it('startOfShanghaiDay is 00:00 of the day', () => {
    expect(startOfShanghaiDay('2024-08-29').toISOString()).toBe('2024-08-28T16:00:00.000Z');
    expect(startOfShanghaiDay('2024-08-23').toISOString()).toBe('2024-08-22T16:00:00.000Z');
  });

  it('toShanghaiIso renders with +08:00', () => {
    expect(toShanghaiIso(new Date('2024-08-28T16:00:00Z'))).toBe('2024-08-29T00:00:00+08:00');
    expect(toShanghaiIso(new Date('2024-08-28T15:59:59Z'))).toBe('2024-08-28T23:59:59+08:00');
    expect(toShanghaiIso(new Date('2024-01-01T01:02:03.456Z'))).toBe('2024-01-01T09:02:03+08:00');
  });

  it('round trip: the instant rendered parses back to the same Shanghai day', () => {
    const i = endOfShanghaiDay('2024-08-28');
    expect(new Date(toShanghaiIso(i)).getTime()).toBe(i.getTime());
    expect(shanghaiDateOf(i)).toBe('2024-08-29');
  });
});

describe('calendar-day helpers', () => {
  it('addDays across months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-09-02', 0)).toBe('2024-09-02');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
  });

  it('dayOfWeek (0 = Sunday)', () => {
    expect(dayOfWeek('2024-09-02')).toBe(1);
    expect(dayOfWeek('2024-09-14')).toBe(6);
    expect(dayOfWeek('2024-09-29')).toBe(0);
    expect(dayOfWeek('2025-01-01')).toBe(3);
    expect(dayOfWeek('2026-01-01')).toBe(4);
  });

  it('isIsoDate', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024-4-1')).toBe(false);
    expect(isIsoDate('2024-04-01T00:00')).toBe(false);
  });

  it('daysInMonth, yearOf, compareDates', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2024, 12)).toBe(31);
    expect(yearOf('2026-12-31')).toBe(2026);
    expect(compareDates('2024-08-28', '2024-08-29')).toBe(-1);
    expect(compareDates('2024-08-29', '2024-08-29')).toBe(0);
    expect(compareDates('2025-01-01', '2024-12-31')).toBe(1);
  });

  it('malformed dates throw RangeError', () => {
    expect(() => addDays('2024/08/28', 1)).toThrow(RangeError);
    expect(() => dayOfWeek('')).toThrow(RangeError);
  });
});
