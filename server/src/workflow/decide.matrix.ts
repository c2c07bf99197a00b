import type { ApplicationStatus, Role } from '../../../contract/enums.js';
import type { ApplicationCase } from './case.js';
import { COMMAND_ROLES, decide, type Command, type CommandType, type Decision } from './decide.js';
import { Refusal } from './refusal.js';
import { ACTORS, AUTHORITY, CALENDAR, EXPERT_IDS, FRESH_EXPERT_ID, caseIn, ctxAt, refusalOf } from './test-fixtures.js';

/**
 * What the decide() tests share (decide.test.ts: the matrix; decide-submission.test.ts and
 * decide-evaluation.test.ts: golden tests command by command): the literal expectation matrix —
 * every application status × every command × every role — with one sample command of each type,
 * and the helpers that run a command and read its outcome.
 */

export type Sample = { [K in CommandType]: Extract<Command, { type: K }> };

/** One representative command of each type (the payload that succeeds where the command is allowed). */
export const SAMPLE: Sample = {
  edit: { type: 'edit', recommendationFieldsChanged: false },
  upload_material: { type: 'upload_material' },
  delete_material: { type: 'delete_material' },
  upload_letter: { type: 'upload_letter' },
  upload_site_photo: { type: 'upload_site_photo', siteId: 'site-1' },
  request_recommendation: { type: 'request_recommendation' },
  // onBehalfOf is read only when the centre records a paper recommendation
  recommend: { type: 'recommend', decision: 'recommend', comment: '同意推荐', onBehalfOf: { role: 'industry_authority', authority: AUTHORITY } },
  submit: { type: 'submit' },
  acceptance: { type: 'acceptance', decision: 'accept', reason: '' },
  assign_experts: { type: 'assign_experts', expertIds: [...EXPERT_IDS] },
  expert_review: { type: 'expert_review', conflictOfInterest: false, recommendation: 'pass' },
  site_inspection: { type: 'site_inspection', siteId: 'site-1', result: 'pass' },
  institution_evaluation: { type: 'institution_evaluation', result: 'pass', summary: '机构评估通过' },
  project_submission: { type: 'project_submission', itemId: 'item-1', note: '项目评估材料已上传' },
  project_evaluation: { type: 'project_evaluation', itemId: 'item-1', result: 'pass', summary: '项目评估通过' },
  approval: { type: 'approval', itemId: 'item-1', decision: 'approve', comment: '同意' },
  withdraw: { type: 'withdraw' },
};

/**
 * Who may issue each command — written out from api-v1 "Applications", independently of COMMAND_ROLES.
 */
export const MAY_ISSUE: Record<CommandType, readonly Role[]> = {
  edit: ['applicant'],
  upload_material: ['applicant'],
  delete_material: ['applicant'],
  upload_letter: ['industry_authority', 'district_hr', 'center'],
  upload_site_photo: ['center'],
  request_recommendation: ['applicant'],
  recommend: ['industry_authority', 'district_hr', 'center'],
  submit: ['applicant'],
  acceptance: ['center'],
  assign_experts: ['center'],
  expert_review: ['expert'],
  site_inspection: ['center'],
  institution_evaluation: ['center'],
  project_submission: ['applicant'],
  project_evaluation: ['center'],
  approval: ['bureau'],
  withdraw: ['applicant'],
};

/**
 * What an actor allowed to issue the command gets, for a `caseIn(status)` at `NOW_IN[status]`:
 *   '='            success, the application keeps its status
 *   '→<status>'    success, the application moves to <status>
 *   'CODE'         refused with that code (no clause: a plain state conflict)
 *   'CODE clause'  refused by a rule of the notice
 * Written out literally; columns follow APPLICATION_STATUSES.
 */
