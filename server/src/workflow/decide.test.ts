import { describe, expect, it } from 'vitest';
import { APPLICATION_STATUSES, ROLES, type ApplicationStatus, type Role } from '../../../contract/enums.js';
import type { ApplicationCase, CaseItem } from './case.js';
import { submissionBlockers } from './checklist.js';
import { COMMAND_ROLES, COMMAND_STATES, countedReviews, decide, inScope, latestInspection, type Command, type CommandType, type Decision } from './decide.js';
import { Refusal } from './refusal.js';
import {
  ACTORS,
  CALENDAR,
  DISTRICT_A,
  DISTRICT_B,
  DISTRICT_B_HR,
  EXPERT_IDS,
  FRESH_EXPERT_ID,
  NOW_IN,
  OUT_OF_SCOPE_ACTORS,
  TIMELINE,
  UNSCOPED_ACTORS,
  allRecommended,
  at,
  campaign2024,
  caseIn,
  ctxAt,
  inspection,
  makeCase,
  makeItem,
  prior,
  recommendation,
  refusalOf,
  review,
} from './test-fixtures.js';

// =============================================================================================
// The matrix: every application status × every command × every role
// =============================================================================================

type Sample = { [K in CommandType]: Extract<Command, { type: K }> };

/** One representative command of each type (the payload that succeeds where the command is allowed). */
const SAMPLE: Sample = {
  edit: { type: 'edit', recommendationFieldsChanged: false },
  upload_material: { type: 'upload_material' },
  delete_material: { type: 'delete_material' },
  upload_letter: { type: 'upload_letter' },
  upload_site_photo: { type: 'upload_site_photo', siteId: 'site-1' },
  request_recommendation: { type: 'request_recommendation' },
  recommend: { type: 'recommend', decision: 'recommend', comment: '同意推荐' },
  submit: { type: 'submit' },
  acceptance: { type: 'acceptance', decision: 'accept', reason: '' },
  assign_experts: { type: 'assign_experts', expertIds: [...EXPERT_IDS] },
  expert_review: { type: 'expert_review', conflictOfInterest: false, recommendation: 'pass' },
  site_inspection: { type: 'site_inspection', siteId: 'site-1', result: 'pass' },
  institution_evaluation: { type: 'institution_evaluation', result: 'pass', summary: '机构评估通过' },
  project_evaluation: { type: 'project_evaluation', itemId: 'item-1', result: 'pass', summary: '项目评估通过' },
  approval: { type: 'approval', itemId: 'item-1', decision: 'approve', comment: '同意' },
};

/**
 * Who may issue each command — written out from api-v1 "Applications", independently of COMMAND_ROLES.
 */
const MAY_ISSUE: Record<CommandType, readonly Role[]> = {
  edit: ['applicant'],
  upload_material: ['applicant'],
  delete_material: ['applicant'],
  upload_letter: ['industry_authority', 'district_hr'],
  upload_site_photo: ['center'],
  request_recommendation: ['applicant'],
  recommend: ['industry_authority', 'district_hr'],
  submit: ['applicant'],
  acceptance: ['center'],
  assign_experts: ['center'],
  expert_review: ['expert'],
  site_inspection: ['center'],
  institution_evaluation: ['center'],
  project_evaluation: ['center'],
  approval: ['bureau'],
};

/**
 * What an actor allowed to issue the command gets, for a `caseIn(status)` at `NOW_IN[status]`:
 *   '='            success, the application keeps its status
 *   '→<status>'    success, the application moves to <status>
 *   'CODE'         refused with that code (no clause: a plain state conflict)
 *   'CODE clause'  refused by a rule of the notice
 * Written out literally; columns follow APPLICATION_STATUSES.
 */
