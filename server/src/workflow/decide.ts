import type { ApplicationStatus, ItemStatus, MaterialKind, Role } from '../../../contract/enums.js';
import { APPLICATION_STATUS_LABELS, ITEM_STATUS_LABELS } from '../../../contract/enums.js';
import { CALL_RULE_CLAUSE, type Actor, type ApplicationCase, type CaseEvent, type CaseItem } from './case.js';
import { checkCorrectionScope, type AppliedScope, type ProposedScope } from './correction.js';
import { correctionPeriodRunning, recommendationOf, requiredRecommenders, submissionBlockers } from './checklist.js';
import { workingDaysAfter, type WorkingCalendar } from './calendar.js';
import { refuse } from './refusal.js';
import { addMonthsClamped, endOfShanghaiDay, shanghaiDateOf, toShanghaiIso, type IsoDate } from './time.js';

/** Commands on one application (or one of its items). Payload fields the rules do not need stay in the service. */
export type Command =
  | { type: 'edit'; recommendationFieldsChanged: boolean; scope?: { before: AppliedScope; after: ProposedScope } }
  | { type: 'upload_material'; kind?: MaterialKind; itemId?: string }
  | { type: 'delete_material' }
  | { type: 'upload_letter' }
  | { type: 'upload_site_photo'; siteId?: string }
  | { type: 'request_recommendation' }
  | { type: 'recommend'; decision: 'recommend' | 'decline'; comment: string; onBehalfOf?: OnBehalfOf }
  | { type: 'submit' }
  | { type: 'acceptance'; decision: 'accept' | 'return' | 'reject'; reason: string }
  | { type: 'assign_experts'; expertIds: string[] }
  | { type: 'expert_review'; conflictOfInterest: boolean; recommendation: 'pass' | 'fail' | null }
  | { type: 'site_inspection'; siteId: string; result: 'pass' | 'fail' }
  | { type: 'institution_evaluation'; result: 'pass' | 'fail'; summary: string }
  | { type: 'project_submission'; itemId: string; note: string }
  | { type: 'project_evaluation'; itemId: string; result: 'pass' | 'fail'; summary: string }
  | { type: 'approval'; itemId: string; decision: 'approve' | 'reject'; comment: string }
  | { type: 'withdraw' };

export type CommandType = Command['type'];

/** A recommender on whose behalf the centre records a recommendation received on paper (api-v1 second reading). */
export interface OnBehalfOf {
  role: 'industry_authority' | 'district_hr';
  authority?: string;
  district?: string;
}

