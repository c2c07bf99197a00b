import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { materialSchema } from '../../../../contract/applications.js';
import { idParams, uuid } from '../../../../contract/common.js';
import { auditActor } from '../../platform/http/request-context.js';
import { refuse } from '../../workflow/refusal.js';
import { applicationScope, UUID_RE } from '../applications/applications.routes.js';
import type { ApplicationsService, Caller } from '../applications/applications.service.js';
import type { UploadRead } from '../applications/application-upload.service.js';
import { contentDisposition } from './file-checks.js';
import type { MaterialsService, UploadFields } from './materials.service.js';

const materialParams = z.strictObject({ id: uuid, materialId: uuid });

export const materialsRoutes: FastifyPluginAsyncZod<{ service: MaterialsService; applications: ApplicationsService; hardCapBytes: number }> = async (
  app,
  { service, applications, hardCapBytes },
) => {
  const caller = (req: FastifyRequest): Caller => ({ actor: req.actor!, audit: auditActor(req) });
  const scope = applicationScope(applications);
  /**
   * An upload's scope check is its precheck: one narrow read of the case answers both "may this caller
   * see it" (404 otherwise, as for every /:id route) and "may a material be added now" — before a byte
   * of the body is read. What it read is kept for the handler: the write decides on it first and is
   * guarded by its version.
   */
  const prechecked = new WeakMap<FastifyRequest, UploadRead>();
  const uploadScope = async (req: FastifyRequest) => {
    const id = (req.params as { id?: string }).id ?? '';
    if (!UUID_RE.test(id) || !req.actor) return; // schema validation answers malformed ids
    prechecked.set(req, await service.precheck(caller(req), id));
  };

  app.post(
    '/applications/:id/materials',
    {
      config: { auth: ['applicant', 'industry_authority', 'district_hr', 'center'], scope: uploadScope },
      schema: {
        tags: ['materials'],
        summary: '上传材料（multipart：kind、itemId（样卷）、siteId（现场考察照片）、file；PDF，照片为 JPEG/PNG）',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: materialSchema },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) refuse('VALIDATION_FAILED', '请以 multipart/form-data 上传，字段：kind、itemId（样卷）与文件 file。');
      // Past the hard cap the body is not read at all: answer and close the connection.
      if (Number(req.headers['content-length'] ?? 0) > hardCapBytes) {
        reply.header('connection', 'close');
        refuse('FILE_TOO_LARGE', `上传内容超过 ${Math.round(hardCapBytes / 1024 / 1024)} MiB，请压缩或拆分文件后重新上传。`);
      }
      const pre = prechecked.get(req) ?? (await service.precheck(caller(req), req.params.id));
      // the body is read only inside a slot: an upload that waits costs this process nothing
      const { result, failure } = await service.receiving.run(async () => {
        const fields: UploadFields = {};
        let result: Awaited<ReturnType<MaterialsService['upload']>> | undefined;
        let failure: unknown;
        for await (const part of req.parts()) {
          if (part.type === 'field') {
            if (part.fieldname === 'kind' || part.fieldname === 'itemId' || part.fieldname === 'siteId') fields[part.fieldname] = String(part.value).trim();
            continue;
          }
          if (part.fieldname !== 'file' || result || failure) {
            part.file.resume(); // consume every stream, or the request hangs (SEC-18)
            continue;
          }
          try {
            // the body's announced length bounds the file's: what a PDF kept in memory for its check may need
            const sizeHint = Number(req.headers['content-length']) || undefined;
            result = await service.upload(caller(req), req.params.id, { stream: part.file, fileName: part.filename, sizeHint }, () => fields, pre);
          } catch (err) {
            failure = err;
            part.file.resume();
          }
        }
        return { result, failure };
      });
      if (failure) throw failure instanceof Error ? failure : new Error('upload failed', { cause: failure });
      if (!result) refuse('VALIDATION_FAILED', '请求中没有文件，请在 file 字段中附上 PDF 文件。');
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/applications/:id/materials/:materialId',
    {
      config: { auth: ['applicant', 'industry_authority', 'district_hr', 'center', 'expert', 'bureau', 'admin'], scope },
      schema: { tags: ['materials'], summary: '下载材料', params: materialParams },
    },
    async (req, reply) => {
      const f = await service.open(caller(req), req.params.id, req.params.materialId);
      reply
        .header('content-type', f.contentType)
        .header('content-length', String(f.size))
        .header('content-disposition', contentDisposition(f.fileName))
        .header('x-content-sha256', f.sha256);
      // a Buffer was verified before sending; a stream is verified as it goes (and cut off on a mismatch)
      return reply.send(f.body);
    },
  );

  app.delete(
    '/applications/:id/materials/:materialId',
    {
      config: { auth: ['applicant'], scope },
      schema: { tags: ['materials'], summary: '删除材料（可编辑时）', params: materialParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await service.remove(caller(req), req.params.id, req.params.materialId);
      return reply.status(204).send(null);
    },
  );
};