const C = 'CONFLICT';
const RM = 'RECOMMENDATION_MISSING 三(一)';
const AWR = '→awaiting_recommendation';
const SUB = '→submitted';
const STATUS_COLUMNS = [
  'draft',
  'awaiting_recommendation',
  'recommendation_declined',
  'recommended',
  'submitted',
  'returned',
  'rejected',
  'accepted',
  'institution_passed',
  'institution_failed',
] as const;
// prettier-ignore
const EXPECTED: Record<CommandType, readonly string[]> = {
  //                        draft  await  decl   recd   subm            retd   rej  acc                    ipass               ifail
  edit:                   ['=',   C,     '=',   C,     C,              '=',   C,   C,                     C,                  C],
  upload_material:        ['=',   '=',   '=',   '=',   C,              '=',   C,   C,                     C,                  C],
  delete_material:        ['=',   '=',   '=',   '=',   C,              '=',   C,   C,                     C,                  C],
  upload_letter:          [C,     '=',   C,     C,     C,              C,     C,   C,                     C,                  C],
  upload_site_photo:      [C,     C,     C,     C,     C,              C,     C,   '=',                   C,                  C],
  request_recommendation: [AWR,   C,     AWR,   C,     C,              C,     C,   C,                     C,                  C],
  recommend:              [C,     '=',   C,     C,     C,              C,     C,   C,                     C,                  C],
  submit:                 [RM,    RM,    RM,    SUB,   C,              SUB,   C,   C,                     C,                  C],
  acceptance:             [C,     C,     C,     C,     '→accepted',    C,     C,   C,                     C,                  C],
  assign_experts:         [C,     C,     C,     C,     C,              C,     C,   '=',                   C,                  C],
  expert_review:          [C,     C,     C,     C,     C,              C,     C,   '=',                   C,                  C],
  site_inspection:        [C,     C,     C,     C,     C,              C,     C,   '=',                   C,                  C],
  institution_evaluation: [C,     C,     C,     C,     C,              C,     C,   '→institution_passed', C,                  C],
  project_evaluation:     [C,     C,     C,     C,     C,              C,     C,   C,                     '=',                C],
  approval:               [C,     C,     C,     C,     C,              C,     C,   C,                     'CONFLICT 三(五)',  C],
};

function outcome(c: ApplicationCase, cmd: Command, actor: (typeof ACTORS)[Role], now: Date): string {
  try {
    const d = decide(c, cmd, actor, { now, calendar: CALENDAR });
    return d.status === c.status ? '=' : `→${d.status}`;
  } catch (e) {
    if (e instanceof Refusal) return e.clause ? `${e.code} ${e.clause}` : e.code;
    throw e;
  }
}

/** caseIn(status), with the in-scope expert assigned whatever the status, so that every role has an in-scope actor. */
function matrixCase(status: ApplicationStatus): ApplicationCase {
  const c = caseIn(status);
  if (!c.experts.includes(FRESH_EXPERT_ID)) c.experts = [...c.experts, FRESH_EXPERT_ID];
  return c;
}

const COMMAND_TYPES = Object.keys(COMMAND_ROLES) as CommandType[];

describe('decide — the matrix is complete', () => {
  it('covers every command type, every status and every role of the contract', () => {
    expect(new Set(COMMAND_TYPES)).toEqual(new Set(Object.keys(EXPECTED)));
    expect(new Set(Object.keys(COMMAND_STATES))).toEqual(new Set(Object.keys(EXPECTED)));
    expect([...STATUS_COLUMNS]).toEqual([...APPLICATION_STATUSES]);
    for (const row of Object.values(EXPECTED)) expect(row).toHaveLength(APPLICATION_STATUSES.length);
    expect(new Set(Object.keys(ACTORS))).toEqual(new Set(ROLES));
  });

  it('the fixture actors are in scope, the out-of-scope ones are not', () => {
    for (const status of APPLICATION_STATUSES) {
      const c = matrixCase(status);
      for (const role of ROLES) expect(inScope(c, ACTORS[role]), `${role} in ${status}`).toBe(true);
      for (const a of Object.values(OUT_OF_SCOPE_ACTORS)) expect(inScope(c, a), `${a.id} in ${status}`).toBe(false);
      for (const a of UNSCOPED_ACTORS) expect(inScope(c, a), `${a.id} in ${status}`).toBe(false);
    }
  });
});