/** Who may issue each command (before state is even looked at). */
export const COMMAND_ROLES: Record<CommandType, readonly Role[]> = {
  edit: ['applicant'],
  upload_material: ['applicant'],
  delete_material: ['applicant'],
  // the centre uploads a letter received on paper (api-v1 second reading)
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

/** The application states in which each command can be taken at all. */
export const COMMAND_STATES: Record<CommandType, readonly ApplicationStatus[]> = {
  edit: ['draft', 'recommendation_declined', 'returned'],
  // after the institution evaluation only 项目评估材料 (三(四)), for an item in project evaluation
  upload_material: ['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'returned', 'institution_passed'],
  delete_material: ['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'returned'],
  upload_letter: ['awaiting_recommendation'],
  // 现场考察照片 are taken while the centre evaluates the institution (三(三))
  upload_site_photo: ['accepted'],
  request_recommendation: ['draft', 'recommendation_declined'],
  recommend: ['awaiting_recommendation'],
  submit: ['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'returned'],
  acceptance: ['submitted'],
  assign_experts: ['accepted'],
  expert_review: ['accepted'],
  site_inspection: ['accepted'],
  institution_evaluation: ['accepted'],
  project_submission: ['institution_passed'],
  project_evaluation: ['institution_passed'],
  approval: ['institution_passed'],
  // 撤回: the applicant may withdraw until the centre accepts (api-v1 "Withdrawal")
  withdraw: ['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'submitted', 'returned'],
};

/** Statuses in which an unsubmitted (or returned) application waits on its applicant. */
export const AWAITING_APPLICANT: readonly ApplicationStatus[] = ['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'returned'];

export interface Decision {
  status: ApplicationStatus;
  patch: {
    correctionDueOn?: IsoDate | null;
    submittedAt?: Date;
    firstSubmittedAt?: Date;
    institutionPassedOn?: IsoDate;
    newRecommendationRound?: boolean;
  };
  items: { id: string; status: ItemStatus; projectEvaluationDueOn?: IsoDate | null }[];
  events: CaseEvent[];
}

export interface DecideContext {
  now: Date;
  calendar: WorkingCalendar;
}

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

function notFound(): never {
  return refuse('NOT_FOUND', '未找到该申报，或您无权查看。');
}

function wrongState(c: ApplicationCase, what: string): never {
  return refuse('CONFLICT', `申报当前为“${APPLICATION_STATUS_LABELS[c.status]}”，不能${what}。请刷新页面查看最新状态。`);
}

function itemOf(c: ApplicationCase, itemId: string): CaseItem {
  return c.items.find((i) => i.id === itemId) ?? notFound();
}

/** Editing and uploads: only while the window is open (四(二)), or a correction period of the call's own rules runs. */
function requireEditable(c: ApplicationCase, now: Date): void {
  if (correctionPeriodRunning(c, now)) return;
  if (c.correctionDueOn) {
    refuse(
      'DEADLINE_PASSED',
      `补正期限（本批次规则：${c.campaign.rules.correctionWorkingDays}个工作日）已于 ${c.correctionDueOn} 24时届满，申报已不能修改。`,
      CALL_RULE_CLAUSE,
      { rule: 'correctionWorkingDays' },
    );
  }
  if (now.getTime() >= c.campaign.closesAt.getTime()) {
    refuse('WINDOW_CLOSED', `申报已于 ${toShanghaiIso(c.campaign.closesAt)} 截止，未提交的申报只能查看，不能修改。`, '四(二)');
  }
}

const ACTION_LABELS: Record<CommandType, string> = {
  edit: '修改申报信息',
  upload_material: '上传材料',
  delete_material: '删除材料',
  upload_letter: '上传推荐函',
  upload_site_photo: '上传现场考察照片',
  request_recommendation: '申请推荐',
  recommend: '推荐',
  submit: '提交申报',
  acceptance: '受理',
  assign_experts: '指派评估专家',
  expert_review: '专家评审',
  site_inspection: '现场考察',
  institution_evaluation: '机构评估',
  project_submission: '提交项目评估材料',
  project_evaluation: '项目评估',
  approval: '市人社局审批',
  withdraw: '撤回申报',
};

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
  const { now } = ctx;
  const itemLevel = cmd.type === 'project_evaluation' || cmd.type === 'approval' || cmd.type === 'project_submission';
  if (itemLevel && c.status === 'institution_passed') {
    // item-level commands are judged on the item's state below
  } else if (!COMMAND_STATES[cmd.type].includes(c.status)) {
    if (itemLevel) itemOf(c, cmd.itemId);
    wrongState(c, ACTION_LABELS[cmd.type]);
  }
  const same = (events: CaseEvent[], status: ApplicationStatus = c.status, patch: Decision['patch'] = {}, items: Decision['items'] = []): Decision => ({
    status,
    patch,
    items,
    events,
  });

  switch (cmd.type) {
    case 'edit': {
      requireEditable(c, now);
      if (cmd.scope) checkCorrectionScope(c, cmd.scope.before, cmd.scope.after, now); // 四(二)
      if (c.status === 'returned' && cmd.recommendationFieldsChanged) {
        // a changed authority or set of districts needs fresh recommendations (三(一))
        return same([{ action: '修改申报信息（需重新申请推荐）', from: c.status, to: 'draft' }], 'draft', { newRecommendationRound: true });
      }
      return same([{ action: '修改申报信息' }]);
    }
    case 'upload_material':
      if (c.status === 'institution_passed' || cmd.kind === 'project_material') {
        projectMaterialUpload(c, cmd);
        return same([]);
      }
      requireEditable(c, now);
      return same([]);
    case 'delete_material':
      requireEditable(c, now);
      return same([]);
    case 'upload_letter':
      return same([]);
    case 'upload_site_photo':
      if (cmd.siteId !== undefined && !c.sites.some((s) => s.id === cmd.siteId)) refuse('VALIDATION_FAILED', '考核点不属于该申报，请从该申报的考核点中选择。');
      return same([]);
    case 'request_recommendation': {
      requireEditable(c, now);
      if (c.items.length === 0 || c.sites.length === 0) {
        refuse('CONFLICT', '申请推荐前请先选择申报的职业（工种）并填写至少一个考核点。', '三(一)');
      }
      return same([{ action: '申请推荐', from: c.status, to: 'awaiting_recommendation' }], 'awaiting_recommendation', { newRecommendationRound: true });
    }
    case 'recommend': {
      // the centre records a paper recommendation on the recommender's behalf, under the same rules
      const paper = actor.role === 'center';
      const who = paper
        ? (cmd.onBehalfOf ?? refuse('VALIDATION_FAILED', '代为录入纸质推荐时请指明推荐部门 onBehalfOf。'))
        : { role: actor.role, authority: actor.authority ?? undefined, district: actor.district ?? undefined };
      const mine = requiredRecommenders(c).find((r) =>
        who.role === 'industry_authority'
          ? r.role === 'industry_authority' && r.authority === who.authority
          : r.role === 'district_hr' && r.district === who.district,
      );
      if (!mine) {
        if (!paper) notFound();
        refuse(
          'CONFLICT',
          `该申报不等待${who.role === 'industry_authority' ? `行业主管部门“${who.authority ?? ''}”` : `“${who.district ?? ''}”区人社部门`}的推荐，不能代为录入。`,
          '三(一)',
        );
      }
      if (recommendationOf(c, mine)) refuse('CONFLICT', paper ? '本轮该推荐部门已作出决定，不能重复录入。' : '本轮推荐您已作出决定，不能重复推荐。');
      if (cmd.decision === 'decline') {
        return same([{ action: '不予推荐', from: c.status, to: 'recommendation_declined', note: cmd.comment }], 'recommendation_declined');
      }
      const after = [...c.recommendations, { ...mine, decision: 'recommend' as const }];
      const all = requiredRecommenders(c).every((need) => recommendationOf({ ...c, recommendations: after }, need)?.decision === 'recommend');
      return all
        ? same([{ action: '推荐', from: c.status, to: 'recommended', note: cmd.comment }], 'recommended')
        : same([{ action: '推荐', note: cmd.comment }]);
    }
    case 'submit': {
      const blockers = submissionBlockers(c, now);
      const first = blockers[0];
      if (first) refuse(first.code, first.detail, first.clause, { blockers });
      const resubmission = c.status === 'returned' || c.correctionDueOn !== null;
      return same(
        [{ action: resubmission ? '补正后重新提交' : '提交申报', from: c.status, to: 'submitted', note: `提交时间 ${toShanghaiIso(now)}` }],
        'submitted',
        {
          submittedAt: now,
          firstSubmittedAt: c.firstSubmittedAt ?? now,
          correctionDueOn: null,
        },
      );
    }
    case 'acceptance': {
      if (cmd.decision === 'accept') requireEligibilityReviewed(c);
      if (cmd.decision === 'accept') return same([{ action: '受理', from: c.status, to: 'accepted', note: cmd.reason || undefined }], 'accepted');
      if (cmd.decision === 'reject') return same([{ action: '不予受理', from: c.status, to: 'rejected', note: cmd.reason }], 'rejected');
      // 退回补正 while accepting (三(二)); the period is the call's own rule (correctionWorkingDays), counted from the first working day after the return.
      const span = workingDaysAfter(ctx.calendar, shanghaiDateOf(now), c.campaign.rules.correctionWorkingDays);
      return same([{ action: '退回补正', from: c.status, to: 'returned', note: `${cmd.reason}（请于 ${span.endsOn} 24时前补正并重新提交）` }], 'returned', {
        correctionDueOn: span.endsOn,
      });
    }
    case 'assign_experts':
      return same([{ action: '指派评估专家', note: `${cmd.expertIds.length} 名专家` }]);
    case 'expert_review': {
      if (c.reviews.some((r) => r.expertId === actor.id)) refuse('CONFLICT', '您已提交过对该申报的评审意见，不能重复提交。');
      return same([{ action: cmd.conflictOfInterest ? '专家声明利益冲突并回避' : '专家提交评审意见' }]);
    }
    case 'site_inspection': {
      const site = c.sites.find((s) => s.id === cmd.siteId);
      if (!site) refuse('VALIDATION_FAILED', '考核点不属于该申报，请从该申报的考核点中选择。');
      return same([{ action: `现场考察：${site.name}`, note: cmd.result === 'pass' ? '通过' : '未通过' }]);
    }
    case 'institution_evaluation':
      return institutionEvaluation(c, cmd, ctx);
    case 'project_submission': {
      // 三(四): completing the project evaluation within 3 months is the applicant's duty; submitting stops the clock
      const item = itemOf(c, cmd.itemId);
      if (item.status === 'project_submitted') refuse('CONFLICT', `“${item.name}”的项目评估材料已提交，不能重复提交。`, '三(四)');
      if (
        item.status === 'abandoned' ||
        (item.status === 'project_evaluation' && item.projectEvaluationDueOn && now >= endOfShanghaiDay(item.projectEvaluationDueOn))
      ) {
        refuse(
          'DEADLINE_PASSED',
          `“${item.name}”未在 ${item.projectEvaluationDueOn ?? ''} 24时前完成项目评估，已视作放弃申报，不能再提交项目评估材料。`,
          '三(四)',
        );
      }
      if (item.status !== 'project_evaluation')
        refuse('CONFLICT', `“${item.name}”当前为“${ITEM_STATUS_LABELS[item.status]}”，只有项目评估中的项目可以提交项目评估材料。`, '三(四)');
      return same([{ action: '提交项目评估材料', itemId: item.id, from: item.status, to: 'project_submitted', note: cmd.note || undefined }], c.status, {}, [
        { id: item.id, status: 'project_submitted' },
      ]);
    }
    case 'project_evaluation': {
      const item = itemOf(c, cmd.itemId);
      if (
        item.status === 'abandoned' ||
        (item.status === 'project_evaluation' && item.projectEvaluationDueOn && now >= endOfShanghaiDay(item.projectEvaluationDueOn))
      ) {
        refuse('DEADLINE_PASSED', `“${item.name}”未在 ${item.projectEvaluationDueOn ?? ''} 前完成项目评估，已视作放弃申报。`, '三(四)');
      }
      if (item.status !== 'project_evaluation' && item.status !== 'project_submitted')
        refuse('CONFLICT', `“${item.name}”当前为“${ITEM_STATUS_LABELS[item.status]}”，不能进行项目评估。`);
      const to: ItemStatus = cmd.result === 'pass' ? 'project_passed' : 'project_failed';
      return same([{ action: '项目评估', itemId: item.id, from: item.status, to, note: cmd.summary }], c.status, {}, [{ id: item.id, status: to }]);
    }
    case 'approval': {
      const item = itemOf(c, cmd.itemId);
      if (item.status !== 'project_passed')
        refuse('CONFLICT', `“${item.name}”当前为“${ITEM_STATUS_LABELS[item.status]}”，须通过机构评估和项目评估后方可审批。`, '三(五)');
      const to: ItemStatus = cmd.decision === 'approve' ? 'approved' : 'not_approved';
      return same(
        [{ action: cmd.decision === 'approve' ? '市人社局同意' : '市人社局不同意', itemId: item.id, from: item.status, to, note: cmd.comment }],
        c.status,
        {},
        [{ id: item.id, status: to }],
      );
    }
    case 'withdraw':
      // before acceptance only (COMMAND_STATES); a submitted one keeps counting for the one-year rule (三(四))
      return same([{ action: '撤回申报', from: c.status, to: 'withdrawn' }], 'withdrawn');
  }
}

/** 项目评估材料 (三(四)): the only upload after the institution evaluation, for an item in project evaluation or submitted. */
function projectMaterialUpload(c: ApplicationCase, cmd: Extract<Command, { type: 'upload_material' }>): void {
  if (c.status !== 'institution_passed') {
    refuse('CONFLICT', `申报当前为“${APPLICATION_STATUS_LABELS[c.status]}”，项目评估材料须在通过机构评估后、项目评估期间上传。`, '三(四)');
  }
  if (cmd.kind !== undefined && cmd.kind !== 'project_material') {
    refuse('CONFLICT', `申报已通过机构评估，申报材料不能再修改；此时只能上传项目评估材料。`, '三(四)');
  }
  const open = (s: ItemStatus) => s === 'project_evaluation' || s === 'project_submitted';
  const item = cmd.itemId === undefined ? undefined : itemOf(c, cmd.itemId);
  if (item ? !open(item.status) : !c.items.some((i) => open(i.status))) {
    refuse('CONFLICT', `${item ? `“${item.name}”当前为“${ITEM_STATUS_LABELS[item.status]}”` : '本申报没有项目评估中的项目'}，不能上传项目评估材料。`, '三(四)');
  }
}

export function countedReviews(c: ApplicationCase): number {
  return c.reviews.filter((r) => !r.conflictOfInterest).length;
}

/** The latest inspection of each site decides (a failed one can be redone). */
export function latestInspection(c: ApplicationCase, siteId: string) {
  return c.inspections.filter((i) => i.siteId === siteId).sort((a, b) => b.at.getTime() - a.at.getTime())[0];
}

function institutionEvaluation(c: ApplicationCase, cmd: Extract<Command, { type: 'institution_evaluation' }>, ctx: DecideContext): Decision {
  if (cmd.result === 'fail') {
    return {
      status: 'institution_failed',
      patch: {},
      items: [],
      events: [{ action: '机构评估未通过', from: c.status, to: 'institution_failed', note: cmd.summary }],
    };
  }
  const blockers = [];
  const counted = countedReviews(c);
  if (counted < c.campaign.rules.minExpertReviews) {
    blockers.push({
      code: 'CONFLICT' as const,
      detail: `专家论证有效评审 ${counted} 份，本批次规则至少需要 ${c.campaign.rules.minExpertReviews} 份（声明利益冲突回避的不计）。`,
      clause: CALL_RULE_CLAUSE,
      ref: { rule: 'minExpertReviews' },
    });
  }
  // 三(三) names 现场考察 as a method; that every site is inspected and passes is this call's rule
  for (const site of c.sites) {
    const last = latestInspection(c, site.id);
    if (!last)
      blockers.push({
        code: 'CONFLICT' as const,
        detail: `考核点“${site.name}”尚未现场考察（本批次规则：每个考核点均须现场考察通过）。`,
        clause: CALL_RULE_CLAUSE,
        ref: { rule: 'inspectEverySite', siteId: site.id },
      });
    else if (last.result !== 'pass')
      blockers.push({
        code: 'CONFLICT' as const,
        detail: `考核点“${site.name}”现场考察未通过（本批次规则：每个考核点均须现场考察通过）。`,
        clause: CALL_RULE_CLAUSE,
        ref: { rule: 'inspectEverySite', siteId: site.id },
      });
  }
  if (blockers.length)
    refuse('CONFLICT', `机构评估尚不能通过：${blockers.map((b) => b.detail).join('')}`, CALL_RULE_CLAUSE, { rule: blockers[0]!.ref.rule, blockers });
  const today = shanghaiDateOf(ctx.now);
  const due = addMonthsClamped(today, c.campaign.rules.projectEvaluationMonths);
  return {
    status: 'institution_passed',
    patch: { institutionPassedOn: today },
    items: c.items.filter((i) => i.status === 'pending').map((i) => ({ id: i.id, status: 'project_evaluation' as const, projectEvaluationDueOn: due })),
    events: [{ action: '机构评估通过', from: c.status, to: 'institution_passed', note: `${cmd.summary}（项目评估须于 ${due} 前完成）` }],
  };
}

/**
 * 受理 only an organisation that may apply (通知 一, 一(一)). One whose USCC type needs review is
 * accepted only once the centre has recorded its eligibility review (POST /organizations/:id/
 * eligibility-review) — ELIGIBILITY_REVIEW, 409: the review is what is missing. One the review found
 * not eligible is refused with NOT_ELIGIBLE, the code registration uses for a type the notice bars:
 * nothing is missing any more, the organisation may not apply, and the centre's step is 不予受理
 * (which, like 退回补正, stays open).
 */
function requireEligibilityReviewed(c: ApplicationCase): void {
  if (c.organizationEligibility === 'needs_review') {
    refuse(
      'ELIGIBILITY_REVIEW',
      '该申报单位的统一社会信用代码类型须经市职鉴中心资格审核后方可受理。请先在“申报单位资格审核”中记录审核结论（符合或不符合申报条件）及理由，再受理申报。',
      '一',
    );
  }
  if (c.organizationEligibility === 'not_eligible') {
    refuse('NOT_ELIGIBLE', '市职鉴中心资格审核认定该申报单位不符合申报条件，不能受理其申报；请作“不予受理”处理。', '一');
  }
}
