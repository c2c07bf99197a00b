import { describe, expect, it } from 'vitest';
import type { ItemStatus } from '../../../contract/enums.js';
import { DEFAULT_RULES } from './case.js';
import { hasEnded, isOpen, itemOutcome, noticeWorkingDays, publicityPeriod, requireOpenForObjections, requirePendingObjection } from './publicity.js';
import { CALENDAR, at, outcomeOf, refusalOf } from './test-fixtures.js';

const N = DEFAULT_RULES.publicityWorkingDays; // 三(五) 公示期为5个工作日
const GUOQING_2024 = ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-05', '2024-10-06', '2024-10-07'].map((d) => `${d} 国庆节`);

describe('publicityPeriod — 三(五) 5 working days, day 1 = the day of publication if a working day', () => {
  it('the notice runs 5 working days by default', () => {
    expect(N).toBe(5);
  });

  it.each([
    // [label, published at, startsOn, endsOn, skipped]
    ['published Monday 2024-09-02 (domain example)', '2024-09-02T10:00:00+08:00', '2024-09-02', '2024-09-06', []],
    ['published late on Monday', '2024-09-02T23:59:59+08:00', '2024-09-02', '2024-09-06', []],
    ['published on a Saturday → starts the next working day', '2024-09-07T10:00:00+08:00', '2024-09-09', '2024-09-13', ['2024-09-07 周六', '2024-09-08 周日']],
    ['published on a Sunday', '2024-09-08T10:00:00+08:00', '2024-09-09', '2024-09-13', ['2024-09-08 周日']],
    ['Friday 23:30 in Shanghai, written in UTC', '2024-09-06T15:30:00Z', '2024-09-06', '2024-09-12', ['2024-09-07 周六', '2024-09-08 周日']],
    [
      'Saturday 00:30 in Shanghai, written in UTC (still Friday in UTC)',
      '2024-09-06T16:30:00Z',
      '2024-09-09',
      '2024-09-13',
      ['2024-09-07 周六', '2024-09-08 周日'],
    ],
    [
      'over Mid-Autumn 2024 with the make-up Saturday 09-14',
      '2024-09-13T10:00:00+08:00',
      '2024-09-13',
      '2024-09-20',
      ['2024-09-15 中秋节', '2024-09-16 中秋节', '2024-09-17 中秋节'],
    ],
    ['over National Day 2024, published Monday 09-30', '2024-09-30T10:00:00+08:00', '2024-09-30', '2024-10-11', GUOQING_2024],
    [
      'published Saturday 09-28 → starts on the make-up Sunday 09-29, over National Day',
      '2024-09-28T10:00:00+08:00',
      '2024-09-29',
      '2024-10-10',
      ['2024-09-28 周六', ...GUOQING_2024],
    ],
    ['published on National Day → starts 10-08, ends on the make-up Saturday 10-12', '2024-10-01T10:00:00+08:00', '2024-10-08', '2024-10-12', GUOQING_2024],
    [
      'over National Day and Mid-Autumn 2025 (make-up Sunday 09-28)',
      '2025-09-26T10:00:00+08:00',
      '2025-09-26',
      '2025-10-09',
      ['2025-09-27 周六', ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => `2025-10-${d} 国庆节、中秋节`)],
    ],
  ] as const)('%s: %s → %s..%s', (_label, publishedAt, startsOn, endsOn, skipped) => {
    const p = publicityPeriod(CALENDAR, at(publishedAt), N);
    expect(p.startsOn).toBe(startsOn);
    expect(p.endsOn).toBe(endsOn);
    expect(p.skipped.map((s) => `${s.date} ${s.reason}`)).toEqual([...skipped]);
  });

  it('the number of working days comes from the campaign rules', () => {
    expect(publicityPeriod(CALENDAR, at('2024-09-02T10:00:00+08:00'), 3)).toMatchObject({ startsOn: '2024-09-02', endsOn: '2024-09-04' });
    expect(publicityPeriod(CALENDAR, at('2024-09-02T10:00:00+08:00'), 1)).toMatchObject({ startsOn: '2024-09-02', endsOn: '2024-09-02' });
  });

  it('a notice running into a year whose schedule is not loaded → CALENDAR_UNKNOWN', () => {
    expect(refusalOf(() => publicityPeriod(CALENDAR, at('2026-12-28T10:00:00+08:00'), N)).code).toBe('CALENDAR_UNKNOWN');
    // wholly inside 2026 it is fine
    expect(publicityPeriod(CALENDAR, at('2026-12-21T10:00:00+08:00'), N).endsOn).toBe('2026-12-25');
  });
});