describe.each(APPLICATION_STATUSES.map((s, i) => [s, i] as const))('decide — status %s', (status, col) => {
  const now = at(NOW_IN[status]);

  describe.each(COMMAND_TYPES)('%s', (type) => {
    const cells = ROLES.map((role) => {
      const expected = MAY_ISSUE[type].includes(role) ? (EXPECTED[type][col] as string) : 'FORBIDDEN';
      return [role, expected] as const;
    });

    it.each(cells)('in-scope %s → %s', (role, expected) => {
      expect(outcome(matrixCase(status), SAMPLE[type], ACTORS[role], now)).toBe(expected);
    });

    const outside = [...Object.values(OUT_OF_SCOPE_ACTORS), ...UNSCOPED_ACTORS].map((a) => [a.id, a] as const);
    it.each(outside)('out-of-scope %s → NOT_FOUND', (_id, actor) => {
      expect(outcome(matrixCase(status), SAMPLE[type], actor, now)).toBe('NOT_FOUND');
    });
  });
});

describe('decide — the matrix agrees with the exported tables', () => {
  // A consistency check in the other direction: the literal tables above, not COMMAND_ROLES/STATES,
  // are the expectation; this only points at which table drifted when the matrix fails.
  it.each(COMMAND_TYPES)('%s: COMMAND_ROLES matches the roles of the contract', (type) => {
    expect([...COMMAND_ROLES[type]].sort()).toEqual([...MAY_ISSUE[type]].sort());
  });
  it.each(COMMAND_TYPES)('%s: COMMAND_STATES matches the statuses where the matrix is not a plain CONFLICT', (type) => {
    const allowed = APPLICATION_STATUSES.filter((_, i) => EXPECTED[type][i] !== C);
    expect([...COMMAND_STATES[type]].sort()).toEqual([...allowed].sort());
  });
});

// =============================================================================================
// Golden tests, command by command
// =============================================================================================

const applicant = ACTORS.applicant;
const authority = ACTORS.industry_authority;
const districtA = ACTORS.district_hr;
const center = ACTORS.center;
const bureau = ACTORS.bureau;
const expert = ACTORS.expert;

function ok(c: ApplicationCase, cmd: Command, actor: (typeof ACTORS)[Role], now: string): Decision {
  return decide(c, cmd, actor, ctxAt(now));
}

function refused(c: ApplicationCase, cmd: Command, actor: (typeof ACTORS)[Role], now: string): Refusal {
  return refusalOf(() => decide(c, cmd, actor, ctxAt(now)));
}

describe('decide — order of checks: scope (404) → role (403) → state (409) → rules', () => {
  it('an out-of-scope actor gets NOT_FOUND even for a command its role may not issue, in a wrong state', () => {
    const r = refused(caseIn('institution_failed'), SAMPLE.submit, OUT_OF_SCOPE_ACTORS.applicant!, NOW_IN.institution_failed);
    expect(r.code).toBe('NOT_FOUND');
  });
  it('a wrong role gets FORBIDDEN even in a wrong state', () => {
    expect(refused(caseIn('institution_failed'), SAMPLE.submit, center, NOW_IN.institution_failed).code).toBe('FORBIDDEN');
  });
  it('admin sees every application but may issue none of these commands', () => {
    for (const type of COMMAND_TYPES) expect(refused(caseIn('accepted'), SAMPLE[type], ACTORS.admin, NOW_IN.accepted).code).toBe('FORBIDDEN');
  });
  it('a wrong state is CONFLICT before any rule of the notice (submit after acceptance, window long closed)', () => {
    const r = refused(caseIn('accepted'), SAMPLE.submit, applicant, '2025-01-01T00:00:00+08:00');
    expect(r.code).toBe('CONFLICT');
    expect(r.clause).toBeUndefined();
  });
  it('an item command on an unknown item is NOT_FOUND, whatever the state', () => {
    for (const status of ['accepted', 'institution_passed'] as const) {
      expect(refused(caseIn(status), { ...SAMPLE.project_evaluation, itemId: 'nope' }, center, NOW_IN[status]).code).toBe('NOT_FOUND');
      expect(refused(caseIn(status), { ...SAMPLE.approval, itemId: 'nope' }, bureau, NOW_IN[status]).code).toBe('NOT_FOUND');
    }
  });
});

