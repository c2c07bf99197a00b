import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  acceptanceBody,
  applicationInput,
  applicationItemListQuery,
  applicationItemSummarySchema,
  applicationListQuery,
  applicationPatch,
  applicationSchema,
  applicationSummarySchema,
  approvalBody,
  evaluationBody,
  projectSubmissionBody,
  expertReviewBody,
  expertsBody,
  recommendationBody,
  siteInspectionBody,
  submitBody,
} from '../../../../contract/applications.js';
import { checklistSchema, emptyBody, idParams } from '../../../../contract/common.js';
import { auditActor } from '../../platform/http/request-context.js';
import { refuse } from '../../workflow/refusal.js';
import type { ApplicationsService, Caller, CaseRead } from './applications.service.js';
import type { ApplicationCommands } from './applications.commands.js';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * 404 before the body is looked at, for an application outside the caller's scope (SEC-07). With
 * `keep`, the check reads the whole case and keeps it for the handler (one statement for both: a
 * command decides on it first, a read answers it — 0020); without, it reads only the scope's facts.
 */
export function applicationScope(
  applications: ApplicationsService,
  param = 'id',
  kind: 'application' | 'item' = 'application',
  keep?: WeakMap<FastifyRequest, CaseRead>,
) {
  return async (req: FastifyRequest) => {
    const raw = (req.params as Record<string, string>)[param] ?? '';
    if (!UUID_RE.test(raw) || !req.actor) return; // schema validation answers malformed ids
    const read = keep ? await applications.readForRequest(req.actor, raw, kind) : null;
    if (read) keep!.set(req, read);
    else if (keep || !(await applications.visible(req.actor, raw, kind)))
      refuse('NOT_FOUND', kind === 'item' ? '未找到该申报项目，或您无权查看。' : '未找到该申报，或您无权查看。');
  };
}

const ALL_STAFF_AND_APPLICANT = ['applicant', 'industry_authority', 'district_hr', 'center', 'expert', 'bureau', 'admin'] as const;

