import crypto from 'node:crypto';
import type { z } from 'zod';
import type {
  acceptanceBody,
  approvalBody,
  evaluationBody,
  expertReviewBody,
  projectSubmissionBody,
  recommendationBody,
  siteInspectionBody,
} from '../../../../contract/applications.js';
import { auditWrite } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db/database.js';
import { executeWrites, isWriteConflict, writes, type Writes } from '../../platform/db/one-statement.js';
import type { ApplicationCase } from '../../workflow/case.js';
import { decide, type Command, type Decision } from '../../workflow/decide.js';
import { Refusal, refuse } from '../../workflow/refusal.js';
import { CalendarCache } from '../calendar/calendar.service.js';
import { notifyDecisionWrites } from '../notifications/notifications.service.js';
import {
  acceptedSubmitAttempt,
  enabledExperts,
  expertAssignmentsWrite,
  expertReviewWrite,
  insertSubmitAttempt,
  isRecommendationLetter,
  recommendationWrite,
  siteInspectionWrite,
  submitAttemptWrite,
} from './application-records.repository.js';
import { toCase, type Aggregate } from './application-aggregate.repository.js';
import { aggregateAfter, answerMismatch, inCaseOrder, type Added } from './aggregate-after.js';
import { applicationIdOfItem, decisionWrites } from './applications.repository.js';
import { NO_CALENDAR } from '../../workflow/calendar.js';
import type { ApplicationsService, Caller } from './applications.service.js';
import type { ApplicationView } from './applications.view.js';

/**
 * Extra rows a command writes once the rules have agreed (a review, an inspection, …): parts of its
 * one statement — and what they add to the case as read, for the answer (`aggregateAfter`).
 */
type CommandWrites = (db: DbOrTx, w: Writes, c: ApplicationCase, g: Aggregate) => void | Added | Promise<void | Added>;

/**
 * How many times a command is decided again on a fresh read when the case changed between its read
 * and its write (two officials acting on one case at once) before it takes the case's lock instead.
 */
const OPTIMISTIC_ATTEMPTS = 4;

/** What the messages of a decision say of the case: as read, with the recommendation round after it. */
const headerOf = (g: Aggregate, d: Decision) => ({
  docNumber: g.app.doc_number,
  orgName: g.app.org_name,
  round: g.app.recommendation_round + (d.patch.newRecommendationRound ? 1 : 0),
  contactEmail: g.app.contact_email,
  contactPhone: g.app.contact_phone,
});

const snapshot = (c: ApplicationCase) => ({ status: c.status, items: c.items.map((i) => ({ id: i.id, status: i.status })) });

/**
 * The one door for state changes of an application (docs/decisions/0015): one method per command of
 * API v1 (`POST /applications/:id/<verb>`, `POST /application-items/:id/<verb>`). Each checks its
 * payload, then runs the same pipeline — lock, apply passed deadlines, `decide`, write, audit, commit.
 * Reading, creating and editing a draft stay in ApplicationsService.
 */
