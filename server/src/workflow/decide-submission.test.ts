import { describe, expect, it } from 'vitest';
import type { ApplicationCase } from './case.js';
import { submissionBlockers } from './checklist.js';
import { decide } from './decide.js';
import { SAMPLE, applicant, authority, center, districtA, ok, refused } from './decide.matrix.js';
import { Refusal } from './refusal.js';
import {
  DISTRICT_A,
  DISTRICT_B,
  DISTRICT_B_HR,
  NOW_IN,
  TIMELINE,
  allRecommended,
  at,
  campaign2024,
  caseIn,
  ctxAt,
  makeCase,
  prior,
  recommendation,
} from './test-fixtures.js';

// =============================================================================================
// Golden tests, command by command: from the draft to acceptance (四(二), 三(一), 三(二), 三(四), 四(一))
// =============================================================================================

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
  it('a returned application is editable until 24:00 of correctionDueOn, then DEADLINE_PASSED citing the call (本批次规则)', () => {
    expect(ok(caseIn('returned'), SAMPLE.upload_material, applicant, '2024-09-03T23:59:59.999+08:00').status).toBe('returned');
    const r = refused(caseIn('returned'), SAMPLE.edit, applicant, '2024-09-04T00:00:00+08:00');
    expect([r.code, r.clause, r.extra.rule]).toEqual(['DEADLINE_PASSED', '本批次规则', 'correctionWorkingDays']);
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
    ['2024-09-10T00:00:00+08:00', 'DEADLINE_PASSED 本批次规则'],
    ['2024-09-09T16:00:00Z', 'DEADLINE_PASSED 本批次规则'],
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

describe('decide — withdraw (api-v1 "Withdrawal")', () => {
  it.each(['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'submitted', 'returned'] as const)(
    'from %s → withdrawn, with its history line',
    (status) => {
      const d = ok(caseIn(status), SAMPLE.withdraw, applicant, NOW_IN[status]);
      expect(d.status).toBe('withdrawn');
      expect(d.events).toEqual([{ action: '撤回申报', from: status, to: 'withdrawn' }]);
      expect(d.patch).toEqual({});
    },
  );
  it.each(['accepted', 'institution_passed', 'institution_failed', 'rejected', 'withdrawn'] as const)('from %s → CONFLICT, said in Chinese', (status) => {
    const r = refused(caseIn(status), SAMPLE.withdraw, applicant, NOW_IN[status]);
    expect(r.code).toBe('CONFLICT');
    expect(r.detail).toContain('不能撤回申报');
  });
});
