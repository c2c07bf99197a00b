import { describe, expect, it } from 'vitest';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../../../contract/enums.js';
import type { ApplicationCase } from './case.js';
import type { Decision } from './decide.js';
import { applyDeadlines, dayAfter, deadlinesOf } from './deadlines.js';
import { APPLICATION_ID, at, caseIn, makeItem } from './test-fixtures.js';

/** What the service does with a Decision: the case as it is afterwards. */
function applied(c: ApplicationCase, d: Decision): ApplicationCase {
  return {
    ...c,
    status: d.status,
    ...('correctionDueOn' in d.patch ? { correctionDueOn: d.patch.correctionDueOn ?? null } : {}),
    items: c.items.map((i) => {
      const u = d.items.find((x) => x.id === i.id);
      return u ? { ...i, status: u.status, ...(u.projectEvaluationDueOn !== undefined ? { projectEvaluationDueOn: u.projectEvaluationDueOn } : {}) } : i;
    }),
  };
}

/** Statuses in which an application waits on its applicant — written out, not imported. */
const AWAITING_APPLICANT: ApplicationStatus[] = ['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'returned'];
const NOT_AWAITING = APPLICATION_STATUSES.filter((s) => !AWAITING_APPLICANT.includes(s));

describe('applyDeadlines — correction lapse (逾期未补正, 本批次规则)', () => {
  // returned Monday 2024-09-02 → correctionDueOn 2024-09-09, lapses at 2024-09-10T00:00+08:00
  const due = '2024-09-09';

  describe.each(AWAITING_APPLICANT)('an application in %s with a correction period', (status) => {
    // e.g. returned → edited with new recommenders → draft → awaiting_recommendation → recommended
    const c = caseIn(status, { correctionDueOn: due });

    it.each(['2024-09-05T10:00:00+08:00', '2024-09-09T23:59:59.999+08:00', '2024-09-09T15:59:59.999Z'])('nothing happens at %s', (now) => {
      expect(applyDeadlines(c, at(now))).toBeNull();
    });

    it.each(['2024-09-10T00:00:00+08:00', '2024-09-09T16:00:00Z', '2024-10-01T10:00:00+08:00'])('at %s it becomes rejected (逾期未补正)', (now) => {
      const d = applyDeadlines(c, at(now));
      expect(d).not.toBeNull();
      expect(d!.status).toBe('rejected');
      expect(d!.items).toEqual([]);
      expect(d!.events).toEqual([{ action: '逾期未补正', from: status, to: 'rejected', note: `补正期限 ${due} 24时届满，未重新提交，依本批次规则不予受理。` }]);
    });

    it('is idempotent: applying the result and asking again yields null', () => {
      const now = at('2024-09-10T00:00:00+08:00');
      const after = applied(c, applyDeadlines(c, now)!);
      expect(after.status).toBe('rejected');
      expect(applyDeadlines(after, now)).toBeNull();
      expect(applyDeadlines(after, at('2025-01-01T00:00:00+08:00'))).toBeNull();
    });
  });

  it.each(NOT_AWAITING)('an application in %s is not touched by a stale correction date', (status) => {
    const c = caseIn(status, { correctionDueOn: '2024-09-09' });
    // (institution_passed: its items are due only on 2024-12-20)
    expect(applyDeadlines(c, at('2024-09-10T00:00:00+08:00'))).toBeNull();
    expect(deadlinesOf(c).filter((d) => d.kind === 'correction')).toEqual([]);
  });

  it('an application never returned has no correction deadline', () => {
    for (const status of AWAITING_APPLICANT.filter((s) => s !== 'returned')) {
      expect(applyDeadlines(caseIn(status), at('2030-01-01T00:00:00+08:00'))).toBeNull();
    }
  });
});

describe('applyDeadlines — project evaluation lapse (三(四) 视作放弃)', () => {
  // caseIn('institution_passed'): item-1 and item-2 in project_evaluation, due 2024-12-20
  it('nothing before 24:00 of the due date', () => {
    expect(applyDeadlines(caseIn('institution_passed'), at('2024-12-20T23:59:59.999+08:00'))).toBeNull();
  });

  it('at 24:00 every item still in project evaluation is abandoned; the application keeps its status', () => {
    const c = caseIn('institution_passed');
    const d = applyDeadlines(c, at('2024-12-21T00:00:00+08:00'))!;
    expect(d.status).toBe('institution_passed');
    expect(d.patch).toEqual({});
    expect(d.items).toEqual([
      { id: 'item-1', status: 'abandoned' },
      { id: 'item-2', status: 'abandoned' },
    ]);
    expect(d.events.map((e) => [e.action, e.itemId, e.from, e.to])).toEqual([
      ['逾期未完成项目评估，视作放弃', 'item-1', 'project_evaluation', 'abandoned'],
      ['逾期未完成项目评估，视作放弃', 'item-2', 'project_evaluation', 'abandoned'],
    ]);
    expect(applyDeadlines(applied(c, d), at('2024-12-21T00:00:00+08:00'))).toBeNull();
  });

  it('items already evaluated, and items with a later due date, are left alone', () => {
    const c = caseIn('institution_passed', {
      items: [
        makeItem({ id: 'a', status: 'project_passed', projectEvaluationDueOn: '2024-12-20' }),
        makeItem({ id: 'b', status: 'project_failed', projectEvaluationDueOn: '2024-12-20' }),
        makeItem({ id: 'c', status: 'project_evaluation', projectEvaluationDueOn: '2024-12-20' }),
        makeItem({ id: 'd', status: 'project_evaluation', projectEvaluationDueOn: '2024-12-31' }),
      ],
    });
    expect(applyDeadlines(c, at('2024-12-21T00:00:00+08:00'))?.items).toEqual([{ id: 'c', status: 'abandoned' }]);
  });

  // 三(四): the applicant's submission of its project-evaluation materials stops the 3-month clock
  it.each([
    ['project_evaluation', [{ id: 'x', status: 'abandoned' }]],
    ['project_submitted', undefined],
  ] as const)('an item in %s at 24:00 of its due date → %j (submitted items never lapse)', (status, expected) => {
    const c = caseIn('institution_passed', { items: [makeItem({ id: 'x', status, projectEvaluationDueOn: '2024-12-20' })] });
    expect(applyDeadlines(c, at('2024-12-21T00:00:00+08:00'))?.items).toEqual(expected);
    expect(applyDeadlines(c, at('2025-12-21T00:00:00+08:00'))?.items).toEqual(expected);
    expect(deadlinesOf(c).map((d) => d.subjectId)).toEqual(status === 'project_evaluation' ? ['x'] : []);
  });
});

describe('deadlinesOf', () => {
  it('a returned application: its correction deadline at 24:00 of correctionDueOn', () => {
    expect(deadlinesOf(caseIn('returned'))).toEqual([{ kind: 'correction', subjectId: APPLICATION_ID, dueAt: at('2024-09-04T00:00:00+08:00') }]);
  });

  it('an application in project evaluation: one deadline per item still in it', () => {
    const c = caseIn('institution_passed', {
      items: [
        makeItem({ id: 'a', status: 'project_evaluation', projectEvaluationDueOn: '2024-12-20' }),
        makeItem({ id: 'b', status: 'project_passed', projectEvaluationDueOn: '2024-12-20' }),
        makeItem({ id: 'c', status: 'abandoned', projectEvaluationDueOn: '2024-12-20' }),
      ],
    });
    expect(deadlinesOf(c)).toEqual([{ kind: 'project_evaluation', subjectId: 'a', dueAt: at('2024-12-21T00:00:00+08:00') }]);
  });

  it.each(APPLICATION_STATUSES.filter((s) => s !== 'returned' && s !== 'institution_passed'))('%s (as built by caseIn) → none', (status) => {
    expect(deadlinesOf(caseIn(status))).toEqual([]);
  });

  it('agrees with applyDeadlines: nothing 1 ms before each instant, something at it', () => {
    const cases = [
      ...AWAITING_APPLICANT.map((s) => caseIn(s, { correctionDueOn: '2024-09-09' })),
      caseIn('institution_passed'),
      caseIn('institution_passed', { items: [makeItem({ status: 'project_evaluation', projectEvaluationDueOn: '2025-02-28' })] }),
    ];
    for (const c of cases) {
      const ds = deadlinesOf(c);
      expect(ds.length, c.status).toBeGreaterThan(0);
      const first = Math.min(...ds.map((d) => d.dueAt.getTime()));
      expect(applyDeadlines(c, new Date(first - 1)), c.status).toBeNull();
      expect(applyDeadlines(c, new Date(first)), c.status).not.toBeNull();
    }
  });
});

describe('dayAfter', () => {
  it.each([
    ['2024-09-09', '2024-09-10'],
    ['2024-09-30', '2024-10-01'],
    ['2024-02-28', '2024-02-29'],
    ['2024-12-31', '2025-01-01'],
  ])('%s → %s', (d, next) => {
    expect(dayAfter(d)).toBe(next);
  });
});
