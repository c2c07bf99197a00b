import { describe, expect, it } from 'vitest';
import { countWorkingDays, dayReason, isWorkingDay, makeCalendar, workingDaysAfter, workingDaysLeft, type WorkingCalendar } from './calendar.js';
import { SEEDED_CALENDAR } from './calendar-data.js';
import { Refusal } from './refusal.js';

const cal: WorkingCalendar = makeCalendar(
  SEEDED_CALENDAR.map((y) => y.year),
  SEEDED_CALENDAR.flatMap((y) => y.days),
);

function refusalOf(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a Refusal');
}

/** golden spans: [label, from, count, endsOn, days, skipped as 'date reason'] */
const GOLDEN: [string, string, number, string, string[], string[]][] = [
  ['domain example: published Monday', '2024-09-02', 5, '2024-09-06', ['2024-09-02', '2024-09-03', '2024-09-04', '2024-09-05', '2024-09-06'], []],
  [
    'Mid-Autumn 2024 with a make-up Saturday',
    '2024-09-13',
    5,
    '2024-09-20',
    ['2024-09-13', '2024-09-14', '2024-09-18', '2024-09-19', '2024-09-20'],
    ['2024-09-15 中秋节', '2024-09-16 中秋节', '2024-09-17 中秋节'],
  ],
  [
    'Spring Festival 2025 (make-up Sunday 01-26)',
    '2025-01-24',
    5,
    '2025-02-06',
    ['2025-01-24', '2025-01-26', '2025-01-27', '2025-02-05', '2025-02-06'],
    [
      '2025-01-25 周六',
      '2025-01-28 春节',
      '2025-01-29 春节',
      '2025-01-30 春节',
      '2025-01-31 春节',
      '2025-02-01 春节',
      '2025-02-02 春节',
      '2025-02-03 春节',
      '2025-02-04 春节',
    ],
  ],
  [
    'Spring Festival 2025 ends with make-up Saturday 02-08',
    '2025-02-04',
    4,
    '2025-02-08',
    ['2025-02-05', '2025-02-06', '2025-02-07', '2025-02-08'],
    ['2025-02-04 春节'],
  ],
  [
    'National Day 2024 (make-up Sunday 09-29)',
    '2024-09-27',
    5,
    '2024-10-09',
    ['2024-09-27', '2024-09-29', '2024-09-30', '2024-10-08', '2024-10-09'],
    [
      '2024-09-28 周六',
      '2024-10-01 国庆节',
      '2024-10-02 国庆节',
      '2024-10-03 国庆节',
      '2024-10-04 国庆节',
      '2024-10-05 国庆节',
      '2024-10-06 国庆节',
      '2024-10-07 国庆节',
    ],
  ],
  [
    'start on a holiday: published on National Day 2024',
    '2024-10-01',
    5,
    '2024-10-12',
    ['2024-10-08', '2024-10-09', '2024-10-10', '2024-10-11', '2024-10-12'],
    ['2024-10-01 国庆节', '2024-10-02 国庆节', '2024-10-03 国庆节', '2024-10-04 国庆节', '2024-10-05 国庆节', '2024-10-06 国庆节', '2024-10-07 国庆节'],
  ],
  [
    'National Day 2026 (make-up Saturday 10-10)',
    '2026-09-30',
    4,
    '2026-10-10',
    ['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10'],
    ['2026-10-01 国庆节', '2026-10-02 国庆节', '2026-10-03 国庆节', '2026-10-04 国庆节', '2026-10-05 国庆节', '2026-10-06 国庆节', '2026-10-07 国庆节'],
  ],
  [
    'National Day and Mid-Autumn 2025 share one break',
    '2025-09-30',
    2,
    '2025-10-09',
    ['2025-09-30', '2025-10-09'],
    [
      '2025-10-01 国庆节、中秋节',
      '2025-10-02 国庆节、中秋节',
      '2025-10-03 国庆节、中秋节',
      '2025-10-04 国庆节、中秋节',
      '2025-10-05 国庆节、中秋节',
      '2025-10-06 国庆节、中秋节',
      '2025-10-07 国庆节、中秋节',
      '2025-10-08 国庆节、中秋节',
    ],
  ],
  ['start on a Saturday before a make-up Sunday', '2024-02-03', 1, '2024-02-04', ['2024-02-04'], ['2024-02-03 周六']],
  ['start on a plain weekend', '2024-09-07', 1, '2024-09-09', ['2024-09-09'], ['2024-09-07 周六', '2024-09-08 周日']],
  [
    'Spring Festival 2024 ends with make-up Sunday 02-18',
    '2024-02-08',
    3,
    '2024-02-18',
    ['2024-02-08', '2024-02-09', '2024-02-18'],
    ['2024-02-10 春节', '2024-02-11 春节', '2024-02-12 春节', '2024-02-13 春节', '2024-02-14 春节', '2024-02-15 春节', '2024-02-16 春节', '2024-02-17 春节'],
  ],
  [
    'Spring Festival 2026 (nine days, make-up Saturday 02-14)',
    '2026-02-13',
    3,
    '2026-02-24',
    ['2026-02-13', '2026-02-14', '2026-02-24'],
    [
      '2026-02-15 春节',
      '2026-02-16 春节',
      '2026-02-17 春节',
      '2026-02-18 春节',
      '2026-02-19 春节',
      '2026-02-20 春节',
      '2026-02-21 春节',
      '2026-02-22 春节',
      '2026-02-23 春节',
    ],
  ],
  [
    'Qingming 2024 with make-up Sunday 04-07',
    '2024-04-03',
    3,
    '2024-04-08',
    ['2024-04-03', '2024-04-07', '2024-04-08'],
    ['2024-04-04 清明节', '2024-04-05 清明节', '2024-04-06 清明节'],
  ],
  [
    'Labour Day 2024 lead-in: Saturday skipped, make-up Sunday counted',
    '2024-04-26',
    4,
    '2024-04-30',
    ['2024-04-26', '2024-04-28', '2024-04-29', '2024-04-30'],
    ['2024-04-27 周六'],
  ],
  [
    'Labour Day 2025',
    '2025-04-30',
    2,
    '2025-05-06',
    ['2025-04-30', '2025-05-06'],
    ['2025-05-01 劳动节', '2025-05-02 劳动节', '2025-05-03 劳动节', '2025-05-04 劳动节', '2025-05-05 劳动节'],
  ],
  [
    'Dragon Boat 2025: a holiday weekend is named by the holiday',
    '2025-05-30',
    2,
    '2025-06-03',
    ['2025-05-30', '2025-06-03'],
    ['2025-05-31 端午节', '2025-06-01 端午节', '2025-06-02 端午节'],
  ],
  ['year boundary 2024 → 2025', '2024-12-31', 2, '2025-01-02', ['2024-12-31', '2025-01-02'], ['2025-01-01 元旦']],
  [
    'year boundary 2025 → 2026 (New Year 2026 make-up Sunday 01-04)',
    '2025-12-31',
    3,
    '2026-01-05',
    ['2025-12-31', '2026-01-04', '2026-01-05'],
    ['2026-01-01 元旦', '2026-01-02 元旦', '2026-01-03 元旦'],
  ],
  ['span ending on the last day of the last known year', '2026-12-30', 2, '2026-12-31', ['2026-12-30', '2026-12-31'], []],
  ['count 1 on a working day is that day', '2025-03-03', 1, '2025-03-03', ['2025-03-03'], []],
];

