import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uuid } from '../../../../contract/common.js';
import { auditActor } from '../../platform/http/request-context.js';
import type { BlobIntegrityService } from './blob-integrity.service.js';

const problem = z.object({
  materialId: z.string(),
  applicationId: z.string(),
  kind: z.string(),
  fileName: z.string(),
  blobKey: z.string(),
  deleted: z.boolean(),
  expected: z.object({ sha256: z.string(), size: z.number() }),
  actual: z.object({ sha256: z.string(), size: z.number() }).optional(),
});

const integrityReport = z
  .object({
    valid: z.boolean(),
    checkedAt: z.string(),
    driver: z.string(),
    materials: z.number().int(),
    verified: z.number().int(),
    bytes: z.number(),
    mismatched: z.array(problem),
    missing: z.array(problem),
    unreferencedBlobs: z.number().int(),
    pendingUploads: z.number().int(),
    durationMs: z.number(),
  })
  .meta({ id: 'BlobIntegrityReport' });

const cleanupReport = z
  .object({
    skipped: z.boolean(),
    expiredUploads: z.number().int(),
    temporary: z.number().int(),
    unreferenced: z.number().int(),
    durationMs: z.number(),
  })
  .meta({ id: 'BlobCleanupReport' });

/** The file store's health, for the administrator: integrity of every stored file, and the stray cleanup on demand. */
export const blobsRoutes: FastifyPluginAsyncZod<{ service: BlobIntegrityService }> = async (app, { service }) => {
  app.get(
    '/system/blobs/verify',
    {
      config: { auth: ['admin'] },
      schema: {
        tags: ['system'],
        summary: '校验全部已存文件的 SHA-256（完整性检查）',
        querystring: z.strictObject({ applicationId: uuid.optional() }),
        response: { 200: integrityReport },
      },
    },
    async (req) => service.verify(auditActor(req), { applicationId: req.query.applicationId }),
  );

  app.post(
    '/system/blobs/cleanup',
    {
      config: { auth: ['admin'] },
      schema: {
        tags: ['system'],
        summary: '立即清理残留文件（中断的上传、无记录的文件）',
        body: z.strictObject({}).optional(),
        response: { 200: cleanupReport },
      },
    },
    async (req) => service.cleanup(auditActor(req)),
  );
};