describe('decide — edit and uploads (四(二), 三(二))', () => {
  it('editing a returned application with changed authority or districts goes back to draft for a new round', () => {
    const d = ok(caseIn('returned'), { type: 'edit', recommendationFieldsChanged: true }, applicant, NOW_IN.returned);
    expect(d.status).toBe('draft');
    expect(d.patch.newRecommendationRound).toBe(true);
    expect(d.events[0]).toMatchObject({ from: 'returned', to: 'draft' });
  });
  it('editing a draft with changed recommendation fields keeps it a draft', () => {
    const d = ok(caseIn('draft'), { type: 'edit', recommendationFieldsChanged: true }, applicant, NOW_IN.draft);
    expect(d.status).toBe('draft');
    expect(d.patch.newRecommendationRound).toBeUndefined();
  });
  it('once the window closed, an unsubmitted application is read-only: WINDOW_CLOSED 四(二)', () => {
    for (const [status, cmd] of [
      ['draft', SAMPLE.edit],
      ['draft', SAMPLE.upload_material],
      ['recommended', SAMPLE.delete_material],
      ['recommendation_declined', SAMPLE.request_recommendation],
    ] as const) {
      const r = refused(caseIn(status), cmd, applicant, '2024-08-29T00:00:00+08:00');
      expect([r.code, r.clause], `${status} ${cmd.type}`).toEqual(['WINDOW_CLOSED', '四(二)']);
    }
  });
  it('a returned application is editable until 24:00 of correctionDueOn, then DEADLINE_PASSED 三(二)', () => {
    expect(ok(caseIn('returned'), SAMPLE.upload_material, applicant, '2024-09-03T23:59:59.999+08:00').status).toBe('returned');
    const r = refused(caseIn('returned'), SAMPLE.edit, applicant, '2024-09-04T00:00:00+08:00');
    expect([r.code, r.clause]).toEqual(['DEADLINE_PASSED', '三(二)']);
  });
});

describe('decide — request_recommendation (三(一))', () => {
  it.each(['draft', 'recommendation_declined'] as const)('from %s starts a new round', (status) => {
    const d = ok(caseIn(status), SAMPLE.request_recommendation, applicant, NOW_IN[status]);
    expect(d.status).toBe('awaiting_recommendation');
    expect(d.patch).toEqual({ newRecommendationRound: true });
    expect(d.events).toEqual([{ action: '申请推荐', from: status, to: 'awaiting_recommendation' }]);
  });
  it('needs at least one item and one site: CONFLICT 三(一)', () => {
    for (const c of [makeCase({ items: [] }), makeCase({ sites: [] })]) {
      const r = refused(c, SAMPLE.request_recommendation, applicant, NOW_IN.draft);
      expect([r.code, r.clause]).toEqual(['CONFLICT', '三(一)']);
    }
  });
});