describe('countWorkingDays — golden spans', () => {
  it.each(GOLDEN)('%s', (_label, from, count, endsOn, days, skipped) => {
    const r = countWorkingDays(cal, from, count);
    expect(r.from).toBe(from);
    expect(r.count).toBe(count);
    expect(r.endsOn).toBe(endsOn);
    expect(r.days).toEqual(days);
    expect(r.skipped.map((s) => `${s.date} ${s.reason}`)).toEqual(skipped);
  });

  it('days and skipped together cover every calendar day from `from` to endsOn exactly once', () => {
    for (const [, from, count] of GOLDEN) {
      const r = countWorkingDays(cal, from, count);
      const all = [...r.days, ...r.skipped.map((s) => s.date)].sort();
      expect(all[0]).toBe(from);
      expect(all[all.length - 1]).toBe(r.endsOn);
      const span = (Date.parse(r.endsOn) - Date.parse(from)) / 86_400_000 + 1;
      expect(all.length).toBe(span);
      expect(new Set(all).size).toBe(span);
    }
  });

  it('rejects a count below 1 or not an integer', () => {
    expect(() => countWorkingDays(cal, '2024-09-02', 0)).toThrow(RangeError);
    expect(() => countWorkingDays(cal, '2024-09-02', -3)).toThrow(RangeError);
    expect(() => countWorkingDays(cal, '2024-09-02', 1.5)).toThrow(RangeError);
    expect(() => countWorkingDays(cal, '2024-09-02', Number.NaN)).toThrow(RangeError);
  });

  it('rejects a malformed or impossible date', () => {
    expect(() => countWorkingDays(cal, '2024-02-30', 1)).toThrow(RangeError);
    expect(() => countWorkingDays(cal, '2024/09/02', 1)).toThrow(RangeError);
    expect(() => isWorkingDay(cal, '2025-02-29')).toThrow(RangeError);
  });
});