export const C = 'CONFLICT';
const RM = 'RECOMMENDATION_MISSING 三(一)';
const AWR = '→awaiting_recommendation';
const SUB = '→submitted';
const WD = '→withdrawn';
export const STATUS_COLUMNS = [
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
  'withdrawn',
] as const;
// prettier-ignore
export const EXPECTED: Record<CommandType, readonly string[]> = {
  //                        draft  await  decl   recd   subm            retd   rej  acc                    ipass               ifail  wdrn
  edit:                   ['=',   C,     '=',   C,     C,              '=',   C,   C,                     C,                  C,     C],
  upload_material:        ['=',   '=',   '=',   '=',   C,              '=',   C,   C,                     '=',                C,     C],
  delete_material:        ['=',   '=',   '=',   '=',   C,              '=',   C,   C,                     C,                  C,     C],
  upload_letter:          [C,     '=',   C,     C,     C,              C,     C,   C,                     C,                  C,     C],
  upload_site_photo:      [C,     C,     C,     C,     C,              C,     C,   '=',                   C,                  C,     C],
  request_recommendation: [AWR,   C,     AWR,   C,     C,              C,     C,   C,                     C,                  C,     C],
  recommend:              [C,     '=',   C,     C,     C,              C,     C,   C,                     C,                  C,     C],
  submit:                 [RM,    RM,    RM,    SUB,   C,              SUB,   C,   C,                     C,                  C,     C],
  acceptance:             [C,     C,     C,     C,     '→accepted',    C,     C,   C,                     C,                  C,     C],
  assign_experts:         [C,     C,     C,     C,     C,              C,     C,   '=',                   C,                  C,     C],
  expert_review:          [C,     C,     C,     C,     C,              C,     C,   '=',                   C,                  C,     C],
  site_inspection:        [C,     C,     C,     C,     C,              C,     C,   '=',                   C,                  C,     C],
  institution_evaluation: [C,     C,     C,     C,     C,              C,     C,   '→institution_passed', C,                  C,     C],
  project_submission:     [C,     C,     C,     C,     C,              C,     C,   C,                     '=',                C,     C],
  project_evaluation:     [C,     C,     C,     C,     C,              C,     C,   C,                     '=',                C,     C],
  approval:               [C,     C,     C,     C,     C,              C,     C,   C,                     'CONFLICT 三(五)',  C,     C],
  withdraw:               [WD,    WD,    WD,    WD,    WD,             WD,    C,   C,                     C,                  C,     C],
};

export function outcome(c: ApplicationCase, cmd: Command, actor: (typeof ACTORS)[Role], now: Date): string {
  try {
    const d = decide(c, cmd, actor, { now, calendar: CALENDAR });
    return d.status === c.status ? '=' : `→${d.status}`;
  } catch (e) {
    if (e instanceof Refusal) return e.clause ? `${e.code} ${e.clause}` : e.code;
    throw e;
  }
}

/** caseIn(status), with the in-scope expert assigned whatever the status, so that every role has an in-scope actor. */
export function matrixCase(status: ApplicationStatus): ApplicationCase {
  const c = caseIn(status);
  if (!c.experts.includes(FRESH_EXPERT_ID)) c.experts = [...c.experts, FRESH_EXPERT_ID];
  return c;
}

export const COMMAND_TYPES = Object.keys(COMMAND_ROLES) as CommandType[];

// =============================================================================================
// For the golden tests, command by command
// =============================================================================================

export const applicant = ACTORS.applicant;
export const authority = ACTORS.industry_authority;
export const districtA = ACTORS.district_hr;
export const center = ACTORS.center;
export const bureau = ACTORS.bureau;
export const expert = ACTORS.expert;

export function ok(c: ApplicationCase, cmd: Command, actor: (typeof ACTORS)[Role], now: string): Decision {
  return decide(c, cmd, actor, ctxAt(now));
}

export function refused(c: ApplicationCase, cmd: Command, actor: (typeof ACTORS)[Role], now: string): Refusal {
  return refusalOf(() => decide(c, cmd, actor, ctxAt(now)));
}