describe('requireOpenForObjections, isOpen, hasEnded — objections only during the notice', () => {
  // published Saturday 2024-09-07 → 2024-09-09 .. 2024-09-13
  const p = publicityPeriod(CALENDAR, at('2024-09-07T10:00:00+08:00'), N);

  it.each([
    ['published, not started yet (Saturday)', '2024-09-07T12:00:00+08:00', 'PUBLICITY_CLOSED 三(五)', false, false],
    ['the last instant before day 1', '2024-09-08T23:59:59.999+08:00', 'PUBLICITY_CLOSED 三(五)', false, false],
    ['day 1, 00:00', '2024-09-09T00:00:00+08:00', 'ok', true, false],
    ['day 1, 00:00 written in UTC', '2024-09-08T16:00:00Z', 'ok', true, false],
    ['day 3', '2024-09-11T15:00:00+08:00', 'ok', true, false],
    ['the last instant of day 5', '2024-09-13T23:59:59.999+08:00', 'ok', true, false],
    ['24:00 of day 5', '2024-09-14T00:00:00+08:00', 'PUBLICITY_CLOSED 三(五)', false, true],
    ['24:00 of day 5 written in UTC', '2024-09-13T16:00:00Z', 'PUBLICITY_CLOSED 三(五)', false, true],
    ['a week later', '2024-09-20T10:00:00+08:00', 'PUBLICITY_CLOSED 三(五)', false, true],
  ])('%s (%s) → %s', (_label, now, expected, open, ended) => {
    expect(outcomeOf(() => requireOpenForObjections(p, at(now)), true)).toBe(expected);
    expect(isOpen(p, at(now))).toBe(open);
    expect(hasEnded(p, at(now))).toBe(ended);
  });

  it('says when the notice starts, or when it ended', () => {
    expect(refusalOf(() => requireOpenForObjections(p, at('2024-09-07T12:00:00+08:00'))).detail).toContain('2024-09-09');
    expect(refusalOf(() => requireOpenForObjections(p, at('2024-09-14T00:00:00+08:00'))).detail).toContain('2024-09-13 24时');
  });
});

