import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { filingSchema } from '../../../../contract/applications.js';
import { text } from '../../../../contract/common.js';
import { filingVerificationSchema } from '../../../../contract/documents.js';
import { FILING_STATUSES } from '../../../../contract/enums.js';
import { filingProofSchema, supervisionBody } from '../../../../contract/trust.js';
import { auditActor } from '../../platform/http/request-context.js';
import type { FilingsService } from './filings.service.js';
import type { FilingVerification } from './verification.service.js';

const receiptParams = z.strictObject({ receiptNo: z.string().regex(/^[A-Z]{2,6}-\d{4}-\d{3,8}$/, '回执编号格式不正确') });

/** The verification page's address for a receipt (PUBLIC_BASE_URL or the request's own origin). */
type VerifyUrl = (receiptNo: string, req: FastifyRequest) => string;

export const filingsRoutes: FastifyPluginAsyncZod<{ service: FilingsService; verification: FilingVerification; verifyUrl: VerifyUrl }> = async (
  app,
  { service, verification, verifyUrl },
) => {
  app.get(
    '/filings',
    {
      config: { auth: ['center', 'bureau', 'applicant', 'admin'] },
      schema: {
        tags: ['filings'],
        summary: '备案列表',
        querystring: z.strictObject({
          status: z.enum(FILING_STATUSES).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(filingSchema), total: z.number().int() }) },
      },
    },
    async (req) => service.list(req.actor!, req.query),
  );

  app.get(
    '/filings/:receiptNo',
    {
      config: { auth: ['center', 'bureau', 'applicant', 'admin'] },
      schema: { tags: ['filings'], summary: '备案详情', params: receiptParams, response: { 200: filingSchema } },
    },
    async (req) => service.get(req.params.receiptNo, req.actor),
  );

  app.post(
    '/filings/:receiptNo/revoke',
    {
      config: { auth: ['bureau'] },
      schema: { tags: ['filings'], summary: '撤销备案', params: receiptParams, body: z.strictObject({ reason: text(2000) }), response: { 200: filingSchema } },
    },
    async (req) => service.revoke(req.params.receiptNo, req.body.reason, auditActor(req)),
  );

  app.post(
    '/filings/:receiptNo/suspend',
    {
      config: { auth: ['bureau', 'center'] },
      schema: {
        tags: ['filings'],
        summary: '暂停备案（监管措施：暂停期间无效、不在公开名录中显示）',
        params: receiptParams,
        body: supervisionBody,
        response: { 200: filingSchema },
      },
    },
    async (req) => service.suspend(req.params.receiptNo, req.body.reason, auditActor(req)),
  );

  app.post(
    '/filings/:receiptNo/resume',
    {
      config: { auth: ['bureau', 'center'] },
      schema: { tags: ['filings'], summary: '恢复备案', params: receiptParams, body: supervisionBody, response: { 200: filingSchema } },
    },
    async (req) => service.resume(req.params.receiptNo, req.body.reason, auditActor(req)),
  );

  app.get(
    '/public/filings/:receiptNo',
    {
      config: { auth: 'public' },
      schema: { tags: ['public'], summary: '备案回执核验', params: receiptParams, response: { 200: filingVerificationSchema } },
    },
    async (req) => verification.verify(req.params.receiptNo, verifyUrl(req.params.receiptNo, req)),
  );

  app.get(
    '/public/filings/:receiptNo/proof',
    {
      config: { auth: 'public' },
      schema: { tags: ['public'], summary: '备案回执的透明日志包含证明（RFC 9162）', params: receiptParams, response: { 200: filingProofSchema } },
    },
    async (req) => verification.proof(req.params.receiptNo),
  );
};