describe('decide — recommend (三(一))', () => {
  const now = NOW_IN.awaiting_recommendation;
  const rec = SAMPLE.recommend;
  const decline = { ...SAMPLE.recommend, decision: 'decline' as const, comment: '考核点不符合要求' };

  it('a partial set of recommendations keeps the application awaiting_recommendation', () => {
    for (const actor of [authority, districtA, DISTRICT_B_HR]) {
      const d = ok(caseIn('awaiting_recommendation'), rec, actor, now);
      expect(d.status).toBe('awaiting_recommendation');
      expect(d.events).toEqual([{ action: '推荐', note: '同意推荐' }]);
    }
    // the second of three: still waiting on DISTRICT_B
    const one = caseIn('awaiting_recommendation', { recommendations: [recommendation('authority', 'recommend')] });
    const d = ok(one, rec, districtA, now);
    expect(d.status).toBe('awaiting_recommendation');
    expect(d.events[0]?.to).toBeUndefined();
  });

  it('the last of all required recommendations → recommended, whoever comes last', () => {
    const c1 = caseIn('awaiting_recommendation', { recommendations: [recommendation('authority', 'recommend'), recommendation(DISTRICT_A, 'recommend')] });
    const d1 = ok(c1, rec, DISTRICT_B_HR, now);
    expect(d1.status).toBe('recommended');
    expect(d1.events[0]).toMatchObject({ action: '推荐', from: 'awaiting_recommendation', to: 'recommended' });

    const c2 = caseIn('awaiting_recommendation', { recommendations: [recommendation(DISTRICT_B, 'recommend'), recommendation(DISTRICT_A, 'recommend')] });
    expect(ok(c2, rec, authority, now).status).toBe('recommended');
  });

  it('one district HR bureau decides once for all sites in its district', () => {
    const sites = [
      { id: 'site-1', name: '浦东考核点一', district: DISTRICT_A },
      { id: 'site-3', name: '浦东考核点二', district: DISTRICT_A },
    ];
    const c = caseIn('awaiting_recommendation', { sites, recommendations: [recommendation('authority', 'recommend')] });
    expect(ok(c, rec, districtA, now).status).toBe('recommended');
  });

  it('any decline → recommendation_declined (first, or after the others recommended)', () => {
    const first = ok(caseIn('awaiting_recommendation'), decline, districtA, now);
    expect(first.status).toBe('recommendation_declined');
    expect(first.events).toEqual([{ action: '不予推荐', from: 'awaiting_recommendation', to: 'recommendation_declined', note: '考核点不符合要求' }]);

    const c = caseIn('awaiting_recommendation', { recommendations: [recommendation('authority', 'recommend'), recommendation(DISTRICT_A, 'recommend')] });
    expect(ok(c, decline, DISTRICT_B_HR, now).status).toBe('recommendation_declined');
    expect(ok(caseIn('awaiting_recommendation'), decline, authority, now).status).toBe('recommendation_declined');
  });

  it('a second decision in the same round → CONFLICT', () => {
    const c = caseIn('awaiting_recommendation', { recommendations: [recommendation(DISTRICT_A, 'recommend')] });
    expect(refused(c, rec, districtA, now).code).toBe('CONFLICT');
    expect(refused(c, decline, districtA, now).code).toBe('CONFLICT');
    const a = caseIn('awaiting_recommendation', { recommendations: [recommendation('authority', 'recommend')] });
    expect(refused(a, decline, authority, now).code).toBe('CONFLICT');
  });

  it('a new round (request_recommendation from recommendation_declined) lets everyone decide again', () => {
    // the repository loads only the current round's recommendations: a new round starts empty
    const d = ok(caseIn('recommendation_declined'), SAMPLE.request_recommendation, applicant, NOW_IN.recommendation_declined);
    expect(d.patch.newRecommendationRound).toBe(true);
    const next = caseIn('awaiting_recommendation', { recommendations: [] });
    expect(ok(next, rec, districtA, now).status).toBe('awaiting_recommendation');
  });

  it('recommending is not bound to the submission window', () => {
    expect(ok(caseIn('awaiting_recommendation'), rec, authority, '2024-09-02T10:00:00+08:00').status).toBe('awaiting_recommendation');
  });
});

