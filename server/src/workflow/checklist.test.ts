import { describe, expect, it } from 'vitest';
import type { ApplicationCase } from './case.js';
import {
  cooldownBlockers,
  correctionPeriodRunning,
  materialBlockers,
  recommendationBlockers,
  recommendationOf,
  requiredRecommenders,
  submissionBlockers,
  windowState,
} from './checklist.js';
import {
  APPLICATION_ID,
  AUTHORITY,
  DISTRICT_A,
  DISTRICT_B,
  KEY_AI_LABELLING,
  KEY_ELDER_CARE,
  KEY_HOME_CARE,
  KEY_MATERNITY,
  OTHER_AUTHORITY,
  allRecommended,
  at,
  campaign2024,
  caseIn,
  completeMaterials,
  defaultItems,
  makeCase,
  makeItem,
  prior,
  recommendation,
} from './test-fixtures.js';

// =============================================================================================
// 三(四) the one-year rule
// =============================================================================================

/**
 * `priorParticipations` holds, for the applicant's organisation, every item of every *other*
 * application that was submitted at least once — the repository (`loadAggregate`) selects only
 * applications with `first_submitted_at is not null` and `id <> this one`. A draft never submitted is
 * therefore never in the list: it is modelled here by leaving it out. The core still ignores an
 * entry of the same application, should one slip in.
 */
describe('cooldownBlockers — 三(四) 1年内不得多次参与同一职业（工种）', () => {
  // submitted 2023-08-25 → may take part again from 2024-08-25 (12 months after the Shanghai date)
  const earlier = prior({ submittedOn: '2023-08-25', applicationId: 'app-2023' });
  const withPrior = (...priors: ReturnType<typeof prior>[]): ApplicationCase => makeCase({ priorParticipations: priors });

  it.each([
    ['the day before the anniversary, at noon', '2024-08-24T12:00:00+08:00', true],
    ['the last instant of the day before', '2024-08-24T23:59:59.999+08:00', true],
    ['the same instant written in UTC', '2024-08-24T15:59:59.999Z', true],
    ['the anniversary, 00:00 Shanghai', '2024-08-25T00:00:00+08:00', false],
    ['the anniversary written in UTC (still 08-24 in UTC)', '2024-08-24T16:00:00Z', false],
    ['after the anniversary', '2024-08-27T10:00:00+08:00', false],
  ])('%s (%s) → blocked: %s', (_label, now, blocked) => {
    const out = cooldownBlockers(withPrior(earlier), at(now));
    expect(out.length > 0).toBe(blocked);
    if (blocked) {
      expect(out).toEqual([
        {
          code: 'COOLDOWN_ACTIVE',
          detail: expect.stringContaining('2024-08-25 起方可申报'),
          clause: '三(四)',
          ref: { itemId: 'item-1', allowedFrom: '2024-08-25' },
          // the English page writes its sentence from these (decision 0021)
          key: 'cooldown',
          params: { item: '家政服务员（家庭照护员）', priorItem: '家政服务员（家庭照护员）', submittedOn: '2023-08-25', months: 12, allowedFrom: '2024-08-25' },
        },
      ]);
      expect(out[0]?.detail).toContain('2023-08-25');
      expect(out[0]?.detail).toContain('家政服务员（家庭照护员）');
    }
  });

  it('a different work type of the same occupation code does not block', () => {
    expect(KEY_MATERNITY).not.toBe(KEY_HOME_CARE);
    const c = withPrior(prior({ occupationKey: KEY_MATERNITY, itemName: '家政服务员（母婴护理员）', submittedOn: '2024-03-01' }));
    expect(cooldownBlockers(c, at('2024-08-26T10:00:00+08:00'))).toEqual([]);
  });

  it('a draft never submitted does not count (it is not in priorParticipations)', () => {
    // The organisation started an application in another campaign containing 家庭照护员 on 2024-03-01
    // but never submitted it: the repository does not load it, so the list is empty.
    expect(cooldownBlockers(withPrior(), at('2024-08-26T10:00:00+08:00'))).toEqual([]);
  });

  it("the same application's own earlier submission does not count (a resubmission after a return)", () => {
    const own = prior({ applicationId: APPLICATION_ID, submittedOn: '2024-08-26' });
    const c = caseIn('returned', { priorParticipations: [own] });
    expect(cooldownBlockers(c, at('2024-08-30T10:00:00+08:00'))).toEqual([]);
    expect(submissionBlockers(c, at('2024-08-30T10:00:00+08:00'))).toEqual([]);
  });

  it('whatever became of the earlier application (it is only its submission date that counts)', () => {
    // refused, abandoned, filed, objection upheld: the repository does not look at the outcome
    const c = withPrior(prior({ applicationId: 'app-refused', submittedOn: '2024-01-15' }));
    expect(cooldownBlockers(c, at('2024-08-26T10:00:00+08:00'))).toHaveLength(1);
  });

  it('an item without an occupation code is "the same" by its printed name', () => {
    const ai = makeItem({ id: 'item-ai', seq: 88, name: '人工智能数据标注', occupationKey: KEY_AI_LABELLING, levels: [] });
    const c = makeCase({
      items: [ai],
      priorParticipations: [prior({ occupationKey: KEY_AI_LABELLING, itemName: '人工智能数据标注', submittedOn: '2024-02-01' })],
    });
    expect(cooldownBlockers(c, at('2024-08-26T10:00:00+08:00')).map((b) => b.ref)).toEqual([{ itemId: 'item-ai', allowedFrom: '2025-02-01' }]);
  });

  it('one blocker per blocked item; the others are free', () => {
    const c = withPrior(
      prior({ occupationKey: KEY_HOME_CARE, submittedOn: '2024-01-10' }),
      prior({ occupationKey: KEY_ELDER_CARE, itemName: '养老护理员', submittedOn: '2023-05-01' }), // expired 2024-05-01
    );
    expect(cooldownBlockers(c, at('2024-08-26T10:00:00+08:00')).map((b) => b.ref?.itemId)).toEqual(['item-1']);

    const both = withPrior(
      prior({ occupationKey: KEY_HOME_CARE, submittedOn: '2024-01-10' }),
      prior({ occupationKey: KEY_ELDER_CARE, itemName: '养老护理员', submittedOn: '2024-02-20' }),
    );
    expect(cooldownBlockers(both, at('2024-08-26T10:00:00+08:00')).map((b) => b.ref)).toEqual([
      { itemId: 'item-1', allowedFrom: '2025-01-10' },
      { itemId: 'item-2', allowedFrom: '2025-02-20' },
    ]);
  });

  it('with several earlier submissions the latest decides when the item is free again', () => {
    const c = withPrior(
      prior({ applicationId: 'a1', submittedOn: '2023-09-01' }),
      prior({ applicationId: 'a2', submittedOn: '2024-03-15' }),
      prior({ applicationId: 'a3', submittedOn: '2023-12-01' }),
    );
    expect(cooldownBlockers(c, at('2024-08-26T10:00:00+08:00')).map((b) => b.ref?.allowedFrom)).toEqual(['2025-03-15']);
  });

  it('12 months are calendar months, clamped: submitted 2024-02-29 → free from 2025-02-28', () => {
    const c = withPrior(prior({ submittedOn: '2024-02-29' }));
    expect(cooldownBlockers(c, at('2025-02-27T23:59:59.999+08:00'))).toHaveLength(1);
    expect(cooldownBlockers(c, at('2025-02-28T00:00:00+08:00'))).toEqual([]);
  });

  it("the new application's campaign sets the number of months", () => {
    const c = makeCase({ campaign: campaign2024({ cooldownMonths: 6 }), priorParticipations: [prior({ submittedOn: '2024-02-26' })] });
    expect(cooldownBlockers(c, at('2024-08-25T10:00:00+08:00')).map((b) => b.ref?.allowedFrom)).toEqual(['2024-08-26']);
    expect(cooldownBlockers(c, at('2024-08-26T10:00:00+08:00'))).toEqual([]);
  });
});