describe('unknown years are refused, never guessed', () => {
  it('a date in 2027 → CALENDAR_UNKNOWN naming the year', () => {
    const r = refusalOf(() => isWorkingDay(cal, '2027-01-04'));
    expect(r.code).toBe('CALENDAR_UNKNOWN');
    expect(r.detail).toContain('2027年');
    expect(r.detail).toContain('管理员');
    expect(r.clause).toBeUndefined();
    expect(r.extra.year).toBe(2027);
  });

  it('dayReason and countWorkingDays refuse too', () => {
    expect(refusalOf(() => dayReason(cal, '2027-06-01')).code).toBe('CALENDAR_UNKNOWN');
    expect(refusalOf(() => countWorkingDays(cal, '2027-03-01', 1)).code).toBe('CALENDAR_UNKNOWN');
    expect(refusalOf(() => countWorkingDays(cal, '2023-12-29', 1)).code).toBe('CALENDAR_UNKNOWN');
  });

  it('a span crossing from 2026 into 2027 is refused', () => {
    const r = refusalOf(() => countWorkingDays(cal, '2026-12-30', 5));
    expect(r.code).toBe('CALENDAR_UNKNOWN');
    expect(r.detail).toContain('2027年');
    expect(r.extra.date).toBe('2027-01-01');
  });

  it('a correction period running into 2027 is refused', () => {
    expect(refusalOf(() => workingDaysAfter(cal, '2026-12-31', 1)).code).toBe('CALENDAR_UNKNOWN');
  });

  it('loading a year (even with no overrides) makes it known: plain Mon–Fri', () => {
    const c = makeCalendar([2027], []);
    expect(isWorkingDay(c, '2027-01-01')).toBe(true); // a Friday; nothing loaded says otherwise
    expect(dayReason(c, '2027-01-02')).toBe('周六');
    expect(countWorkingDays(c, '2027-01-01', 2).endsOn).toBe('2027-01-04');
  });
});