describe('itemOutcome — what becomes of an item once the notice ended', () => {
  // notice 2024-09-02 .. 2024-09-06 (Friday): ends at 2024-09-07T00:00+08:00
  const endsOn = '2024-09-06';
  const dismissed = (iso: string) => ({ status: 'dismissed' as const, resolvedAt: at(iso) });
  const pending = { status: 'pending' as const, resolvedAt: null };
  const upheld = (iso: string) => ({ status: 'upheld' as const, resolvedAt: at(iso) });

  it.each([
    ['no objection → filed the day after endsOn (a Saturday: the Shanghai date of the instant)', [], { to: 'filed', filedOn: '2024-09-07' }],
    ['an objection dismissed during the notice → filed the day after endsOn', [dismissed('2024-09-04T10:00:00+08:00')], { to: 'filed', filedOn: '2024-09-07' }],
    ['dismissed on the day after endsOn', [dismissed('2024-09-07T09:00:00+08:00')], { to: 'filed', filedOn: '2024-09-07' }],
    ['a pending objection → wait', [pending], { to: 'wait' }],
    ['pending and dismissed → wait', [dismissed('2024-09-04T10:00:00+08:00'), pending], { to: 'wait' }],
    ['upheld → objection_upheld', [upheld('2024-09-05T10:00:00+08:00')], { to: 'objection_upheld' }],
    ['upheld wins over pending', [pending, upheld('2024-09-05T10:00:00+08:00')], { to: 'objection_upheld' }],
    ['upheld wins over dismissed', [dismissed('2024-09-10T10:00:00+08:00'), upheld('2024-09-05T10:00:00+08:00')], { to: 'objection_upheld' }],
    ['dismissed after the end → filed on the Shanghai date of the dismissal', [dismissed('2024-09-10T10:00:00+08:00')], { to: 'filed', filedOn: '2024-09-10' }],
    ['dismissed at 01:00 Shanghai, written in UTC the evening before', [dismissed('2024-09-09T17:00:00Z')], { to: 'filed', filedOn: '2024-09-10' }],
    ['dismissed at 23:00 Shanghai, written in UTC', [dismissed('2024-09-09T15:00:00Z')], { to: 'filed', filedOn: '2024-09-09' }],
    [
      'several dismissed after the end → the last dismissal, whatever the order',
      [dismissed('2024-09-12T10:00:00+08:00'), dismissed('2024-09-10T10:00:00+08:00'), dismissed('2024-09-04T10:00:00+08:00')],
      { to: 'filed', filedOn: '2024-09-12' },
    ],
  ] as const)('%s', (_label, objections, expected) => {
    expect(itemOutcome(endsOn, [...objections])).toEqual(expected);
  });

  it('a notice ending on the last day of a month is followed by the 1st', () => {
    expect(itemOutcome('2024-09-30', [])).toEqual({ to: 'filed', filedOn: '2024-10-01' });
    expect(itemOutcome('2024-12-31', [])).toEqual({ to: 'filed', filedOn: '2025-01-01' });
  });

  it('end to end: published Monday 2024-09-02, no objection → filed 2024-09-07', () => {
    const p = publicityPeriod(CALENDAR, at('2024-09-02T10:00:00+08:00'), N);
    expect(hasEnded(p, at('2024-09-07T00:00:00+08:00'))).toBe(true);
    expect(itemOutcome(p.endsOn, [])).toEqual({ to: 'filed', filedOn: '2024-09-07' });
  });
});

describe('noticeWorkingDays — 三(五) only approved items go on a notice, for the longest period of their calls', () => {
  const item = (name: string, status: ItemStatus, publicityWorkingDays = N) => ({ name, status, publicityWorkingDays });

  it.each([
    // [label, items, outcome (with clause) or the number of working days]
    ['one approved item', [item('养老护理员', 'approved')], 5],
    ['approved items of calls with 5 and 7 days → 7', [item('养老护理员', 'approved'), item('育婴员', 'approved', 7)], 7],
    ['an item not yet approved', [item('养老护理员', 'approved'), item('育婴员', 'project_passed')], 'CONFLICT 三(五)'],
    ['an item already on a notice', [item('育婴员', 'in_publicity')], 'CONFLICT 三(五)'],
    ['an item refused by the bureau', [item('育婴员', 'not_approved')], 'CONFLICT 三(五)'],
    ['an item already filed', [item('育婴员', 'filed')], 'CONFLICT 三(五)'],
    ['no item', [], 'VALIDATION_FAILED'],
  ] as const)('%s', (_label, items, expected) => {
    if (typeof expected === 'number') expect(noticeWorkingDays(items)).toBe(expected);
    else expect(outcomeOf(() => noticeWorkingDays(items), true)).toBe(expected);
  });

  it('names every item that is not approved, in order', () => {
    const r = refusalOf(() => noticeWorkingDays([item('甲', 'approved'), item('乙', 'project_passed'), item('丙', 'in_publicity')]));
    expect(r.message).toBe('以下项目尚未经市人社局同意，不能公示：乙、丙。');
  });
});

describe('requirePendingObjection — an objection is concluded once', () => {
  it.each([
    ['pending', 'ok'],
    ['upheld', 'CONFLICT'],
    ['dismissed', 'CONFLICT'],
  ] as const)('%s → %s', (status, expected) => {
    expect(outcomeOf(() => requirePendingObjection({ status }))).toBe(expected);
  });
});
