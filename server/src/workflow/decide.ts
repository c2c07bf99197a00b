import type { Actor, ApplicationCase } from './case.js';
import { ACTION_LABELS, COMMAND_ROLES, COMMAND_STATES, type Command, type DecideContext, type Decision } from './commands.js';
import { decideEvaluation } from './decide-evaluation.js';
import { decideItem } from './decide-items.js';
import { decideSubmission } from './decide-submission.js';
import { itemOf, notFound, wrongState } from './decide-support.js';
import { refuse } from './refusal.js';

/*
 * decide() is the single entry of the rules of one case. The commands and who may give them are in
 * commands.ts; the rules of each phase in decide-submission.ts (before acceptance), decide-evaluation.ts
 * (acceptance to the institution evaluation) and decide-items.ts (project evaluation and approval).
 */
export { AWAITING_APPLICANT, COMMAND_ROLES, COMMAND_STATES } from './commands.js';
export type { Command, CommandType, DecideContext, Decision, OnBehalfOf } from './commands.js';
export { countedReviews, latestInspection } from './decide-evaluation.js';

/** Is the case visible to the actor at all? Out of scope answers 404, never revealing it exists (SEC-07). */
export function inScope(c: Pick<ApplicationCase, 'organizationId' | 'industryAuthority' | 'sites' | 'experts'>, a: Actor): boolean {
  switch (a.role) {
    case 'applicant':
      return !!a.organizationId && a.organizationId === c.organizationId;
    case 'industry_authority':
      return !!a.authority && a.authority === c.industryAuthority;
    case 'district_hr':
      return !!a.district && c.sites.some((s) => s.district === a.district);
    case 'expert':
      return c.experts.includes(a.id);
    case 'center':
    case 'bureau':
    case 'admin':
      return true;
    case 'auditor':
      return false; // SEC-08: the security auditor reads the audit log, no application
  }
}

/**
 * The transition function: given the case, a command, who asks and when, either the next state
 * and what happened, or a typed refusal citing the notice. Pure — the service persists the result.
 * Order of checks: scope (404) → role (403) → state (409) → the rules of the notice.
 */
export function decide(c: ApplicationCase, cmd: Command, actor: Actor, ctx: DecideContext): Decision {
  if (!inScope(c, actor)) notFound();
  if (!COMMAND_ROLES[cmd.type].includes(actor.role)) {
    refuse('FORBIDDEN', `您的角色不能${ACTION_LABELS[cmd.type]}。`);
  }
  const itemLevel = cmd.type === 'project_evaluation' || cmd.type === 'approval' || cmd.type === 'project_submission';
  if (itemLevel && c.status === 'institution_passed') {
    // item-level commands are judged on the item's state below
  } else if (!COMMAND_STATES[cmd.type].includes(c.status)) {
    if (itemLevel) itemOf(c, cmd.itemId);
    wrongState(c, ACTION_LABELS[cmd.type]);
  }
  switch (cmd.type) {
    case 'edit':
    case 'upload_material':
    case 'delete_material':
    case 'upload_letter':
    case 'request_recommendation':
    case 'recommend':
    case 'submit':
    case 'withdraw':
      return decideSubmission(c, cmd, actor, ctx);
    case 'acceptance':
    case 'assign_experts':
    case 'expert_review':
    case 'site_inspection':
    case 'upload_site_photo':
    case 'institution_evaluation':
      return decideEvaluation(c, cmd, actor, ctx);
    case 'project_submission':
    case 'project_evaluation':
    case 'approval':
      return decideItem(c, cmd, ctx);
  }
}