// =============================================================================================
// 三(一) recommendations
// =============================================================================================

describe('requiredRecommenders — 三(一), 一(四)', () => {
  it('the named authority and one HR bureau per district, de-duplicated and sorted', () => {
    const sites = [
      { id: 's1', name: '浦东一', district: DISTRICT_A },
      { id: 's2', name: '徐汇', district: DISTRICT_B },
      { id: 's3', name: '浦东二', district: DISTRICT_A },
    ];
    expect(requiredRecommenders({ industryAuthority: AUTHORITY, sites })).toEqual([
      { role: 'industry_authority', authority: AUTHORITY, district: null, decision: 'recommend' },
      { role: 'district_hr', district: DISTRICT_B, authority: null, decision: 'recommend' }, // 310104
      { role: 'district_hr', district: DISTRICT_A, authority: null, decision: 'recommend' }, // 310115
    ]);
  });
  it('all sites in one district → the authority and that district only', () => {
    const sites = [
      { id: 's1', name: '一', district: DISTRICT_A },
      { id: 's2', name: '二', district: DISTRICT_A },
    ];
    expect(requiredRecommenders({ industryAuthority: AUTHORITY, sites })).toHaveLength(2);
  });
  it('no site yet → the authority only', () => {
    expect(requiredRecommenders({ industryAuthority: AUTHORITY, sites: [] }).map((r) => r.role)).toEqual(['industry_authority']);
  });
});