describe('isWorkingDay / dayReason', () => {
  it.each([
    ['2024-09-10', true, null], // Tuesday
    ['2024-09-07', false, '周六'],
    ['2024-09-08', false, '周日'],
    ['2024-09-14', true, null], // make-up Saturday
    ['2024-09-29', true, null], // make-up Sunday
    ['2025-01-26', true, null], // make-up Sunday
    ['2024-10-01', false, '国庆节'],
    ['2024-10-05', false, '国庆节'], // Saturday inside the break: the holiday's name
    ['2025-01-01', false, '元旦'],
    ['2025-10-06', false, '国庆节、中秋节'],
    ['2026-06-19', false, '端午节'],
    ['2026-09-25', false, '中秋节'],
  ] as const)('%s', (date, working, reason) => {
    expect(isWorkingDay(cal, date)).toBe(working);
    expect(dayReason(cal, date)).toBe(reason);
  });

  it('an administrator override wins over the weekday', () => {
    const c = makeCalendar(
      [2024],
      [
        { date: '2024-09-10', type: 'holiday', name: '台风停工' },
        { date: '2024-09-07', type: 'workday', name: '调休上班' },
      ],
    );
    expect(dayReason(c, '2024-09-10')).toBe('台风停工');
    expect(isWorkingDay(c, '2024-09-07')).toBe(true);
  });

  it('makeCalendar rejects an invalid override date', () => {
    expect(() => makeCalendar([2024], [{ date: '2024-13-01', type: 'holiday', name: 'x' }])).toThrow(RangeError);
  });
});

describe('workingDaysAfter — correction period from the first working day after the return', () => {
  it('returned on a Friday before Mid-Autumn 2024: starts on the make-up Saturday', () => {
    const r = workingDaysAfter(cal, '2024-09-13', 5);
    expect(r.from).toBe('2024-09-14');
    expect(r.days).toEqual(['2024-09-14', '2024-09-18', '2024-09-19', '2024-09-20', '2024-09-23']);
    expect(r.endsOn).toBe('2024-09-23');
    expect(r.skipped.map((s) => `${s.date} ${s.reason}`)).toEqual([
      '2024-09-15 中秋节',
      '2024-09-16 中秋节',
      '2024-09-17 中秋节',
      '2024-09-21 周六',
      '2024-09-22 周日',
    ]);
  });

  it('returned the day before National Day 2024', () => {
    const r = workingDaysAfter(cal, '2024-09-30', 1);
    expect(r.endsOn).toBe('2024-10-08');
    expect(r.skipped).toHaveLength(7);
  });

  it('returned on a Wednesday: day 1 is Thursday', () => {
    expect(workingDaysAfter(cal, '2025-03-05', 3).days).toEqual(['2025-03-06', '2025-03-07', '2025-03-10']);
  });
});

describe('workingDaysLeft — what a person is told is left of a deadline', () => {
  it('National Day 2024: the make-up Sunday counts, the seven days off do not (plain weekdays would say 8, without the make-up day 3)', () => {
    // after Thu 09-26: Fri 27, Sun 29 (调休上班), Mon 30, Tue 10-08
    expect(workingDaysLeft(cal, '2024-09-26', '2024-10-08')).toBe(4);
  });
  it('across New Year: 12-31, 01-02, 01-03 (01-01 is 元旦)', () => {
    expect(workingDaysLeft(cal, '2024-12-30', '2025-01-03')).toBe(3);
  });
  it('today does not count; a deadline today or past has 0 left', () => {
    expect(workingDaysLeft(cal, '2024-09-02', '2024-09-03')).toBe(1);
    expect(workingDaysLeft(cal, '2024-09-03', '2024-09-03')).toBe(0);
    expect(workingDaysLeft(cal, '2024-09-04', '2024-09-03')).toBe(0);
  });
  it('a year without a loaded schedule gives no count at all (never a guess)', () => {
    const only2024 = makeCalendar(
      [2024],
      SEEDED_CALENDAR.flatMap((y) => y.days),
    );
    expect(workingDaysLeft(only2024, '2024-12-30', '2025-01-03')).toBeNull();
    expect(workingDaysLeft(only2024, '2024-12-02', '2024-12-06')).toBe(4);
  });
});
