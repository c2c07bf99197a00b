import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams } from '../../../../contract/common.js';
import { receiptParams } from '../../../../contract/documents.js';
import { auditActor } from '../../platform/http/request-context.js';
import { applicationScope } from '../applications/applications.routes.js';
import type { ApplicationsService, Caller } from '../applications/applications.service.js';
import type { DocumentsService, PdfDocument } from './documents.service.js';

const ALL_SIGNED_IN = ['applicant', 'industry_authority', 'district_hr', 'center', 'expert', 'bureau', 'admin'] as const;

/** RFC 6266 / RFC 5987: an ASCII fallback plus the UTF-8 name, so Chinese names arrive intact. */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const utf8 = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

/** PUBLIC_BASE_URL when configured; otherwise the URL this request reached the server on. */
export function baseUrlOf(req: FastifyRequest, configured?: string): string {
  return configured ?? `${req.protocol}://${req.host}`;
}

function sendPdf(reply: FastifyReply, d: PdfDocument) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-length', String(d.pdf.length))
    .header('content-disposition', contentDisposition(d.fileName, 'inline'))
    .send(d.pdf);
}

export const documentsRoutes: FastifyPluginAsyncZod<{ service: DocumentsService; applications: ApplicationsService; publicBaseUrl?: string }> = async (
  app,
  { service, applications, publicBaseUrl },
) => {
  const caller = (req: FastifyRequest): Caller => ({ actor: req.actor!, audit: auditActor(req) });

  app.get(
    '/applications/:id/form.pdf',
    {
      config: { auth: ALL_SIGNED_IN, scope: applicationScope(applications) },
      schema: { tags: ['documents'], summary: '社会培训评价组织征集遴选申请表（系统生成，PDF）', params: idParams, produces: ['application/pdf'] },
    },
    async (req, reply) => sendPdf(reply, await service.applicationForm(caller(req), req.params.id)),
  );

  app.get(
    '/filings/:receiptNo/receipt.pdf',
    {
      config: { auth: ['center', 'bureau', 'applicant', 'admin'] },
      schema: { tags: ['documents'], summary: '备案回执（PDF，含核验二维码与 SM3 摘要）', params: receiptParams, produces: ['application/pdf'] },
    },
    async (req, reply) => sendPdf(reply, await service.receipt(req.actor!, auditActor(req), req.params.receiptNo, baseUrlOf(req, publicBaseUrl))),
  );
};
