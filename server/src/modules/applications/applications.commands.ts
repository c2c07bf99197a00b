import type { z } from 'zod';
import type { acceptanceBody, expertReviewBody, recommendationBody, siteInspectionBody } from '../../../../contract/applications.js';
import type { ServiceContext } from '../../platform/context.js';
import { Refusal, refuse } from '../../workflow/refusal.js';
import type { ApplicationsService, Caller } from './applications.service.js';
import type { ApplicationView } from './applications.view.js';

/** Commands whose payload adds rows of their own once the rules have agreed. */
export class ApplicationCommands {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly apps: ApplicationsService,
  ) {}

  recommend(caller: Caller, id: string, body: z.infer<typeof recommendationBody>) {
    const a = caller.actor;
    if (body.decision === 'decline' && !body.comment) refuse('VALIDATION_FAILED', '不予推荐时请填写意见，告诉申报单位需要改进什么。');
    const w = body.onBehalfOf;
    if (a.role !== 'center' && w) refuse('VALIDATION_FAILED', 'onBehalfOf 仅供市职鉴中心代为录入纸质推荐时使用。');
    if (a.role === 'center') {
      if (!w) refuse('VALIDATION_FAILED', '代为录入纸质推荐时请指明推荐部门 onBehalfOf（role 及 authority 或 district）。');
      if (w.role === 'industry_authority' && (!w.authority || w.district)) refuse('VALIDATION_FAILED', '行业主管部门的推荐请填写 authority（不填 district）。');
      if (w.role === 'district_hr' && (!w.district || w.authority)) refuse('VALIDATION_FAILED', '区人社部门的推荐请填写 district（不填 authority）。');
    }
    const who = a.role === 'center' && w ? w : { role: a.role, authority: a.authority ?? undefined, district: a.district ?? undefined };
    const cmd = { type: 'recommend' as const, decision: body.decision, comment: body.comment, ...(w ? { onBehalfOf: w } : {}) };
    return this.apps.command(caller, id, cmd, async (tx, _d, c) => {
      if (body.letterMaterialId) {
        const m = await tx.selectFrom('materials').select('id').where('id', '=', body.letterMaterialId).where('application_id', '=', id).where('kind', '=', 'recommendation_letter').executeTakeFirst();
        if (!m) refuse('VALIDATION_FAILED', '推荐函文件不属于该申报，请先上传推荐函（kind=recommendation_letter）。');
      }
      const round = await tx.selectFrom('applications').select('recommendation_round').where('id', '=', c.id).executeTakeFirstOrThrow();
      await tx
        .insertInto('recommendations')
        .values({
          application_id: id,
          round: round.recommendation_round,
          role: who.role,
          district: who.role === 'district_hr' ? who.district ?? null : null,
          authority: who.role === 'industry_authority' ? who.authority ?? null : null,
          recorded_on_paper: a.role === 'center',
          decision: body.decision,
          comment: body.comment,
          letter_material_id: body.letterMaterialId ?? null,
          by_user: a.id,
          at: this.ctx.clock.now(),
        })
        .execute();
    });
  }

  /**
   * DL-2: the submit instant is the server's clock when the request is taken. DL-6: a retry with
   * the same idempotency key returns the same result. DL-7: every attempt is logged with its outcome.
   */
  async submit(caller: Caller, id: string, idempotencyKey?: string): Promise<ApplicationView> {
    const businessAt = this.ctx.clock.now();
    if (idempotencyKey) {
      const done = await this.ctx.db
        .selectFrom('submit_attempts')
        .select('id')
        .where('application_id', '=', id)
        .where('idempotency_key', '=', idempotencyKey)
        .where('outcome', '=', 'accepted')
        .executeTakeFirst();
      if (done) return this.apps.view(id);
    }
    const log = (outcome: string, code: string | null) =>
      this.ctx.db
        .insertInto('submit_attempts')
        .values({ application_id: id, user_id: caller.actor.id, at: new Date(), business_at: businessAt, outcome, code, idempotency_key: idempotencyKey ?? null, response: null })
        .execute();
    try {
      const view = await this.apps.command(caller, id, { type: 'submit' }, async (tx) => {
        await tx
          .insertInto('submit_attempts')
          .values({ application_id: id, user_id: caller.actor.id, at: new Date(), business_at: businessAt, outcome: 'accepted', code: null, idempotency_key: idempotencyKey ?? null, response: null })
          .execute();
      }, businessAt);
      return view;
    } catch (err) {
      if (err instanceof Refusal) await log('refused', err.code).catch(() => {});
      else if ((err as { code?: string }).code === '23505' && idempotencyKey) return this.apps.view(id);
      else await log('failed', 'INTERNAL').catch(() => {});
      throw err;
    }
  }

  acceptance(caller: Caller, id: string, body: z.infer<typeof acceptanceBody>) {
    if (body.decision !== 'accept' && !body.reason) {
      refuse('VALIDATION_FAILED', body.decision === 'return' ? '退回补正须写明需补正的内容（一次性告知）。' : '不予受理须写明理由。', '三(二)');
    }
    return this.apps.command(caller, id, { type: 'acceptance', decision: body.decision, reason: body.reason });
  }

  async assignExperts(caller: Caller, id: string, expertIds: string[]) {
    const unique = [...new Set(expertIds)];
    const experts = await this.ctx.db.selectFrom('users').select('id').where('id', 'in', unique).where('role', '=', 'expert').where('disabled', '=', false).execute();
    if (experts.length !== unique.length) refuse('VALIDATION_FAILED', '所选人员中有不是评估专家的账号，请从专家库中选择。');
    return this.apps.command(caller, id, { type: 'assign_experts', expertIds: unique }, async (tx) => {
      const now = this.ctx.clock.now();
      await tx
        .insertInto('expert_assignments')
        .values(unique.map((e) => ({ application_id: id, expert_id: e, assigned_at: now })))
        .onConflict((oc) => oc.columns(['application_id', 'expert_id']).doNothing())
        .execute();
    });
  }

  expertReview(caller: Caller, id: string, body: z.infer<typeof expertReviewBody>) {
    if (!body.conflictOfInterest && (body.score === undefined || !body.recommendation || !body.opinion)) {
      refuse('VALIDATION_FAILED', '请填写评分、评审意见和结论（通过/不通过）；如存在利益冲突，请声明回避。', '三(三)');
    }
    return this.apps.command(caller, id, { type: 'expert_review', conflictOfInterest: body.conflictOfInterest, recommendation: body.recommendation ?? null }, async (tx) => {
      await tx
        .insertInto('expert_reviews')
        .values({
          application_id: id,
          expert_id: caller.actor.id,
          conflict_of_interest: body.conflictOfInterest,
          score: body.conflictOfInterest ? null : body.score ?? null,
          opinion: body.opinion,
          recommendation: body.conflictOfInterest ? null : body.recommendation ?? null,
          at: this.ctx.clock.now(),
        })
        .execute();
    });
  }

  siteInspection(caller: Caller, id: string, body: z.infer<typeof siteInspectionBody>) {
    return this.apps.command(caller, id, { type: 'site_inspection', siteId: body.siteId, result: body.result }, async (tx) => {
      await tx
        .insertInto('site_inspections')
        .values({ application_id: id, site_id: body.siteId, inspected_on: body.inspectedOn, inspectors: body.inspectors, findings: body.findings, result: body.result, by_user: caller.actor.id, at: this.ctx.clock.now() })
        .execute();
    });
  }
}
