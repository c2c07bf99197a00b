import { describe, expect, it } from 'vitest';
import type { CaseItem } from './case.js';
import { countedReviews, decide, latestInspection } from './decide.js';
import { SAMPLE, applicant, bureau, center, expert, ok, refused } from './decide.matrix.js';
import { Refusal } from './refusal.js';
import { ACTORS, FRESH_EXPERT_ID, NOW_IN, campaign2024, caseIn, ctxAt, inspection, makeItem, review } from './test-fixtures.js';

// =============================================================================================
// Golden tests, command by command: evaluation and approval (三(三), 三(四), 三(五))
// =============================================================================================

describe('decide — expert reviews and site inspections (三(三))', () => {
  it('an assigned expert reviews once; a second review → CONFLICT', () => {
    const c = caseIn('accepted');
    expect(ok(c, SAMPLE.expert_review, expert, NOW_IN.accepted).events).toEqual([{ action: '专家提交评审意见' }]);
    const again = caseIn('accepted', { reviews: [...c.reviews, review(FRESH_EXPERT_ID)] });
    expect(refused(again, SAMPLE.expert_review, expert, NOW_IN.accepted).code).toBe('CONFLICT');
  });
  it('a declared conflict of interest is recorded as a recusal', () => {
    const d = ok(caseIn('accepted'), { type: 'expert_review', conflictOfInterest: true, recommendation: null }, expert, NOW_IN.accepted);
    expect(d.events).toEqual([{ action: '专家声明利益冲突并回避' }]);
  });
  it('a site of another application → VALIDATION_FAILED', () => {
    const r = refused(caseIn('accepted'), { type: 'site_inspection', siteId: 'site-x', result: 'pass' }, center, NOW_IN.accepted);
    expect(r.code).toBe('VALIDATION_FAILED');
  });
});