describe('recommendationBlockers', () => {
  it('none missing when every required recommender recommended', () => {
    expect(recommendationBlockers(caseIn('recommended'))).toEqual([]);
  });
  it('each missing recommender, by authority or district, with what to do', () => {
    const c = caseIn('recommendation_declined'); // authority recommended, DISTRICT_A declined, DISTRICT_B undecided
    const out = recommendationBlockers(c, (d) => ({ [DISTRICT_A]: '浦东新区', [DISTRICT_B]: '徐汇区' })[d] ?? d);
    expect(out.map((b) => [b.code, b.clause, b.ref])).toEqual([
      ['RECOMMENDATION_MISSING', '三(一)', { role: 'district_hr', district: DISTRICT_B }],
      ['RECOMMENDATION_MISSING', '三(一)', { role: 'district_hr', district: DISTRICT_A }],
    ]);
    expect(out[0]?.detail).toContain('徐汇区');
    expect(out[0]?.detail).toContain('尚未推荐');
    expect(out[1]?.detail).toContain('浦东新区');
    expect(out[1]?.detail).toContain('未予推荐');
  });
  it('before it is asked, says to ask; once asked, says whom it waits for (not "请先申请推荐")', () => {
    const draft = recommendationBlockers(caseIn('draft', { recommendations: [] }));
    expect(draft[0]?.detail).toContain('请先申请推荐');
    const asked = recommendationBlockers(caseIn('awaiting_recommendation', { recommendations: [] }), (d) => (d === DISTRICT_A ? '浦东新区' : d));
    expect(asked.map((b) => b.detail).join('')).not.toContain('请先申请推荐');
    expect(asked[0]?.detail).toBe(`行业主管部门“${AUTHORITY}”尚未推荐：已申请推荐，正在等待该部门办理。`);
    expect(asked.find((b) => b.ref?.district === DISTRICT_A)?.detail).toContain('浦东新区）尚未推荐：已申请推荐，正在等待该部门办理');
  });
  it('a recommendation by an authority other than the one named does not stand in for it', () => {
    const c = caseIn('awaiting_recommendation', {
      recommendations: [
        recommendation('authority', 'recommend', OTHER_AUTHORITY),
        recommendation(DISTRICT_A, 'recommend'),
        recommendation(DISTRICT_B, 'recommend'),
      ],
    });
    expect(recommendationBlockers(c).map((b) => b.ref)).toEqual([{ role: 'industry_authority', authority: AUTHORITY }]);
    expect(recommendationOf(c, requiredRecommenders(c)[0]!)).toBeUndefined();
  });
});

// =============================================================================================
// 四(一) materials
// =============================================================================================

describe('materialBlockers — 四(一), 2 sample papers per item', () => {
  it('complete materials → none', () => {
    expect(materialBlockers(makeCase())).toEqual([]);
  });

  it('each of the four documents, by kind', () => {
    const c = makeCase({ materials: completeMaterials(defaultItems()).filter((m) => m.kind === 'sample_paper') });
    expect(materialBlockers(c).map((b) => [b.code, b.clause, b.ref])).toEqual([
      ['MATERIAL_MISSING', '四(一)', { kind: 'credit_proof' }],
      ['MATERIAL_MISSING', '四(一)', { kind: 'application_form' }],
      ['MATERIAL_MISSING', '四(一)', { kind: 'license_copy' }],
      ['MATERIAL_MISSING', '四(一)', { kind: 'work_plan' }],
    ]);
  });

  it('sample papers are counted per item: 2 each, extras on one item do not make up for another', () => {
    const docs = completeMaterials([]);
    const c = makeCase({
      materials: [...docs, { kind: 'sample_paper', itemId: 'item-1' }, { kind: 'sample_paper', itemId: 'item-1' }, { kind: 'sample_paper', itemId: 'item-1' }],
    });
    expect(materialBlockers(c).map((b) => b.ref)).toEqual([{ kind: 'sample_paper', itemId: 'item-2', missing: 2 }]);
  });

  it.each([
    [0, 2],
    [1, 1],
    [2, 0],
  ])('%i sample paper(s) for an item → %i missing', (have, missing) => {
    const items = [makeItem()];
    const c = makeCase({
      items,
      materials: [...completeMaterials([]), ...Array.from({ length: have }, () => ({ kind: 'sample_paper' as const, itemId: 'item-1' }))],
    });
    const out = materialBlockers(c);
    if (missing === 0) expect(out).toEqual([]);
    else {
      expect(out.map((b) => b.ref)).toEqual([{ kind: 'sample_paper', itemId: 'item-1', missing }]);
      expect(out[0]?.detail).toContain(`还差 ${missing} 套`);
    }
  });

  it('a sample paper not attached to an item, or of another kind, does not count', () => {
    const c = makeCase({
      items: [makeItem()],
      materials: [
        ...completeMaterials([]),
        { kind: 'sample_paper', itemId: null },
        { kind: 'work_plan', itemId: 'item-1' },
        { kind: 'sample_paper', itemId: 'item-9' },
      ],
    });
    expect(materialBlockers(c).map((b) => b.ref)).toEqual([{ kind: 'sample_paper', itemId: 'item-1', missing: 2 }]);
  });

  it('the recommendation letter is not required (the in-system recommendations stand for it)', () => {
    expect(makeCase().materials.some((m) => m.kind === 'recommendation_letter')).toBe(false);
    expect(materialBlockers(makeCase())).toEqual([]);
  });
});