describe('decide — submit (四(二), 三(一), 三(四), 四(一))', () => {
  it('succeeds from recommended with everything in place', () => {
    const d = ok(caseIn('recommended'), SAMPLE.submit, applicant, '2024-08-26T10:00:00+08:00');
    expect(d.status).toBe('submitted');
    expect(d.patch).toEqual({ submittedAt: at('2024-08-26T10:00:00+08:00'), firstSubmittedAt: at('2024-08-26T10:00:00+08:00'), correctionDueOn: null });
    expect(d.events).toEqual([{ action: '提交申报', from: 'recommended', to: 'submitted', note: '提交时间 2024-08-26T10:00:00+08:00' }]);
  });

  describe('blocker order WINDOW_CLOSED, COOLDOWN_ACTIVE, RECOMMENDATION_MISSING, MATERIAL_MISSING', () => {
    const afterClose = '2024-08-29T09:00:00+08:00';
    const inWindow = '2024-08-27T09:00:00+08:00';
    const everything = () =>
      makeCase({
        status: 'awaiting_recommendation',
        recommendations: [recommendation('authority', 'recommend')],
        materials: [{ kind: 'credit_proof', itemId: null }],
        priorParticipations: [prior({ submittedOn: '2024-01-10' })],
      });

    it.each([
      ['all four', afterClose, (c: ApplicationCase) => c, 'WINDOW_CLOSED', '四(二)'],
      ['window open', inWindow, (c: ApplicationCase) => c, 'COOLDOWN_ACTIVE', '三(四)'],
      ['window open, no cooldown', inWindow, (c: ApplicationCase) => ({ ...c, priorParticipations: [] }), 'RECOMMENDATION_MISSING', '三(一)'],
      [
        'window open, no cooldown, all recommended',
        inWindow,
        (c: ApplicationCase) => ({ ...c, priorParticipations: [], status: 'recommended' as const, recommendations: allRecommended(c) }),
        'MATERIAL_MISSING',
        '四(一)',
      ],
    ] as const)('%s → %s', (_label, now, shape, code, clause) => {
      const c = shape(everything());
      const r = refused(c, SAMPLE.submit, applicant, now);
      expect(r.code).toBe(code);
      expect(r.clause).toBe(clause);
      // the refusal carries the whole list (一次性告知), identical to the checklist
      expect(r.extra.blockers).toEqual(submissionBlockers(c, at(now)));
      expect(r.extra.blockers?.[0]?.code).toBe(code);
    });

    it('the whole list, in order, when everything is wrong', () => {
      const r = refused(everything(), SAMPLE.submit, applicant, afterClose);
      expect(r.extra.blockers?.map((b) => b.code)).toEqual([
        'WINDOW_CLOSED',
        'COOLDOWN_ACTIVE', // item-1 (家庭照护员) submitted 2024-01-10
        'RECOMMENDATION_MISSING', // 310104
        'RECOMMENDATION_MISSING', // 310115
        'MATERIAL_MISSING', // application_form
        'MATERIAL_MISSING', // license_copy
        'MATERIAL_MISSING', // work_plan
        'MATERIAL_MISSING', // sample papers of item-1
        'MATERIAL_MISSING', // sample papers of item-2
      ]);
      expect(r.extra.blockers?.[1]?.ref).toEqual({ itemId: 'item-1', allowedFrom: '2025-01-10' });
      expect(r.extra.blockers?.slice(2, 4).map((b) => b.ref?.district)).toEqual([DISTRICT_B, DISTRICT_A]);
    });
  });

  describe('the window edge (8月28日24时), whatever the offset the instant is written in', () => {
    it.each([
      ['2024-08-28T23:59:59.999+08:00', 'ok'],
      ['2024-08-28T15:59:59.999Z', 'ok'],
      ['2024-08-29T00:00:00+08:00', 'WINDOW_CLOSED 四(二)'],
      ['2024-08-28T16:00:00Z', 'WINDOW_CLOSED 四(二)'],
      ['2024-08-28T12:00:00-04:00', 'WINDOW_CLOSED 四(二)'],
      ['2024-08-22T23:59:59.999+08:00', 'WINDOW_CLOSED 四(二)'],
      ['2024-08-22T15:59:59.999Z', 'WINDOW_CLOSED 四(二)'],
      ['2024-08-23T00:00:00+08:00', 'ok'],
      ['2024-08-22T16:00:00Z', 'ok'],
    ])('submit at %s → %s', (instant, expected) => {
      let got = 'ok';
      try {
        decide(caseIn('recommended'), SAMPLE.submit, applicant, ctxAt(instant));
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        got = `${e.code} ${e.clause}`;
      }
      expect(got).toBe(expected);
    });
  });

  it('the one-year rule refuses with COOLDOWN_ACTIVE 三(四) when it is the only blocker', () => {
    const c = caseIn('recommended', { priorParticipations: [prior({ submittedOn: '2023-08-27' })] });
    const r = refused(c, SAMPLE.submit, applicant, '2024-08-26T10:00:00+08:00');
    expect([r.code, r.clause]).toEqual(['COOLDOWN_ACTIVE', '三(四)']);
    expect(r.extra.blockers).toHaveLength(1);
    // on the anniversary it is allowed
    expect(ok(c, SAMPLE.submit, applicant, '2024-08-27T00:00:00+08:00').status).toBe('submitted');
  });
});