export class ApplicationCommands {
  /** The working-day calendar this node holds (acceptance counts working days; 三(二)). */
  private readonly calendar = new CalendarCache();
  /**
   * Every answer compared with a fresh read of the case (a mismatch is a 500 naming what differs):
   * on under NODE_ENV=test, so every journey of the test suite checks `aggregateAfter`; off in
   * production (it would cost the read the answer saves) and where a test counts statements.
   */
  checkAnswers: boolean;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly apps: ApplicationsService,
  ) {
    this.checkAnswers = ctx.config.env === 'test';
  }

  requestRecommendation(caller: Caller, id: string) {
    return this.run(caller, id, { type: 'request_recommendation' });
  }

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
    return this.run(caller, id, cmd, async (db, w, c, g) => {
      if (body.letterMaterialId && !(await isRecommendationLetter(db, id, body.letterMaterialId))) {
        refuse('VALIDATION_FAILED', '推荐函文件不属于该申报，请先上传推荐函（kind=recommendation_letter）。');
      }
      const row = {
        id: crypto.randomUUID(),
        application_id: c.id,
        round: g.app.recommendation_round,
        role: who.role,
        district: who.role === 'district_hr' ? (who.district ?? null) : null,
        authority: who.role === 'industry_authority' ? (who.authority ?? null) : null,
        recorded_on_paper: a.role === 'center',
        decision: body.decision,
        comment: body.comment,
        letter_material_id: body.letterMaterialId ?? null,
        by_user: a.id,
        at: this.ctx.clock.now(),
      };
      recommendationWrite(db, w, row);
      return (after) => ({
        ...after,
        recommendations: inCaseOrder(
          [...after.recommendations, { ...row, by_display_name: a.displayName }],
          (r) => r.at,
          (r) => r.id,
        ),
      });
    });
  }

  /**
   * DL-2: the submit instant is the server's clock when the request is taken. DL-6: a retry with
   * the same idempotency key returns the same result. DL-7: every attempt is logged with its outcome.
   */
  async submit(caller: Caller, id: string, idempotencyKey?: string): Promise<ApplicationView> {
    const businessAt = caller.read?.at ?? this.ctx.clock.now();
    if (idempotencyKey && (await acceptedSubmitAttempt(this.ctx.db, id, idempotencyKey))) return this.apps.view(id);
    const attempt = (outcome: string, code: string | null) => ({
      application_id: id,
      user_id: caller.actor.id,
      at: new Date(),
      business_at: businessAt,
      outcome,
      code,
      idempotency_key: idempotencyKey ?? null,
      response: null,
    });
    try {
      return await this.run(caller, id, { type: 'submit' }, (db, w) => submitAttemptWrite(db, w, attempt('accepted', null)), businessAt);
    } catch (err) {
      // DL-6: the same key as a submission accepted meanwhile (a retry that crossed the first) — its result
      if (
        idempotencyKey &&
        (err instanceof Refusal || (err as { code?: string }).code === '23505') &&
        (await acceptedSubmitAttempt(this.ctx.db, id, idempotencyKey))
      )
        return this.apps.view(id);
      if (err instanceof Refusal) await insertSubmitAttempt(this.ctx.db, attempt('refused', err.code)).catch(() => {});
      else await insertSubmitAttempt(this.ctx.db, attempt('failed', 'INTERNAL')).catch(() => {});
      throw err;
    }
  }

  withdraw(caller: Caller, id: string) {
    return this.run(caller, id, { type: 'withdraw' });
  }

  acceptance(caller: Caller, id: string, body: z.infer<typeof acceptanceBody>) {
    if (body.decision !== 'accept' && !body.reason) {
      refuse('VALIDATION_FAILED', body.decision === 'return' ? '退回补正须写明需补正的内容（一次性告知）。' : '不予受理须写明理由。', '三(二)');
    }
    return this.run(caller, id, { type: 'acceptance', decision: body.decision, reason: body.reason });
  }

  async assignExperts(caller: Caller, id: string, expertIds: string[]) {
    const unique = [...new Set(expertIds)];
    const experts = await enabledExperts(this.ctx.db, unique);
    if (experts.length !== unique.length) refuse('VALIDATION_FAILED', '所选人员中有不是评估专家的账号，请从专家库中选择。');
    const names = new Map(experts.map((e) => [e.id, e.display_name]));
    return this.run(caller, id, { type: 'assign_experts', expertIds: unique }, (db, w) => {
      const at = this.ctx.clock.now();
      expertAssignmentsWrite(db, w, id, unique, at);
      // one already assigned stays as it was; the new ones after, in the order given
      return (after) => ({
        ...after,
        experts: inCaseOrder(
          [
            ...after.experts,
            ...unique.filter((e) => !after.experts.some((x) => x.expert_id === e)).map((e) => ({ expert_id: e, assigned_at: at, display_name: names.get(e)! })),
          ],
          (e) => e.assigned_at,
          (e) => e.expert_id,
        ),
      });
    });
  }

  expertReview(caller: Caller, id: string, body: z.infer<typeof expertReviewBody>) {
    if (!body.conflictOfInterest && (body.score === undefined || !body.recommendation || !body.opinion)) {
      refuse('VALIDATION_FAILED', '请填写评分、评审意见和结论（通过/不通过）；如存在利益冲突，请声明回避。', '三(三)');
    }
    return this.run(
      caller,
      id,
      { type: 'expert_review', conflictOfInterest: body.conflictOfInterest, recommendation: body.recommendation ?? null },
      (db, w) => {
        const score = body.conflictOfInterest ? null : (body.score ?? null);
        const row = {
          id: crypto.randomUUID(),
          application_id: id,
          expert_id: caller.actor.id,
          conflict_of_interest: body.conflictOfInterest,
          score,
          opinion: body.opinion,
          recommendation: body.conflictOfInterest ? null : (body.recommendation ?? null),
          at: this.ctx.clock.now(),
        };
        expertReviewWrite(db, w, row);
        return (after) => ({
          ...after,
          reviews: inCaseOrder(
            [...after.reviews, { ...row, score: score === null ? null : String(score), display_name: caller.actor.displayName }],
            (r) => r.at,
            (r) => r.id,
          ),
        });
      },
    );
  }

  siteInspection(caller: Caller, id: string, body: z.infer<typeof siteInspectionBody>) {
    return this.run(caller, id, { type: 'site_inspection', siteId: body.siteId, result: body.result }, (db, w) => {
      const row = {
        id: crypto.randomUUID(),
        application_id: id,
        site_id: body.siteId,
        inspected_on: body.inspectedOn,
        inspectors: body.inspectors,
        findings: body.findings,
        result: body.result,
        by_user: caller.actor.id,
        at: this.ctx.clock.now(),
      };
      siteInspectionWrite(db, w, row);
      return (after) => ({
        ...after,
        inspections: inCaseOrder(
          [...after.inspections, row],
          (i) => i.at,
          (i) => i.id,
        ),
      });
    });
  }

  institutionEvaluation(caller: Caller, id: string, body: z.infer<typeof evaluationBody>) {
    return this.run(caller, id, { type: 'institution_evaluation', result: body.result, summary: body.summary });
  }

  projectSubmission(caller: Caller, itemId: string, body: z.infer<typeof projectSubmissionBody>) {
    return this.runOnItem(caller, itemId, { type: 'project_submission', itemId, note: body.note });
  }

  projectEvaluation(caller: Caller, itemId: string, body: z.infer<typeof evaluationBody>) {
    return this.runOnItem(caller, itemId, { type: 'project_evaluation', itemId, result: body.result, summary: body.summary });
  }

  approval(caller: Caller, itemId: string, body: z.infer<typeof approvalBody>) {
    return this.runOnItem(caller, itemId, { type: 'approval', itemId, decision: body.decision, comment: body.comment });
  }

  /**
   * One state change, end to end (docs/decisions/0020): read the case (with whether a clock has run
   * out), decide, and write everything the decision means — the case, its history and clocks, the
   * command's own rows, the messages and the audit record — as ONE statement, guarded by the version
   * read. If the case changed in between, nothing is written and the command is decided again on what
   * is there now; after a few such crossings it takes the case's lock, as every command once did.
   */
  private async run(caller: Caller, id: string, cmd: Command, extra?: CommandWrites, at?: Date): Promise<ApplicationView> {
    // the instant the request was taken decides (DL-2), however long it takes to get through
    const now = at ?? caller.read?.at ?? this.ctx.clock.now();
    // the first attempt decides on the case the route's scope check read (with the prior submissions a submit needs)
    let read: Aggregate | undefined = caller.read?.g.app.id === id && (cmd.type !== 'submit' || caller.actor.role === 'applicant') ? caller.read.g : undefined;
    let after: Aggregate | undefined;
    for (let attempt = 1; !after && attempt <= OPTIMISTIC_ATTEMPTS; attempt++) {
      const g = read ?? (await this.apps.readVisible(caller, id, cmd.type === 'submit', now));
      read = undefined;
      if (g.app.has_due_deadline) {
        await this.apps.catchUp(id, now); // in its own transaction: a refused command still leaves it applied
        continue;
      }
      try {
        after = await this.decideAndWrite(this.ctx.db, caller, g, cmd, now, extra, g.app.version);
      } catch (err) {
        // 40001: the guard (the case moved on); 23505: a row of a concurrent command of the same kind
        const crossed = isWriteConflict(err) || (err as { code?: string }).code === '23505';
        if (!crossed || attempt === OPTIMISTIC_ATTEMPTS) throw err;
      }
    }
    if (!after) {
      await this.apps.catchUp(id, now);
      after = await this.ctx.db.transaction().execute(async (tx) => {
        const g = await this.apps.lockVisible(tx, caller, id, cmd.type === 'submit');
        return this.decideAndWrite(tx, caller, g, cmd, now, extra);
      });
    }
    // the answer: the case as the write left it (guarded by the version read, or under the lock), not read again
    const answer = await this.apps.present(after);
    if (this.checkAnswers) {
      const wrong = answerMismatch(answer, await this.apps.view(id));
      if (wrong) throw new Error(`answer of ${cmd.type} differs from the case read again:\n${wrong}`);
    }
    return answer;
  }

  /** Decides and writes (one statement); answers the case as the write leaves it. */
  private async decideAndWrite(
    db: DbOrTx,
    caller: Caller,
    g: Aggregate,
    cmd: Command,
    now: Date,
    extra?: CommandWrites,
    expectedVersion?: number,
  ): Promise<Aggregate> {
    const c = toCase(g);
    const calendar = cmd.type === 'acceptance' ? await this.calendar.at(this.ctx.db, g.app.calendar_revision ?? '') : NO_CALENDAR;
    const decision = decide(c, cmd, caller.actor, { now, calendar });
    const w = writes();
    const added = extra ? await extra(db, w, c, g) : undefined;
    const actor = { id: caller.actor.id, label: caller.audit.label };
    decisionWrites(db, w, c, decision, actor, now, expectedVersion);
    notifyDecisionWrites(db, w, this.ctx.config, c, headerOf(g, decision), cmd, decision, now);
    const after = { status: decision.status, items: decision.items };
    auditWrite(
      db,
      w,
      caller.audit,
      { action: `application.${cmd.type}`, entityType: 'application', entityId: c.id, before: snapshot(c), after: { ...after, command: cmd } },
      now,
    );
    await executeWrites(db, w);
    return aggregateAfter(g, decision, actor, now, added ?? undefined);
  }

  private async runOnItem(caller: Caller, itemId: string, cmd: Command): Promise<ApplicationView> {
    const read = caller.read?.g;
    const appId = read?.items.some((i) => i.id === itemId) ? read.app.id : await applicationIdOfItem(this.ctx.db, itemId);
    if (!appId) refuse('NOT_FOUND', '未找到该申报项目。');
    return this.run(caller, appId, cmd);
  }
}