describe('decide — institution evaluation (三(三))', () => {
  const pass = SAMPLE.institution_evaluation;
  const fail = { ...pass, result: 'fail' as const, summary: '不具备条件' };

  it('passes with enough counted reviews and a passing inspection of every site; every pending item gets a due date', () => {
    const d = ok(caseIn('accepted'), pass, center, '2024-09-20T10:00:00+08:00');
    expect(d.status).toBe('institution_passed');
    expect(d.patch).toEqual({ institutionPassedOn: '2024-09-20' });
    expect(d.items).toEqual([
      { id: 'item-1', status: 'project_evaluation', projectEvaluationDueOn: '2024-12-20' },
      { id: 'item-2', status: 'project_evaluation', projectEvaluationDueOn: '2024-12-20' },
    ]);
    expect(d.events[0]?.note).toBe('机构评估通过（项目评估须于 2024-12-20 前完成）');
  });

  it('fail → institution_failed, no conditions', () => {
    const d = ok(caseIn('accepted', { reviews: [], inspections: [] }), fail, center, NOW_IN.accepted);
    expect(d.status).toBe('institution_failed');
    expect(d.items).toEqual([]);
  });

  it('a conflict-of-interest review does not count', () => {
    const c = caseIn('accepted', {
      reviews: [review('u-expert-1'), review('u-expert-2'), review('u-expert-3', { conflictOfInterest: true, recommendation: null })],
    });
    expect(countedReviews(c)).toBe(2);
    const r = refused(c, pass, center, NOW_IN.accepted);
    // the minimum of reviews is this call's setting (本批次规则), not a clause of the notice
    expect([r.code, r.clause, r.extra.rule]).toEqual(['CONFLICT', '本批次规则', 'minExpertReviews']);
    expect(r.extra.blockers).toHaveLength(1);
    expect(r.extra.blockers?.[0]?.detail).toContain('有效评审 2 份，本批次规则至少需要 3 份');
    // a fourth, unconflicted review makes it
    expect(ok({ ...c, reviews: [...c.reviews, review(FRESH_EXPERT_ID)] }, pass, center, NOW_IN.accepted).status).toBe('institution_passed');
  });

  it('minExpertReviews comes from the campaign rules', () => {
    const c = caseIn('accepted', { campaign: campaign2024({ minExpertReviews: 2 }), reviews: [review('u-expert-1'), review('u-expert-2')] });
    expect(ok(c, pass, center, NOW_IN.accepted).status).toBe('institution_passed');
    const c5 = caseIn('accepted', { campaign: campaign2024({ minExpertReviews: 5 }) });
    expect(refused(c5, pass, center, NOW_IN.accepted).code).toBe('CONFLICT');
  });

  it('the latest inspection of each site decides', () => {
    const failedThenPassed = caseIn('accepted', {
      inspections: [
        inspection('site-1', 'fail', '2024-09-05T10:00:00+08:00'),
        inspection('site-1', 'pass', '2024-09-10T10:00:00+08:00'),
        inspection('site-2', 'pass', '2024-09-05T10:00:00+08:00'),
      ],
    });
    expect(latestInspection(failedThenPassed, 'site-1')?.result).toBe('pass');
    expect(ok(failedThenPassed, pass, center, NOW_IN.accepted).status).toBe('institution_passed');

    const passedThenFailed = caseIn('accepted', {
      inspections: [
        // listed out of order on purpose: the instant decides, not the position
        inspection('site-1', 'fail', '2024-09-10T10:00:00+08:00'),
        inspection('site-1', 'pass', '2024-09-05T10:00:00+08:00'),
        inspection('site-2', 'pass', '2024-09-05T10:00:00+08:00'),
      ],
    });
    const r = refused(passedThenFailed, pass, center, NOW_IN.accepted);
    expect(r.extra.blockers?.map((b) => b.ref)).toEqual([{ rule: 'inspectEverySite', siteId: 'site-1' }]);
    expect(r.extra.blockers?.[0]?.detail).toContain('现场考察未通过');
  });

  it('every blocker at once: too few reviews, a site never inspected, a site that failed', () => {
    const c = caseIn('accepted', {
      reviews: [review('u-expert-1')],
      inspections: [inspection('site-2', 'fail', '2024-09-10T10:00:00+08:00')],
    });
    const r = refused(c, pass, center, NOW_IN.accepted);
    expect(r.code).toBe('CONFLICT');
    expect(r.extra.blockers?.map((b) => [b.code, b.clause, b.ref ?? null])).toEqual([
      ['CONFLICT', '本批次规则', { rule: 'minExpertReviews' }],
      ['CONFLICT', '本批次规则', { rule: 'inspectEverySite', siteId: 'site-1' }],
      ['CONFLICT', '本批次规则', { rule: 'inspectEverySite', siteId: 'site-2' }],
    ]);
    expect(r.extra.blockers?.[1]?.detail).toContain('尚未现场考察');
  });

  it.each([
    // 3 calendar months from the Shanghai day of passing, clamped to the month's end
    ['2024-05-31T10:00:00+08:00', '2024-05-31', '2024-08-31'],
    ['2024-11-30T10:00:00+08:00', '2024-11-30', '2025-02-28'],
    ['2024-11-29T16:30:00Z', '2024-11-30', '2025-02-28'], // = 2024-11-30 00:30 in Shanghai
    ['2024-11-30T15:59:59Z', '2024-11-30', '2025-02-28'],
    ['2024-11-30T16:00:00Z', '2024-12-01', '2025-03-01'], // = 2024-12-01 00:00 in Shanghai
    ['2024-12-31T10:00:00+08:00', '2024-12-31', '2025-03-31'],
    ['2023-11-30T10:00:00+08:00', '2023-11-30', '2024-02-29'],
  ])('passed at %s (Shanghai %s) → projectEvaluationDueOn %s', (instant, day, due) => {
    const d = ok(caseIn('accepted'), pass, center, instant);
    expect(d.patch.institutionPassedOn).toBe(day);
    expect(d.items.map((i) => i.projectEvaluationDueOn)).toEqual([due, due]);
  });

  it('projectEvaluationMonths comes from the campaign rules', () => {
    const c = caseIn('accepted', { campaign: campaign2024({ projectEvaluationMonths: 1 }) });
    expect(ok(c, pass, center, '2024-01-31T10:00:00+08:00').items[0]?.projectEvaluationDueOn).toBe('2024-02-29');
  });

  it('only pending items enter project evaluation', () => {
    const items: CaseItem[] = [makeItem(), makeItem({ id: 'item-2', status: 'abandoned' })];
    const d = ok(caseIn('accepted', { items }), pass, center, '2024-09-20T10:00:00+08:00');
    expect(d.items.map((i) => i.id)).toEqual(['item-1']);
  });
});