describe('decide — acceptance (三(二))', () => {
  it('accept → accepted; reject → rejected with the reason', () => {
    expect(ok(caseIn('submitted'), { type: 'acceptance', decision: 'accept', reason: '' }, center, NOW_IN.submitted).events).toEqual([
      { action: '受理', from: 'submitted', to: 'accepted', note: undefined },
    ]);
    const d = ok(caseIn('submitted'), { type: 'acceptance', decision: 'reject', reason: '不符合申报条件' }, center, NOW_IN.submitted);
    expect(d.status).toBe('rejected');
    expect(d.events[0]).toMatchObject({ action: '不予受理', note: '不符合申报条件' });
    expect(d.patch.correctionDueOn).toBeUndefined();
  });

  /**
   * correctionDueOn = the 5th working day counted from the first working day after the (Shanghai) day of the return.
   * Worked by hand from the 2024 schedule:
   * - Mon 09-02 → 09-03, 04, 05, 06, 09 → 2024-09-09
   * - Fri 09-13 → Sat 09-14 is a make-up working day (day 1); 09-15..17 中秋节; 09-18 (2), 19 (3), 20 (4);
   *   Sat 21 / Sun 22 weekend; Mon 09-23 (5) → 2024-09-23
   * - the same Friday evening written in UTC as 2024-09-13T16:30Z is Sat 09-14 00:30 in Shanghai: counting starts
   *   after 09-14 → 09-18, 19, 20, 23, 24 → 2024-09-24
   * - Sun 09-29 (a make-up working day) → 09-30 (1); 10-01..07 国庆节; 10-08 (2), 09 (3), 10 (4), 11 (5) → 2024-10-11
   * - Fri 2024-09-27 → Sun 09-29 (1), Mon 09-30 (2); 国庆节; 10-08 (3), 10-09 (4), 10-10 (5) → 2024-10-10
   * - Thu 2024-08-29 → 08-30 (1), 09-02 (2), 03 (3), 04 (4), 05 (5) → 2024-09-05
   */
  it.each([
    ['2024-09-02T10:00:00+08:00', '2024-09-09'],
    ['2024-09-02T02:00:00Z', '2024-09-09'],
    ['2024-09-13T17:00:00+08:00', '2024-09-23'],
    ['2024-09-13T15:59:59Z', '2024-09-23'],
    ['2024-09-13T16:30:00Z', '2024-09-24'],
    ['2024-09-29T10:00:00+08:00', '2024-10-11'],
    ['2024-09-27T10:00:00+08:00', '2024-10-10'],
    ['2024-08-29T10:00:00+08:00', '2024-09-05'],
  ])('returned at %s → correctionDueOn %s', (instant, due) => {
    const d = ok(caseIn('submitted'), { type: 'acceptance', decision: 'return', reason: '缺少盖章页' }, center, instant);
    expect(d.status).toBe('returned');
    expect(d.patch).toEqual({ correctionDueOn: due });
    expect(d.events[0]?.note).toBe(`缺少盖章页（请于 ${due} 24时前补正并重新提交）`);
  });

  it('the correction period follows the campaign rules (correctionWorkingDays)', () => {
    const c = caseIn('submitted', { campaign: campaign2024({ correctionWorkingDays: 10 }) });
    // Mon 09-02 → 09-03..06 (4), 09-09..13 (9), 09-14 make-up Saturday (10)
    expect(ok(c, { type: 'acceptance', decision: 'return', reason: 'x' }, center, '2024-09-02T10:00:00+08:00').patch.correctionDueOn).toBe('2024-09-14');
  });

  it('a return whose period runs into a year without a loaded schedule is refused CALENDAR_UNKNOWN', () => {
    const r = refused(caseIn('submitted'), { type: 'acceptance', decision: 'return', reason: 'x' }, center, '2026-12-30T10:00:00+08:00');
    expect(r.code).toBe('CALENDAR_UNKNOWN');
  });
});

