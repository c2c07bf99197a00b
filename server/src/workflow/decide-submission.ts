import type { Actor, ApplicationCase } from './case.js';
import { checkCorrectionScope } from './correction.js';
import { recommendationOf, requiredRecommenders, submissionBlockers } from './checklist.js';
import type { Command, DecideContext, Decision } from './commands.js';
import { projectMaterialUpload } from './decide-items.js';
import { notFound, outcome, requireEditable } from './decide-support.js';
import { refuse } from './refusal.js';
import { toShanghaiIso } from './time.js';

export type SubmissionCommand = Extract<
  Command,
  { type: 'edit' | 'upload_material' | 'delete_material' | 'upload_letter' | 'request_recommendation' | 'recommend' | 'submit' | 'withdraw' }
>;

/** Before acceptance (三(一), 四): the applicant prepares, asks for recommendations, submits or withdraws; recommenders decide. */
export function decideSubmission(c: ApplicationCase, cmd: SubmissionCommand, actor: Actor, ctx: DecideContext): Decision {
  const { now } = ctx;
  const same = outcome(c);
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
    case 'withdraw':
      // before acceptance only (COMMAND_STATES); a submitted one keeps counting for the one-year rule (三(四))
      return same([{ action: '撤回申报', from: c.status, to: 'withdrawn' }], 'withdrawn');
  }
}
