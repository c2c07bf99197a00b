import type { Readable } from 'node:stream';
import { MATERIAL_KINDS, type MaterialKind } from '../../../../contract/enums.js';
import { appendAudit, recordAudit } from '../../platform/audit/audit.js';
import { BlobTooLargeError } from '../../platform/blob/blob-store.js';
import type { ServiceContext } from '../../platform/context.js';
import { toShanghaiIso } from '../../workflow/time.js';
import { refuse } from '../../workflow/refusal.js';
import type { ApplicationsService, Caller } from '../applications/applications.service.js';
import type { Command } from '../../workflow/decide.js';
import { pdfProblem, sanitizeFileName } from './file-checks.js';

export interface IncomingFile {
  stream: Readable;
  fileName: string | undefined;
}

export class MaterialsService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly apps: ApplicationsService,
  ) {}

  private commandFor(caller: Caller): Command {
    return caller.actor.role === 'applicant' ? { type: 'upload_material' } : { type: 'upload_letter' };
  }

  /** Before a byte is stored: may this caller add a material to this application now? */
  async precheck(caller: Caller, applicationId: string): Promise<void> {
    await this.ctx.db.transaction().execute((tx) => this.apps.guardInTx(tx, caller, applicationId, this.commandFor(caller)));
  }

  /**
   * Streams the file into the blob store (hashing as it goes), checks it by content, then records
   * it in one transaction with the rules re-checked. Any refusal deletes the stored bytes: nothing
   * half-written stays behind (SEC-18).
   */
  async upload(caller: Caller, applicationId: string, file: IncomingFile, fields: () => { kind?: string; itemId?: string }) {
    let stored;
    try {
      stored = await this.ctx.blobs.put(file.stream, { maxBytes: this.ctx.config.maxUploadBytes });
    } catch (err) {
      if (err instanceof BlobTooLargeError) {
        refuse('FILE_TOO_LARGE', `文件超过 ${Math.round(this.ctx.config.maxUploadBytes / 1024 / 1024)} MiB 的上限，请压缩或拆分后重新上传。`);
      }
      throw err;
    }
    try {
      const { kind, itemId } = fields();
      if (!kind || !(MATERIAL_KINDS as readonly string[]).includes(kind)) {
        refuse('VALIDATION_FAILED', `请指明材料类型 kind，可选：${MATERIAL_KINDS.join('、')}。`);
      }
      if (caller.actor.role !== 'applicant' && kind !== 'recommendation_letter') refuse('FORBIDDEN', '推荐部门只能上传推荐函（recommendation_letter）。');
      if (caller.actor.role === 'applicant' && kind === 'recommendation_letter') refuse('FORBIDDEN', '推荐函由推荐部门上传；申报单位无需上传。', '四(一)');
      if (kind === 'sample_paper' && !itemId) refuse('VALIDATION_FAILED', '上传样卷时请指明对应的申报项目 itemId。', '四(一)');
      if (kind !== 'sample_paper' && itemId) refuse('VALIDATION_FAILED', '只有样卷需要指明申报项目 itemId。');
      if (stored.size === 0) refuse('INVALID_FILE', '文件为空，请重新选择文件。');
      const problem = pdfProblem(stored.head, stored.tail);
      if (problem) refuse('INVALID_FILE', problem, '四(一)');
      const now = this.ctx.clock.now();
      const fileName = sanitizeFileName(file.fileName);
      const id = await this.ctx.db.transaction().execute(async (tx) => {
        const c = await this.apps.guardInTx(tx, caller, applicationId, this.commandFor(caller));
        if (itemId && !c.items.some((i) => i.id === itemId)) refuse('VALIDATION_FAILED', 'itemId 不是本申报的申报项目，请从本申报已选的职业（工种）中选择。');
        const row = await tx
          .insertInto('materials')
          .values({
            application_id: applicationId, kind, item_id: itemId ?? null, file_name: fileName, content_type: 'application/pdf',
            size: stored.size, sha256: stored.sha256, blob_key: stored.key, uploaded_by: caller.actor.id, uploaded_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx.updateTable('applications').set((eb) => ({ version: eb('version', '+', 1), updated_at: now })).where('id', '=', applicationId).execute();
        await appendAudit(tx, caller.audit, { action: 'material.upload', entityType: 'application', entityId: applicationId, after: { materialId: row.id, kind, itemId, fileName, size: stored.size, sha256: stored.sha256 } }, now);
        return row.id;
      });
      return { id, kind: kind as MaterialKind, ...(itemId ? { itemId } : {}), fileName, size: stored.size, sha256: stored.sha256, uploadedAt: toShanghaiIso(now) };
    } catch (err) {
      await this.ctx.blobs.delete(stored.key).catch(() => {});
      throw err;
    }
  }

  async remove(caller: Caller, applicationId: string, materialId: string): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await this.apps.guardInTx(tx, caller, applicationId, { type: 'delete_material' });
      const m = await tx.selectFrom('materials').select(['id', 'kind', 'file_name']).where('id', '=', materialId).where('application_id', '=', applicationId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!m) refuse('NOT_FOUND', '材料不存在或已删除。');
      await tx.updateTable('materials').set({ deleted_at: now }).where('id', '=', materialId).execute();
      await tx.updateTable('applications').set((eb) => ({ version: eb('version', '+', 1), updated_at: now })).where('id', '=', applicationId).execute();
      await appendAudit(tx, caller.audit, { action: 'material.delete', entityType: 'application', entityId: applicationId, before: { materialId, kind: m.kind, fileName: m.file_name } }, now);
    });
  }

  /** Anyone who may see the application may read its materials; every download is audited (SEC-09). */
  async open(caller: Caller, applicationId: string, materialId: string) {
    await this.apps.get(caller, applicationId); // scope (404)
    const m = await this.ctx.db.selectFrom('materials').selectAll().where('id', '=', materialId).where('application_id', '=', applicationId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!m) refuse('NOT_FOUND', '材料不存在或已删除。');
    const stream = await this.ctx.blobs.get(m.blob_key);
    await recordAudit(this.ctx.db, caller.audit, { action: 'material.download', entityType: 'application', entityId: applicationId, after: { materialId, fileName: m.file_name } });
    return { stream, fileName: m.file_name, size: Number(m.size), sha256: m.sha256, contentType: m.content_type };
  }
}
