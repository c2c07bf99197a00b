/**
 * Test fixtures for the pure workflow core — imported only by `*.test.ts` files.
 *
 * Builds `ApplicationCase`s for the 2024 call (沪人社职〔2024〕270号: opens 2024-08-23T00:00+08:00,
 * closes 2024-08-29T00:00+08:00 — "8月28日24时系统关闭申报功能", DEFAULT_RULES) in any application
 * status, with what that status implies, plus actors for every role (in and out of scope) and
 * the seeded 2024–2026 working-day calendar. Every builder returns fresh objects: tests may mutate
 * what they get without affecting each other.
 *
 * Like the rest of `workflow/`, this file imports nothing but `contract/` and `workflow/` itself.
 */
import { REQUIRED_MATERIAL_KINDS, SAMPLE_PAPERS_PER_ITEM, type ApplicationStatus, type Role } from '../../../contract/enums.js';
import { makeCalendar, type WorkingCalendar } from './calendar.js';
import { SEEDED_CALENDAR } from './calendar-data.js';
import {
  DEFAULT_RULES,
  type Actor,
  type ApplicationCase,
  type CampaignRules,
  type CaseCampaign,
  type CaseInspection,
  type CaseItem,
  type CaseRecommendation,
  type CaseReview,
  type CaseSite,
  type PriorParticipation,
} from './case.js';
import { requiredRecommenders } from './checklist.js';
import type { DecideContext } from './decide.js';
import { Refusal } from './refusal.js';

// ---------------------------------------------------------------------------------------------
// Time and calendar
// ---------------------------------------------------------------------------------------------