export const applicationsRoutes: FastifyPluginAsyncZod<{ service: ApplicationsService; commands: ApplicationCommands }> = async (
  app,
  { service, commands },
) => {
  const reads = new WeakMap<FastifyRequest, CaseRead>();
  const caller = (req: FastifyRequest): Caller => ({ actor: req.actor!, audit: auditActor(req), read: reads.get(req) });
  const scope = applicationScope(service);
  // the routes whose handler decides on, or answers, the case the scope check read
  const scopeRead = applicationScope(service, 'id', 'application', reads);
  const itemScope = applicationScope(service, 'id', 'item', reads);
  const ok = { 200: applicationSchema };

  app.post(
    '/applications',
    {
      config: { auth: ['applicant'] },
      schema: { tags: ['applications'], summary: '创建申报（草稿）', body: applicationInput, response: { 201: applicationSchema } },
    },
    async (req, reply) => reply.status(201).send(await service.create(caller(req), req.body)),
  );

  app.get(
    '/applications',
    {
      config: { auth: ALL_STAFF_AND_APPLICANT },
      schema: {
        tags: ['applications'],
        summary: '申报列表（按角色和范围）',
        querystring: applicationListQuery,
        response: { 200: z.object({ items: z.array(applicationSummarySchema), total: z.number().int() }) },
      },
    },
    async (req) => service.list(caller(req), req.query),
  );

  app.get(
    '/application-items',
    {
      config: { auth: ['applicant', 'center', 'bureau', 'admin'] },
      schema: {
        tags: ['applications'],
        summary: '申报项目列表（逐项办理：项目评估、市人社局审批）',
        querystring: applicationItemListQuery,
        response: { 200: z.object({ items: z.array(applicationItemSummarySchema), total: z.number().int() }) },
      },
    },
    async (req) => service.listItems(caller(req), req.query),
  );

  app.get(
    '/applications/:id',
    {
      config: { auth: ALL_STAFF_AND_APPLICANT, scope: scopeRead },
      schema: { tags: ['applications'], summary: '申报详情', params: idParams, response: ok },
    },
    async (req) => service.get(caller(req), req.params.id),
  );

  app.patch(
    '/applications/:id',
    {
      config: { auth: ['applicant'], scope },
      schema: { tags: ['applications'], summary: '修改申报（草稿、推荐未通过、退回补正时）', params: idParams, body: applicationPatch, response: ok },
    },
    async (req) => {
      const ifMatch = req.headers['if-match'];
      const v = typeof ifMatch === 'string' && /^"?\d+"?$/.test(ifMatch) ? Number(ifMatch.replace(/"/g, '')) : undefined;
      return service.update(caller(req), req.params.id, req.body, v);
    },
  );

  app.get(
    '/applications/:id/checklist',
    {
      config: { auth: ALL_STAFF_AND_APPLICANT, scope },
      schema: {
        tags: ['applications'],
        summary: '提交前一次性告知清单',
        params: idParams,
        response: { 200: checklistSchema },
      },
    },
    async (req) => service.checklist(caller(req), req.params.id),
  );

  app.post(
    '/applications/:id/request-recommendation',
    {
      config: { auth: ['applicant'], scope: scopeRead },
      schema: { tags: ['applications'], summary: '申请推荐', params: idParams, body: emptyBody, response: ok },
    },
    async (req) => commands.requestRecommendation(caller(req), req.params.id),
  );

  app.post(
    '/applications/:id/recommendations',
    {
      config: { auth: ['industry_authority', 'district_hr', 'center'], scope: scopeRead },
      schema: { tags: ['applications'], summary: '推荐或不予推荐（市职鉴中心：代为录入纸质推荐）', params: idParams, body: recommendationBody, response: ok },
    },
    async (req) => commands.recommend(caller(req), req.params.id, req.body),
  );

  app.post(
    '/applications/:id/submit',
    {
      config: { auth: ['applicant'], scope: scopeRead },
      schema: { tags: ['applications'], summary: '提交申报', params: idParams, body: submitBody, response: ok },
    },
    async (req) => {
      const key = req.body?.idempotencyKey ?? (typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined);
      return commands.submit(caller(req), req.params.id, key);
    },
  );

  app.post(
    '/applications/:id/withdraw',
    {
      config: { auth: ['applicant'], scope: scopeRead },
      schema: { tags: ['applications'], summary: '撤回申报（受理前）', params: idParams, body: emptyBody, response: ok },
    },
    async (req) => commands.withdraw(caller(req), req.params.id),
  );

  app.post(
    '/applications/:id/acceptance',
    {
      config: { auth: ['center'], scope: scopeRead },
      schema: { tags: ['applications'], summary: '受理、退回补正或不予受理', params: idParams, body: acceptanceBody, response: ok },
    },
    async (req) => commands.acceptance(caller(req), req.params.id, req.body),
  );

  app.post(
    '/applications/:id/experts',
    {
      config: { auth: ['center'], scope: scopeRead },
      schema: { tags: ['applications'], summary: '指派评估专家', params: idParams, body: expertsBody, response: ok },
    },
    async (req) => commands.assignExperts(caller(req), req.params.id, req.body.expertUserIds),
  );

  app.post(
    '/applications/:id/expert-reviews',
    {
      config: { auth: ['expert'], scope: scopeRead },
      schema: { tags: ['applications'], summary: '专家评审（含利益冲突声明）', params: idParams, body: expertReviewBody, response: ok },
    },
    async (req) => commands.expertReview(caller(req), req.params.id, req.body),
  );

  app.post(
    '/applications/:id/site-inspections',
    {
      config: { auth: ['center'], scope: scopeRead },
      schema: { tags: ['applications'], summary: '现场考察记录', params: idParams, body: siteInspectionBody, response: ok },
    },
    async (req) => commands.siteInspection(caller(req), req.params.id, req.body),
  );

  app.post(
    '/applications/:id/institution-evaluation',
    {
      config: { auth: ['center'], scope: scopeRead },
      schema: { tags: ['applications'], summary: '机构评估结论', params: idParams, body: evaluationBody, response: ok },
    },
    async (req) => commands.institutionEvaluation(caller(req), req.params.id, req.body),
  );

  app.post(
    '/application-items/:id/project-submission',
    {
      config: { auth: ['applicant'], scope: itemScope },
      schema: {
        tags: ['applications'],
        summary: '提交项目评估材料（三(四)：停止3个月期限的计算）',
        params: idParams,
        body: projectSubmissionBody,
        response: ok,
      },
    },
    async (req) => commands.projectSubmission(caller(req), req.params.id, req.body),
  );

  app.post(
    '/application-items/:id/project-evaluation',
    {
      config: { auth: ['center'], scope: itemScope },
      schema: { tags: ['applications'], summary: '项目评估结论', params: idParams, body: evaluationBody, response: ok },
    },
    async (req) => commands.projectEvaluation(caller(req), req.params.id, req.body),
  );

  app.post(
    '/application-items/:id/approval',
    {
      config: { auth: ['bureau'], scope: itemScope },
      schema: { tags: ['applications'], summary: '市人社局同意或不同意', params: idParams, body: approvalBody, response: ok },
    },
    async (req) => commands.approval(caller(req), req.params.id, req.body),
  );
};
