import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { ACTORS, NOW_IN, caseIn, ctxAt, outcomeOf, refusalOf } from './test-fixtures.js';

/** 受理 and the centre's eligibility review (通知 一; api-v1 "Eligibility by USCC"). */
describe('decide — acceptance waits for the eligibility review', () => {
  const ctx = ctxAt(NOW_IN.submitted);
  const accept = { type: 'acceptance', decision: 'accept', reason: '' } as const;

  it('an organisation whose review is pending → 409 ELIGIBILITY_REVIEW, citing 一', () => {
    const r = refusalOf(() => decide(caseIn('submitted', { organizationEligibility: 'needs_review' }), accept, ACTORS.center, ctx));
    expect(r.code).toBe('ELIGIBILITY_REVIEW');
    expect(r.clause).toBe('一');
    expect(r.message).toContain('资格审核');
  });

  it('an organisation the review found not eligible → NOT_ELIGIBLE', () => {
    expect(outcomeOf(() => decide(caseIn('submitted', { organizationEligibility: 'not_eligible' }), accept, ACTORS.center, ctx), true)).toBe('NOT_ELIGIBLE 一');
  });

  it('positive twin: eligible (by type or by review) is accepted', () => {
    expect(decide(caseIn('submitted', { organizationEligibility: 'eligible' }), accept, ACTORS.center, ctx).status).toBe('accepted');
  });

  it('return and reject stay open whatever the eligibility', () => {
    for (const organizationEligibility of ['needs_review', 'not_eligible'] as const) {
      const c = caseIn('submitted', { organizationEligibility });
      expect(decide(c, { type: 'acceptance', decision: 'reject', reason: '不符合申报条件' }, ACTORS.center, ctx).status).toBe('rejected');
      expect(decide(c, { type: 'acceptance', decision: 'return', reason: '请补充材料' }, ACTORS.center, ctx).status).toBe('returned');
    }
  });

  it('the role and state checks come first', () => {
    const c = caseIn('submitted', { organizationEligibility: 'needs_review' });
    expect(outcomeOf(() => decide(c, accept, ACTORS.bureau, ctx))).toBe('FORBIDDEN');
    expect(outcomeOf(() => decide(caseIn('draft', { organizationEligibility: 'needs_review' }), accept, ACTORS.center, ctxAt(NOW_IN.draft)))).toBe('CONFLICT');
  });
});