/** An instant; always write it with an explicit offset (`+08:00` or `Z`) so tests never depend on TZ. */
export function at(iso: string): Date {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(iso)) throw new Error(`fixture instants need an explicit offset: ${iso}`);
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not an instant: ${iso}`);
  return d;
}

/** The State Council schedules for 2024–2026 as seeded (domain.md "Time rules"). */
export function seededCalendar(): WorkingCalendar {
  return makeCalendar(
    SEEDED_CALENDAR.map((y) => y.year),
    SEEDED_CALENDAR.flatMap((y) => y.days),
  );
}

export const CALENDAR: WorkingCalendar = seededCalendar();

export function ctxAt(now: Date | string, calendar: WorkingCalendar = CALENDAR): DecideContext {
  return { now: typeof now === 'string' ? at(now) : now, calendar };
}

// ---------------------------------------------------------------------------------------------
// The 2024 campaign
// ---------------------------------------------------------------------------------------------

export const OPENS_AT_2024 = '2024-08-23T00:00:00+08:00';
export const CLOSES_AT_2024 = '2024-08-29T00:00:00+08:00';

export function campaign2024(rules: Partial<CampaignRules> = {}): CaseCampaign {
  return { opensAt: at(OPENS_AT_2024), closesAt: at(CLOSES_AT_2024), rules: { ...DEFAULT_RULES, ...rules } };
}

// ---------------------------------------------------------------------------------------------
// Parties
// ---------------------------------------------------------------------------------------------

export const APPLICATION_ID = 'app-1';
export const ORG_ID = 'org-1';
export const OTHER_ORG_ID = 'org-2';
export const AUTHORITY = '上海市民政局';
export const OTHER_AUTHORITY = '上海市商务委员会';
/** the two districts of the default assessment sites, and one where the applicant has none */
export const DISTRICT_A = '310115'; // 浦东新区
export const DISTRICT_B = '310104'; // 徐汇区
export const OTHER_DISTRICT = '310101'; // 黄浦区

/** Experts assigned once an application is accepted; the first three have reviewed in `caseIn('accepted')`. */
export const EXPERT_IDS = ['u-expert-1', 'u-expert-2', 'u-expert-3', 'u-expert-4'] as const;
/** The assigned expert who has not reviewed yet (the in-scope `expert` actor). */
export const FRESH_EXPERT_ID = 'u-expert-4';

/** One actor per role for a case built here (sites in DISTRICT_A and DISTRICT_B, AUTHORITY), in scope but for the auditor. */
export const ACTORS: Record<Role, Actor> = {
  applicant: { id: 'u-applicant', role: 'applicant', organizationId: ORG_ID },
  industry_authority: { id: 'u-authority', role: 'industry_authority', authority: AUTHORITY },
  district_hr: { id: 'u-district-a', role: 'district_hr', district: DISTRICT_A },
  center: { id: 'u-center', role: 'center' },
  expert: { id: FRESH_EXPERT_ID, role: 'expert' },
  bureau: { id: 'u-bureau', role: 'bureau' },
  admin: { id: 'u-admin', role: 'admin' },
  /** In scope of no application (SEC-08: the auditor reads the audit log only) — every command is NOT_FOUND. */
  auditor: { id: 'u-auditor', role: 'auditor' },
};

/** The HR bureau of the second site's district (also in scope). */
export const DISTRICT_B_HR: Actor = { id: 'u-district-b', role: 'district_hr', district: DISTRICT_B };

/**
 * Out-of-scope actors for the roles whose visibility is scoped (api-v1 "GET /applications"):
 * another organisation's applicant, an authority not named, the HR bureau of a district without a
 * site, an expert not assigned. `center`, `bureau` and `admin` see everything and have none.
 */
export const OUT_OF_SCOPE_ACTORS: Partial<Record<Role, Actor>> = {
  applicant: { id: 'u-other-applicant', role: 'applicant', organizationId: OTHER_ORG_ID },
  industry_authority: { id: 'u-other-authority', role: 'industry_authority', authority: OTHER_AUTHORITY },
  district_hr: { id: 'u-other-district', role: 'district_hr', district: OTHER_DISTRICT },
  expert: { id: 'u-expert-unassigned', role: 'expert' },
};

/** Scoped actors whose scope attribute is missing altogether — also out of scope. */
export const UNSCOPED_ACTORS: Actor[] = [
  { id: 'u-applicant-no-org', role: 'applicant', organizationId: null },
  { id: 'u-authority-no-name', role: 'industry_authority', authority: null },
  { id: 'u-district-none', role: 'district_hr', district: null },
];

// ---------------------------------------------------------------------------------------------
// Items, sites, materials, recommendations, reviews, inspections
// ---------------------------------------------------------------------------------------------

/**
 * "The same occupation (work type)" key, in the format the repository builds it
 * (`applications.repository.ts` occupationKey): `code|workType` where there is a code, else `name:<printed name>`.
 * Re-stated here because `workflow/` may not import `modules/`.
 */
export function occupationKeyOf(code: string | null, workType: string | null, name: string): string {
  return code ? `${code}|${workType ?? ''}` : `name:${name}`;
}

export const KEY_HOME_CARE = occupationKeyOf('4-10-01-06', '家庭照护员', '家政服务员（家庭照护员）'); // seq 30
export const KEY_MATERNITY = occupationKeyOf('4-10-01-06', '母婴护理员', '家政服务员（母婴护理员）'); // seq 32, same code
export const KEY_ELDER_CARE = occupationKeyOf('4-10-01-05', null, '养老护理员'); // seq 86
export const KEY_AI_LABELLING = occupationKeyOf(null, null, '人工智能数据标注'); // seq 88, no code

export function makeItem(overrides: Partial<CaseItem> = {}): CaseItem {
  return {
    id: 'item-1',
    seq: 30,
    name: '家政服务员（家庭照护员）',
    occupationKey: KEY_HOME_CARE,
    levels: [5, 4, 3],
    status: 'pending',
    projectEvaluationDueOn: null,
    ...overrides,
  };
}

/** Two items: seq 30 家政服务员（家庭照护员） and seq 86 养老护理员. */
export function defaultItems(): CaseItem[] {
  return [makeItem(), makeItem({ id: 'item-2', seq: 86, name: '养老护理员', occupationKey: KEY_ELDER_CARE, levels: [5, 4, 3] })];
}

/** Two assessment sites in two districts. */
export function defaultSites(): CaseSite[] {
  return [
    { id: 'site-1', name: '浦东考核点', district: DISTRICT_A },
    { id: 'site-2', name: '徐汇考核点', district: DISTRICT_B },
  ];
}

/** 四(一): the four documents and 2 sample papers per item. */
export function completeMaterials(items: Pick<CaseItem, 'id'>[]): ApplicationCase['materials'] {
  return [
    ...REQUIRED_MATERIAL_KINDS.map((kind) => ({ kind, itemId: null })),
    ...items.flatMap((i) => Array.from({ length: SAMPLE_PAPERS_PER_ITEM }, () => ({ kind: 'sample_paper' as const, itemId: i.id }))),
  ];
}

export function recommendation(who: string, decision: 'recommend' | 'decline', authority = AUTHORITY): CaseRecommendation {
  return who === 'authority'
    ? { role: 'industry_authority', authority, district: null, decision }
    : { role: 'district_hr', district: who, authority: null, decision };
}

/** Every recommender the case needs, recommending (the current round complete). */
export function allRecommended(c: Pick<ApplicationCase, 'industryAuthority' | 'sites'>): CaseRecommendation[] {
  return requiredRecommenders(c).map((r) => ({ ...r, decision: 'recommend' as const }));
}

export function review(expertId: string, overrides: Partial<CaseReview> = {}): CaseReview {
  return { expertId, conflictOfInterest: false, recommendation: 'pass', ...overrides };
}

export function inspection(siteId: string, result: 'pass' | 'fail', iso: string): CaseInspection {
  return { siteId, result, at: at(iso) };
}

export function prior(overrides: Partial<PriorParticipation> = {}): PriorParticipation {
  return {
    occupationKey: KEY_HOME_CARE,
    itemName: '家政服务员（家庭照护员）',
    submittedOn: '2023-09-01',
    applicationId: 'app-2023',
    ...overrides,
  };
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

/**
 * A draft of the 2024 call, ready to be sent for recommendation: two items, two sites in two
 * districts, complete materials, no recommendations, nothing submitted. Overrides replace fields whole.
 */
export function makeCase(overrides: Partial<ApplicationCase> = {}): ApplicationCase {
  const items = overrides.items ?? defaultItems();
  return {
    id: APPLICATION_ID,
    organizationId: ORG_ID,
    organizationEligibility: 'eligible',
    status: 'draft',
    industryAuthority: AUTHORITY,
    campaign: campaign2024(),
    items,
    sites: defaultSites(),
    materials: completeMaterials(items),
    recommendations: [],
    experts: [],
    reviews: [],
    inspections: [],
    correctionDueOn: null,
    submittedAt: null,
    firstSubmittedAt: null,
    priorParticipations: [],
    ...overrides,
  };
}

/**
 * The timeline behind `caseIn`: what happened when, for a case that reached each status in the
 * ordinary way. All inside the 2024 call (window 2024-08-23 … 2024-08-28 24:00).
 */
export const TIMELINE = {
  submittedAt: '2024-08-26T10:00:00+08:00', // Monday, in the window
  returnedAt: '2024-08-27T10:00:00+08:00', // Tuesday → correction days 08-28, 08-29, 08-30, 09-02, 09-03
  correctionDueOn: '2024-09-03',
  inspectedAt: '2024-09-12T10:00:00+08:00',
  institutionPassedOn: '2024-09-20', // Friday → 3 months → 2024-12-20
  projectEvaluationDueOn: '2024-12-20',
} as const;

/**
 * A representative "now" for a case in each status: a moment at which that status is current and
 * no deadline has lapsed. `returned` is after the window closed but within the correction period.
 */
export const NOW_IN: Record<ApplicationStatus, string> = {
  draft: '2024-08-26T10:00:00+08:00',
  awaiting_recommendation: '2024-08-26T10:00:00+08:00',
  recommendation_declined: '2024-08-26T10:00:00+08:00',
  recommended: '2024-08-26T10:00:00+08:00',
  submitted: '2024-08-27T09:00:00+08:00',
  returned: '2024-08-30T10:00:00+08:00',
  rejected: '2024-08-28T10:00:00+08:00',
  accepted: '2024-09-13T10:00:00+08:00',
  institution_passed: '2024-10-15T10:00:00+08:00',
  institution_failed: '2024-09-25T10:00:00+08:00',
  withdrawn: '2024-08-28T10:00:00+08:00',
};

/**
 * A case in the given status, filled with what that status implies:
 * - draft: items, two sites in two districts, complete materials, no recommendations;
 * - awaiting_recommendation: a fresh round (no decision yet);
 * - recommendation_declined: the authority recommended, DISTRICT_A's HR declined;
 * - recommended: every required recommender recommended;
 * - submitted / rejected: recommended, submitted at TIMELINE.submittedAt;
 * - returned: submitted, returned at TIMELINE.returnedAt with correctionDueOn 2024-09-03;
 * - accepted: four experts assigned, three counted reviews, a passing inspection of every site;
 * - institution_passed: every item in project_evaluation, due 2024-12-20;
 * - institution_failed: evaluated and failed; items still pending;
 * - withdrawn: submitted, then withdrawn by the applicant before acceptance.
 */
export function caseIn(status: ApplicationStatus, overrides: Partial<ApplicationCase> = {}): ApplicationCase {
  const base = makeCase();
  const c: ApplicationCase = { ...base, status };
  const submitted = (): void => {
    c.recommendations = allRecommended(c);
    c.submittedAt = at(TIMELINE.submittedAt);
    c.firstSubmittedAt = at(TIMELINE.submittedAt);
  };
  const evaluated = (): void => {
    submitted();
    c.experts = [...EXPERT_IDS];
    c.reviews = [review('u-expert-1'), review('u-expert-2'), review('u-expert-3', { recommendation: 'fail' })];
    c.inspections = c.sites.map((s) => inspection(s.id, 'pass', TIMELINE.inspectedAt));
  };
  switch (status) {
    case 'draft':
    case 'awaiting_recommendation':
      break;
    case 'recommendation_declined':
      c.recommendations = [recommendation('authority', 'recommend'), recommendation(DISTRICT_A, 'decline')];
      break;
    case 'recommended':
      c.recommendations = allRecommended(c);
      break;
    case 'submitted':
    case 'rejected':
    case 'withdrawn':
      submitted();
      break;
    case 'returned':
      submitted();
      c.correctionDueOn = TIMELINE.correctionDueOn;
      break;
    case 'accepted':
    case 'institution_failed':
      evaluated();
      break;
    case 'institution_passed':
      evaluated();
      c.items = c.items.map((i) => ({ ...i, status: 'project_evaluation', projectEvaluationDueOn: TIMELINE.projectEvaluationDueOn }));
      break;
  }
  return { ...c, ...overrides };
}

// ---------------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------------

/** Runs `fn`, expecting it to refuse; returns the Refusal (rethrows anything else). */
export function refusalOf(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (e) {
    if (e instanceof Refusal) return e;
    throw e;
  }
  throw new Error('expected a Refusal, but the call succeeded');
}

/** The outcome of a call as a short string: `ok` or the refusal's code (and clause when asked). */
export function outcomeOf(fn: () => unknown, withClause = false): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof Refusal) return withClause && e.clause ? `${e.code} ${e.clause}` : e.code;
    throw e;
  }
}