// =============================================================================================
// 四(二) the window, the call's correction period (本批次规则), and the whole list
// =============================================================================================

describe('windowState — 四(二), the correction period (本批次规则)', () => {
  it.each([
    ['2024-08-22T23:59:59.999+08:00', false],
    ['2024-08-23T00:00:00+08:00', true],
    ['2024-08-28T23:59:59.999+08:00', true],
    ['2024-08-29T00:00:00+08:00', false],
    ['2024-08-28T16:00:00Z', false],
  ])('at %s open: %s', (now, open) => {
    const w = windowState(makeCase(), at(now));
    expect(w.open).toBe(open);
    if (w.open) expect(w.via).toBe('window');
    else expect([w.blocker.code, w.blocker.clause]).toEqual(['WINDOW_CLOSED', '四(二)']);
  });

  it('a correction period opens its own window, until 24:00 of correctionDueOn', () => {
    const c = caseIn('returned'); // correctionDueOn 2024-09-03
    expect(windowState(c, at('2024-09-03T23:59:59.999+08:00'))).toEqual({ open: true, via: 'correction' });
    const w = windowState(c, at('2024-09-04T00:00:00+08:00'));
    expect(w.open).toBe(false);
    // the correction period is this call's setting, not a clause of the notice
    if (!w.open) expect([w.blocker.code, w.blocker.clause, w.blocker.ref]).toEqual(['DEADLINE_PASSED', '本批次规则', { rule: 'correctionWorkingDays' }]);
    expect(correctionPeriodRunning(c, at('2024-09-03T23:59:59.999+08:00'))).toBe(true);
    expect(correctionPeriodRunning(c, at('2024-09-04T00:00:00+08:00'))).toBe(false);
    expect(correctionPeriodRunning(makeCase(), at('2024-08-26T10:00:00+08:00'))).toBe(false);
  });
});

describe('submissionBlockers — 一次性告知', () => {
  it('a ready application has none', () => {
    expect(submissionBlockers(caseIn('recommended'), at('2024-08-26T10:00:00+08:00'))).toEqual([]);
  });

  it('everything at once, in the order WINDOW_CLOSED, COOLDOWN_ACTIVE, RECOMMENDATION_MISSING, MATERIAL_MISSING', () => {
    const c = makeCase({
      materials: [],
      priorParticipations: [prior({ submittedOn: '2024-01-10' })],
    });
    expect(submissionBlockers(c, at('2024-09-01T10:00:00+08:00')).map((b) => b.code)).toEqual([
      'WINDOW_CLOSED',
      'COOLDOWN_ACTIVE',
      'RECOMMENDATION_MISSING',
      'RECOMMENDATION_MISSING',
      'RECOMMENDATION_MISSING',
      'MATERIAL_MISSING',
      'MATERIAL_MISSING',
      'MATERIAL_MISSING',
      'MATERIAL_MISSING',
      'MATERIAL_MISSING',
      'MATERIAL_MISSING',
    ]);
    // every sentence has its stable key, so a page in English can write it (decision 0021)
    expect(submissionBlockers(c, at('2024-09-01T10:00:00+08:00')).map((b) => b.key)).toEqual([
      'window_closed',
      'cooldown',
      'recommendation_not_requested',
      'recommendation_not_requested',
      'recommendation_not_requested',
      'material_missing',
      'material_missing',
      'material_missing',
      'material_missing',
      'sample_papers_short',
      'sample_papers_short',
    ]);
  });

  it('no items or no sites are reported as missing content', () => {
    const c = makeCase({
      items: [],
      sites: [],
      materials: completeMaterials([]),
      recommendations: allRecommended({ industryAuthority: AUTHORITY, sites: [] }),
    });
    expect(submissionBlockers(c, at('2024-08-26T10:00:00+08:00')).map((b) => [b.code, b.clause, b.key])).toEqual([
      ['MATERIAL_MISSING', '二', 'no_items'],
      ['MATERIAL_MISSING', '一(四)', 'no_sites'],
    ]);
  });
});