describe('decide — project evaluation (三(四))', () => {
  const pe = SAMPLE.project_evaluation;

  it.each([
    ['2024-12-20T23:59:59.999+08:00', 'ok'],
    ['2024-12-20T15:59:59.999Z', 'ok'],
    ['2024-12-21T00:00:00+08:00', 'DEADLINE_PASSED 三(四)'],
    ['2024-12-20T16:00:00Z', 'DEADLINE_PASSED 三(四)'],
  ])('at %s (due 2024-12-20) → %s', (instant, expected) => {
    let got = 'ok';
    try {
      decide(caseIn('institution_passed'), pe, center, ctxAt(instant));
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      got = `${e.code} ${e.clause}`;
    }
    expect(got).toBe(expected);
  });

  it('pass → item project_passed; fail → project_failed; the application keeps its status', () => {
    const d = ok(caseIn('institution_passed'), pe, center, NOW_IN.institution_passed);
    expect(d.status).toBe('institution_passed');
    expect(d.items).toEqual([{ id: 'item-1', status: 'project_passed' }]);
    expect(d.events).toEqual([{ action: '项目评估', itemId: 'item-1', from: 'project_evaluation', to: 'project_passed', note: '项目评估通过' }]);
    const f = ok(caseIn('institution_passed'), { ...pe, itemId: 'item-2', result: 'fail' }, center, NOW_IN.institution_passed);
    expect(f.items).toEqual([{ id: 'item-2', status: 'project_failed' }]);
  });

  it('an abandoned item → DEADLINE_PASSED 三(四), even before the instant is looked at', () => {
    const c = caseIn('institution_passed', { items: [makeItem({ status: 'abandoned', projectEvaluationDueOn: '2024-12-20' })] });
    const r = refused(c, pe, center, NOW_IN.institution_passed);
    expect([r.code, r.clause]).toEqual(['DEADLINE_PASSED', '三(四)']);
  });

  it.each(['pending', 'project_passed', 'project_failed', 'approved', 'not_approved', 'in_publicity', 'filed'] as const)(
    'an item in %s → CONFLICT',
    (status) => {
      const c = caseIn('institution_passed', { items: [makeItem({ status, projectEvaluationDueOn: '2024-12-20' })] });
      expect(refused(c, pe, center, NOW_IN.institution_passed).code).toBe('CONFLICT');
    },
  );
});

