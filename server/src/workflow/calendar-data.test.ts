import { describe, expect, it } from 'vitest';
import { isWorkingDay, makeCalendar } from './calendar.js';
import { SEEDED_CALENDAR } from './calendar-data.js';
import { addDays, dayOfWeek, isIsoDate, yearOf } from './time.js';

const cal = makeCalendar(
  SEEDED_CALENDAR.map((y) => y.year),
  SEEDED_CALENDAR.flatMap((y) => y.days),
);

function workingDaysIn(year: number): number {
  let n = 0;
  for (let d = `${year}-01-01`; yearOf(d) === year; d = addDays(d, 1)) if (isWorkingDay(cal, d)) n++;
  return n;
}

const yearData = (year: number) => SEEDED_CALENDAR.find((y) => y.year === year)!.days;
const namesOf = (year: number, type: 'holiday' | 'workday') =>
  yearData(year)
    .filter((d) => d.type === type)
    .map((d) => `${d.date} ${d.name}`);

describe('SEEDED_CALENDAR', () => {
  it('covers exactly 2024, 2025, 2026', () => {
    expect(SEEDED_CALENDAR.map((y) => y.year)).toEqual([2024, 2025, 2026]);
  });

  // Official counts (Mon–Fri minus weekday holidays plus make-up weekends):
  // 2024: 262 weekdays − 19 + 8 = 251; 2025: 261 − 18 + 5 = 248; 2026: 261 − 19 + 6 = 248.
  it.each([
    [2024, 251],
    [2025, 248],
    [2026, 248],
  ])('%i has %i working days', (year, count) => {
    expect(workingDaysIn(year)).toBe(count);
  });

  it.each([
    [2024, 28, 8],
    [2025, 28, 5],
    [2026, 33, 6],
  ])('%i lists %i holiday days and %i make-up working days', (year, holidays, workdays) => {
    expect(namesOf(year, 'holiday')).toHaveLength(holidays);
    expect(namesOf(year, 'workday')).toHaveLength(workdays);
  });

  it('every entry is a valid date inside its year, unique and sorted', () => {
    for (const { year, days } of SEEDED_CALENDAR) {
      const dates = days.map((d) => d.date);
      for (const d of dates) {
        expect(isIsoDate(d)).toBe(true);
        expect(yearOf(d)).toBe(year);
      }
      expect(new Set(dates).size).toBe(dates.length);
      expect([...dates].sort()).toEqual(dates);
    }
  });

  it('make-up working days are all weekends, named …调休上班', () => {
    for (const { days } of SEEDED_CALENDAR) {
      for (const d of days.filter((x) => x.type === 'workday')) {
        expect([0, 6]).toContain(dayOfWeek(d.date));
        expect(d.name).toMatch(/调休上班$/);
      }
    }
  });

  it('holidays carry the State Council holiday names only', () => {
    const allowed = new Set(['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节', '国庆节、中秋节']);
    for (const { days } of SEEDED_CALENDAR) {
      for (const d of days.filter((x) => x.type === 'holiday')) expect(allowed).toContain(d.name);
    }
  });

  it('2024 working weekends are exactly those published', () => {
    expect(namesOf(2024, 'workday')).toEqual([
      '2024-02-04 春节调休上班',
      '2024-02-18 春节调休上班',
      '2024-04-07 清明节调休上班',
      '2024-04-28 劳动节调休上班',
      '2024-05-11 劳动节调休上班',
      '2024-09-14 中秋节调休上班',
      '2024-09-29 国庆节调休上班',
      '2024-10-12 国庆节调休上班',
    ]);
  });

  it('2025 working weekends and the combined National Day / Mid-Autumn break', () => {
    expect(
      yearData(2025)
        .filter((d) => d.type === 'workday')
        .map((d) => d.date),
    ).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    const oct = yearData(2025).filter((d) => d.type === 'holiday' && d.date.startsWith('2025-10'));
    expect(oct.map((d) => d.date)).toEqual(['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08']);
    expect(new Set(oct.map((d) => d.name))).toEqual(new Set(['国庆节、中秋节']));
  });

  it('2026 working weekends are exactly those published', () => {
    expect(
      yearData(2026)
        .filter((d) => d.type === 'workday')
        .map((d) => d.date),
    ).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('holiday ranges are expanded to single days (2026 Spring Festival: 02-15..02-23)', () => {
    const sf = yearData(2026)
      .filter((d) => d.name === '春节')
      .map((d) => d.date);
    expect(sf).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']);
  });
});