describe('decide — resubmission after a return (三(二))', () => {
  // returned Monday 2024-09-02 → correctionDueOn 2024-09-09 (the window closed on 08-29)
  const returned = () => caseIn('returned', { correctionDueOn: '2024-09-09' });

  it.each([
    ['2024-09-05T10:00:00+08:00', 'ok'],
    ['2024-09-09T23:59:59.999+08:00', 'ok'],
    ['2024-09-09T15:59:59.999Z', 'ok'],
    ['2024-09-10T00:00:00+08:00', 'DEADLINE_PASSED 三(二)'],
    ['2024-09-09T16:00:00Z', 'DEADLINE_PASSED 三(二)'],
  ])('resubmit at %s → %s', (instant, expected) => {
    let got = 'ok';
    try {
      decide(returned(), SAMPLE.submit, applicant, ctxAt(instant));
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      got = `${e.code} ${e.clause}`;
    }
    expect(got).toBe(expected);
  });

  it('a resubmission keeps the first submission instant and clears the correction period', () => {
    const d = ok(returned(), SAMPLE.submit, applicant, '2024-09-05T10:00:00+08:00');
    expect(d.status).toBe('submitted');
    expect(d.patch).toEqual({
      submittedAt: at('2024-09-05T10:00:00+08:00'),
      firstSubmittedAt: at(TIMELINE.submittedAt),
      correctionDueOn: null,
    });
    expect(d.events[0]?.action).toBe('补正后重新提交');
  });

  it('still needs the materials: MATERIAL_MISSING within the correction period', () => {
    const c = caseIn('returned', { correctionDueOn: '2024-09-09', materials: [] });
    expect(refused(c, SAMPLE.submit, applicant, '2024-09-05T10:00:00+08:00').code).toBe('MATERIAL_MISSING');
  });

  it('returned → edited with new recommenders → re-recommended → resubmitted within the same correction period', () => {
    const c = caseIn('recommended', { correctionDueOn: '2024-09-09', submittedAt: at(TIMELINE.submittedAt), firstSubmittedAt: at(TIMELINE.submittedAt) });
    const d = ok(c, SAMPLE.submit, applicant, '2024-09-06T10:00:00+08:00');
    expect(d.status).toBe('submitted');
    expect(d.events[0]?.action).toBe('补正后重新提交');
    expect(refused(c, SAMPLE.submit, applicant, '2024-09-10T00:00:00+08:00').code).toBe('DEADLINE_PASSED');
  });
});

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
    const c = caseIn('accepted', { reviews: [review('u-expert-1'), review('u-expert-2'), review('u-expert-3', { conflictOfInterest: true, recommendation: null })] });
    expect(countedReviews(c)).toBe(2);
    const r = refused(c, pass, center, NOW_IN.accepted);
    expect([r.code, r.clause]).toEqual(['CONFLICT', '三(三)']);
    expect(r.extra.blockers).toHaveLength(1);
    expect(r.extra.blockers?.[0]?.detail).toContain('有效评审 2 份，至少需要 3 份');
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
    expect(r.extra.blockers?.map((b) => b.ref)).toEqual([{ siteId: 'site-1' }]);
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
      ['CONFLICT', '三(三)', null],
      ['CONFLICT', '三(三)', { siteId: 'site-1' }],
      ['CONFLICT', '三(三)', { siteId: 'site-2' }],
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

describe('decide — purity', () => {
  it('never mutates the case it is given', () => {
    for (const status of APPLICATION_STATUSES) {
      for (const type of COMMAND_TYPES) {
        for (const role of ROLES) {
          const c = matrixCase(status);
          const snapshot = structuredClone(c);
          try {
            decide(c, SAMPLE[type], ACTORS[role], ctxAt(NOW_IN[status]));
          } catch (e) {
            if (!(e instanceof Refusal)) throw e;
          }
          expect(c).toEqual(snapshot);
        }
      }
    }
  });
});