describe('decide — project submission (三(四): the applicant completes it within 3 months)', () => {
  const ps = SAMPLE.project_submission;
  const withItem = (status: CaseItem['status']) => caseIn('institution_passed', { items: [makeItem({ status, projectEvaluationDueOn: '2024-12-20' })] });

  it('the owning applicant, item in project_evaluation → project_submitted with its history line; the application keeps its status', () => {
    const d = ok(caseIn('institution_passed'), ps, applicant, NOW_IN.institution_passed);
    expect(d.status).toBe('institution_passed');
    expect(d.items).toEqual([{ id: 'item-1', status: 'project_submitted' }]);
    expect(d.events).toEqual([
      { action: '提交项目评估材料', itemId: 'item-1', from: 'project_evaluation', to: 'project_submitted', note: '项目评估材料已上传' },
    ]);
  });

  it.each([
    ['2024-12-20T23:59:59.999+08:00', 'ok'],
    ['2024-12-21T00:00:00+08:00', 'DEADLINE_PASSED 三(四)'],
  ])('at %s (due 2024-12-20) → %s', (instant, expected) => {
    let got = 'ok';
    try {
      decide(caseIn('institution_passed'), ps, applicant, ctxAt(instant));
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      got = `${e.code} ${e.clause}`;
    }
    expect(got).toBe(expected);
  });

  it.each([
    ['project_submitted', 'CONFLICT 三(四)'],
    ['abandoned', 'DEADLINE_PASSED 三(四)'],
    ['pending', 'CONFLICT 三(四)'],
    ['project_passed', 'CONFLICT 三(四)'],
    ['project_failed', 'CONFLICT 三(四)'],
    ['approved', 'CONFLICT 三(四)'],
    ['filed', 'CONFLICT 三(四)'],
  ] as const)('an item in %s → %s, in Chinese', (status, expected) => {
    const r = refused(withItem(status), ps, applicant, NOW_IN.institution_passed);
    expect(`${r.code} ${r.clause}`).toBe(expected);
    expect(r.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each(['center', 'bureau', 'expert', 'industry_authority', 'district_hr'] as const)('%s → FORBIDDEN (only the applicant submits)', (role) => {
    expect(refused(caseIn('institution_passed'), ps, ACTORS[role], NOW_IN.institution_passed).code).toBe('FORBIDDEN');
  });

  it('an applicant of another organisation → NOT_FOUND', () => {
    expect(refused(caseIn('institution_passed'), ps, { ...applicant, organizationId: 'org-other' }, NOW_IN.institution_passed).code).toBe('NOT_FOUND');
  });

  it('the centre records its result on a submitted item, even after the due date', () => {
    const d = ok(withItem('project_submitted'), SAMPLE.project_evaluation, center, '2025-03-01T10:00:00+08:00');
    expect(d.items).toEqual([{ id: 'item-1', status: 'project_passed' }]);
  });
});

describe('decide — project materials (三(四)): the only upload after the institution evaluation', () => {
  const up = (kind: 'project_material' | 'work_plan', itemId?: string) => ({ type: 'upload_material' as const, kind, ...(itemId ? { itemId } : {}) });
  it.each([
    ['project_evaluation', 'ok'],
    ['project_submitted', 'ok'],
    ['pending', 'CONFLICT 三(四)'],
    ['abandoned', 'CONFLICT 三(四)'],
    ['project_passed', 'CONFLICT 三(四)'],
  ] as const)('project_material for an item in %s → %s', (status, expected) => {
    const c = caseIn('institution_passed', { items: [makeItem({ status, projectEvaluationDueOn: '2024-12-20' })] });
    let got = 'ok';
    try {
      ok(c, up('project_material', 'item-1'), applicant, NOW_IN.institution_passed);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      got = `${e.code} ${e.clause}`;
    }
    expect(got).toBe(expected);
  });
  it('any other kind once institution_passed → CONFLICT 三(四)', () => {
    const r = refused(caseIn('institution_passed'), up('work_plan'), applicant, NOW_IN.institution_passed);
    expect(`${r.code} ${r.clause}`).toBe('CONFLICT 三(四)');
  });
  it('project_material before the institution evaluation → CONFLICT 三(四)', () => {
    const r = refused(caseIn('draft'), up('project_material', 'item-1'), applicant, NOW_IN.draft);
    expect(`${r.code} ${r.clause}`).toBe('CONFLICT 三(四)');
  });
});

describe('decide — approval (三(五))', () => {
  const approve = SAMPLE.approval;

  it('only from project_passed: approve → approved, reject → not_approved', () => {
    const c = caseIn('institution_passed', { items: [makeItem({ status: 'project_passed', projectEvaluationDueOn: '2024-12-20' })] });
    const d = ok(c, approve, bureau, NOW_IN.institution_passed);
    expect(d.status).toBe('institution_passed');
    expect(d.items).toEqual([{ id: 'item-1', status: 'approved' }]);
    expect(d.events[0]).toMatchObject({ action: '市人社局同意', from: 'project_passed', to: 'approved' });
    const n = ok(c, { ...approve, decision: 'reject', comment: '不同意' }, bureau, NOW_IN.institution_passed);
    expect(n.items).toEqual([{ id: 'item-1', status: 'not_approved' }]);
  });

  it('the bureau may approve after the project-evaluation due date once the item passed', () => {
    const c = caseIn('institution_passed', { items: [makeItem({ status: 'project_passed', projectEvaluationDueOn: '2024-12-20' })] });
    expect(ok(c, approve, bureau, '2025-01-10T10:00:00+08:00').items[0]?.status).toBe('approved');
  });

  it.each(['pending', 'project_evaluation', 'project_failed', 'abandoned', 'approved', 'not_approved', 'in_publicity', 'objection_upheld', 'filed'] as const)(
    'an item in %s → CONFLICT 三(五)',
    (status) => {
      const c = caseIn('institution_passed', { items: [makeItem({ status, projectEvaluationDueOn: '2024-12-20' })] });
      const r = refused(c, approve, bureau, NOW_IN.institution_passed);
      expect([r.code, r.clause]).toEqual(['CONFLICT', '三(五)']);
    },
  );

  it('an application that is not institution_passed → CONFLICT, even with a project_passed item', () => {
    const c = caseIn('accepted', { items: [makeItem({ status: 'project_passed' })] });
    const r = refused(c, approve, bureau, NOW_IN.accepted);
    expect(r.code).toBe('CONFLICT');
    expect(r.clause).toBeUndefined();
  });
});
