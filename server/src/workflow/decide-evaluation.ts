import { CALL_RULE_CLAUSE, type Actor, type ApplicationCase } from './case.js';
import { workingDaysAfter } from './calendar.js';
import type { Command, DecideContext, Decision } from './commands.js';
import { outcome } from './decide-support.js';
import { refuse } from './refusal.js';
import { addMonthsClamped, shanghaiDateOf } from './time.js';

export type EvaluationCommand = Extract<
  Command,
  { type: 'acceptance' | 'assign_experts' | 'expert_review' | 'site_inspection' | 'upload_site_photo' | 'institution_evaluation' }
>;

/** From acceptance to the institution evaluation (三(二), 三(三)): the centre's and the experts' steps on the whole case. */
export function decideEvaluation(c: ApplicationCase, cmd: EvaluationCommand, actor: Actor, ctx: DecideContext): Decision {
  const { now } = ctx;
  const same = outcome(c);
  switch (cmd.type) {
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
    case 'upload_site_photo':
      if (cmd.siteId !== undefined && !c.sites.some((s) => s.id === cmd.siteId)) refuse('VALIDATION_FAILED', '考核点不属于该申报，请从该申报的考核点中选择。');
      return same([]);
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
