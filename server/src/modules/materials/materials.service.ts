import crypto from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import { MATERIAL_KINDS, type MaterialKind } from '../../../../contract/enums.js';
import { announceAuditWritten, appendAudit, recordAudit, sealedAuditRow } from '../../platform/audit/audit.js';
import { BlobNotFoundError, BlobTooLargeError, type KeptBytes, type StoredBlob } from '../../platform/blob/blob-store.js';
import { readAll, VerifyingStream, type BlobIntegrityError } from '../../platform/blob/metering.js';
import { PendingUploads, UploadExpiredError } from '../../platform/blob/pending-uploads.js';
import type { ServiceContext } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db/database.js';
import { isWriteConflict } from '../../platform/db/one-statement.js';
import { ByteBudget, Slots } from '../../platform/concurrency.js';
import { toShanghaiIso } from '../../workflow/time.js';
import { Refusal, refuse } from '../../workflow/refusal.js';
import { lockApplicationsInOrder, type ApplicationsService, type Caller } from '../applications/applications.service.js';
import { decideUpload, readForUpload, type UploadCommand, type UploadRead } from '../applications/application-upload.service.js';
import { imageType, pdfParseProblem, pdfProblem, sanitizeFileName } from './file-checks.js';
import { findLiveMaterial, letterInUse, softDeleteMaterial, uploaderRole, writeUploadedMaterial } from './materials.repository.js';

export interface IncomingFile {
  stream: Readable;
  fileName: string | undefined;
  /** at most this many bytes (the request's Content-Length), when announced */
  sizeHint?: number;
}

export interface UploadFields {
  kind?: string;
  itemId?: string;
  siteId?: string;
}

const MIB = 1024 * 1024;
const mib = (n: number) => (n >= MIB ? `${Math.round((n / MIB) * 10) / 10} MiB` : `${Math.max(1, Math.round(n / 1024))} KiB`);

/** At most this many PDFs are parsed at once per node: parsing holds the file in memory. */
const PARSE_SLOTS = 2;
/**
 * A PDF up to this size is kept in memory while it streams in, and checked from those bytes, when
 * the node's budget for it (PDF_CHECK_MEMORY_MIB) has room; otherwise, or when larger, it is
 * re-read from the store for its parse.
 */
const CHECK_IN_MEMORY_BYTES = 4 * MIB;

type MaterialRow = Parameters<typeof writeUploadedMaterial>[2];

export class MaterialsService {
  private readonly uploads: PendingUploads;
  private readonly parsing = new Slots(PARSE_SLOTS);
  /** uploads being received (UPLOAD_CONCURRENCY); the route reads a body only inside one */
  readonly receiving: Slots;
  /** the bytes of PDFs held in memory for their checks, per node (PDF_CHECK_MEMORY_MIB) */
  readonly checkMemory: ByteBudget;
  /** how the PDFs parsed so far were read: kept in memory as they streamed, or back from the store */
  readonly parsed = { inMemory: 0, fromStore: 0 };
  /** writes tried on a fresh read when the case moved on meanwhile, before an upload takes the case's lock (as commands do, 0020) */
  optimisticAttempts = 4;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly apps: ApplicationsService,
  ) {
    this.uploads = new PendingUploads(ctx.db, ctx.blobs, ctx.config.blobGraceMs);
    this.receiving = new Slots(ctx.config.uploads.concurrency);
    this.checkMemory = new ByteBudget(ctx.config.uploads.checkMemoryBytes);
  }

  private commandFor(caller: Caller, siteId?: string, kind?: string, itemId?: string): UploadCommand {
    switch (caller.actor.role) {
      case 'applicant':
        // after the institution evaluation only 项目评估材料 for an item in project evaluation (三(四)); decide() judges
        return { type: 'upload_material', ...(kind ? { kind: kind as MaterialKind } : {}), ...(itemId ? { itemId } : {}) };
      case 'center':
        // a recommendation letter received on paper, scanned by the centre (api-v1 second reading)
        if (kind === 'recommendation_letter') return { type: 'upload_letter' };
        return siteId === undefined ? { type: 'upload_site_photo' } : { type: 'upload_site_photo', siteId };
      default:
        return { type: 'upload_letter' };
    }
  }

  /**
   * Before a byte is stored: may this caller add a material to this application now? One narrow read
   * (the route's scope check: 404 when not the caller's to see), kept for the write's checks and its
   * version guard; it also answers the bytes already stored, for the per-application limit while streaming.
   */
  async precheck(caller: Caller, applicationId: string): Promise<UploadRead> {
    const read = await this.readVisible(this.ctx.db, caller, applicationId);
    const now = this.ctx.clock.now();
    if (caller.actor.role !== 'center') {
      decideUpload(read, this.commandFor(caller), caller.actor, now);
      return read;
    }
    // the centre's kind is not known yet: a site photo (accepted) or a paper letter (awaiting recommendation)
    try {
      decideUpload(read, this.commandFor(caller), caller.actor, now);
    } catch (err) {
      if (!(err instanceof Refusal && err.code === 'CONFLICT')) throw err;
      decideUpload(read, { type: 'upload_letter' }, caller.actor, now);
    }
    return read;
  }

  /** Which kinds each role uploads, and which fields go with them (四(一); site photos: 三(三)). */
  private checkFields(caller: Caller, f: UploadFields): MaterialKind {
    const { kind, itemId, siteId } = f;
    if (!kind || !(MATERIAL_KINDS as readonly string[]).includes(kind)) {
      refuse('VALIDATION_FAILED', `请指明材料类型 kind，可选：${MATERIAL_KINDS.join('、')}。`);
    }
    const role = caller.actor.role;
    if (role === 'center' && kind !== 'site_photo' && kind !== 'recommendation_letter')
      refuse('FORBIDDEN', '市职鉴中心只能上传现场考察照片（site_photo）或代为录入的纸质推荐函（recommendation_letter）。');
    if (role !== 'center' && kind === 'site_photo') refuse('FORBIDDEN', '现场考察照片由市职鉴中心在现场考察时上传。', '三(三)');
    if (role !== 'applicant' && role !== 'center' && kind !== 'recommendation_letter') refuse('FORBIDDEN', '推荐部门只能上传推荐函（recommendation_letter）。');
    if (kind === 'sample_paper' && !itemId) refuse('VALIDATION_FAILED', '上传样卷时请指明对应的申报项目 itemId。', '四(一)');
    if (kind === 'project_material' && role !== 'applicant') refuse('FORBIDDEN', '项目评估材料由申报单位上传。', '三(四)');
    if (kind === 'project_material' && !itemId) refuse('VALIDATION_FAILED', '上传项目评估材料时请指明对应的申报项目 itemId。', '三(四)');
    if (kind !== 'sample_paper' && kind !== 'project_material' && itemId) refuse('VALIDATION_FAILED', '只有样卷和项目评估材料需要指明申报项目 itemId。');
    if (kind === 'site_photo' && !siteId) refuse('VALIDATION_FAILED', '上传现场考察照片时请指明所考察的考核点 siteId。');
    if (kind !== 'site_photo' && siteId) refuse('VALIDATION_FAILED', '只有现场考察照片需要指明考核点 siteId。');
    return kind as MaterialKind;
  }

  private tooLarge(limit: number, what: 'kind' | 'application', kind?: MaterialKind): never {
    if (what === 'application') {
      refuse(
        'FILE_TOO_LARGE',
        `本申报的材料合计不能超过 ${mib(this.ctx.config.uploads.perApplication)}，加上此文件将超出上限。请压缩文件或删除不再需要的材料后重新上传。`,
      );
    }
    refuse('FILE_TOO_LARGE', `${kind === 'site_photo' ? '照片' : '文件'}超过 ${mib(limit)} 的上限，请压缩或拆分后重新上传。`);
  }

  /**
   * Streams the file into the blob store (hashing as it goes) under a key recorded in blob_uploads,
   * checks it by content, then inserts the material row and promotes the upload in one transaction,
   * with the rules re-checked. Any refusal deletes the stored bytes: nothing half-written stays
   * behind (SEC-18), and a crash leaves nothing the cleanup will not remove (PendingUploads).
   * `fields` is read twice: before the file (multipart fields sent first, as documented) to pick the
   * kind's limit and refuse early, and after it (fields sent after the file still count).
   */
  async upload(caller: Caller, applicationId: string, file: IncomingFile, fields: () => UploadFields, pre: UploadRead) {
    const limits = this.ctx.config.uploads;
    const early = fields();
    const earlyKind = early.kind ? this.checkFields(caller, early) : undefined;
    const kindLimit = earlyKind ? limits.perKind[earlyKind] : this.ctx.config.maxUploadBytes;
    const remaining = Math.max(0, limits.perApplication - pre.liveBytes);
    const cap = Math.min(kindLimit, remaining);

    const pending = await this.uploads.begin();
    let kept: KeptBytes | undefined;
    try {
      let stored;
      try {
        // a PDF is also kept in memory for its parse, if the node's budget has room for what the request announces
        const keep =
          earlyKind === 'site_photo'
            ? undefined
            : { budget: this.checkMemory, upTo: Math.min(CHECK_IN_MEMORY_BYTES, limits.pdfParseMaxBytes), sizeHint: file.sizeHint };
        stored = await this.ctx.blobs.put(file.stream, { key: pending.key, maxBytes: cap, keep });
      } catch (err) {
        if (err instanceof BlobTooLargeError) this.tooLarge(cap, remaining < kindLimit ? 'application' : 'kind', earlyKind);
        throw err;
      }
      kept = stored.kept;
      const f = fields();
      const kind = this.checkFields(caller, f);
      if (stored.size > limits.perKind[kind]) this.tooLarge(limits.perKind[kind], 'kind', kind);
      if (stored.size === 0) refuse('INVALID_FILE', '文件为空，请重新选择文件。');
      const contentType = await this.checkContent(kind, stored);
      kept?.release();
      const now = this.ctx.clock.now();
      const fileName = sanitizeFileName(
        file.fileName,
        kind === 'site_photo' ? (contentType === 'image/png' ? '现场考察照片.png' : '现场考察照片.jpg') : '材料.pdf',
      );
      const id = crypto.randomUUID();
      const command = this.commandFor(caller, f.siteId, kind, f.itemId);
      await this.record(caller, applicationId, pre, command, pending.key, {
        id,
        application_id: applicationId,
        kind,
        item_id: f.itemId ?? null,
        site_id: f.siteId ?? null,
        file_name: fileName,
        content_type: contentType,
        size: stored.size,
        sha256: stored.sha256,
        blob_key: stored.key,
        uploaded_by: caller.actor.id,
        uploaded_at: now,
      });
      pending.done();
      return {
        id,
        kind,
        ...(f.itemId ? { itemId: f.itemId } : {}),
        ...(f.siteId ? { siteId: f.siteId } : {}),
        fileName,
        size: stored.size,
        sha256: stored.sha256,
        uploadedAt: toShanghaiIso(now),
      };
    } catch (err) {
      kept?.release();
      await pending.abandon().catch(() => {});
      if (err instanceof UploadExpiredError) refuse('CONFLICT', '上传耗时过长，已被系统作废，请重新上传。');
      throw err;
    }
  }

  /**
   * The material's row, its claim of the upload, the version bump and the audit record: ONE statement,
   * guarded by the version the checks read (decision 0020) — no transaction, no lock. The first try
   * decides on the scope check's read; when the case moved on meanwhile, on a fresh read; after a few
   * crossings it takes the case's lock, reads and writes under it. The per-application total is
   * exact either way: every change to the materials moves the version.
   */
  private async record(caller: Caller, applicationId: string, first: UploadRead, cmd: UploadCommand, uploadKey: string, row: MaterialRow): Promise<void> {
    const now = row.uploaded_at;
    const write = async (db: DbOrTx, read: UploadRead) => {
      this.checkUpload(caller, read, cmd, row, now);
      const after = {
        materialId: row.id,
        kind: row.kind,
        itemId: row.item_id ?? undefined,
        siteId: row.site_id ?? undefined,
        fileName: row.file_name,
        size: row.size,
        sha256: row.sha256,
      };
      const audit = sealedAuditRow(caller.audit, { action: 'material.upload', entityType: 'application', entityId: applicationId, after }, now);
      await writeUploadedMaterial(db, uploadKey, row, audit, read.version);
      announceAuditWritten();
    };
    let read = first;
    for (let attempt = 1; attempt <= this.optimisticAttempts; attempt++) {
      try {
        return await write(this.ctx.db, read);
      } catch (err) {
        if (!isWriteConflict(err)) throw err;
        const again = await this.readVisible(this.ctx.db, caller, applicationId);
        // the version did not move, so the claim found nothing: the cleanup reclaimed the upload
        if (again.version === read.version) throw new UploadExpiredError(uploadKey);
        read = again;
      }
    }
    await this.ctx.db.transaction().execute(async (tx) => {
      await lockApplicationsInOrder(tx, [applicationId]);
      await write(tx, await this.readVisible(tx, caller, applicationId)).catch((err: unknown) => {
        throw isWriteConflict(err) ? new UploadExpiredError(uploadKey) : err;
      });
    });
  }

  /** The rules (decide), the item named, and the application's total with this file. */
  private checkUpload(caller: Caller, read: UploadRead, cmd: UploadCommand, row: MaterialRow, now: Date): void {
    decideUpload(read, cmd, caller.actor, now);
    if (row.item_id && !read.c.items.some((i) => i.id === row.item_id))
      refuse('VALIDATION_FAILED', 'itemId 不是本申报的申报项目，请从本申报已选的职业（工种）中选择。');
    const limit = this.ctx.config.uploads.perApplication;
    if (read.liveBytes + Number(row.size) > limit) this.tooLarge(limit, 'application');
  }

  private async readVisible(db: DbOrTx, caller: Caller, applicationId: string): Promise<UploadRead> {
    return (await readForUpload(db, caller.actor, applicationId)) ?? refuse('NOT_FOUND', '未找到该申报，或您无权查看。');
  }

  /** Content, not name: PDFs by structure (and by parsing, up to PDF_PARSE_MAX_MIB); photos by magic bytes. */
  private async checkContent(kind: MaterialKind, stored: StoredBlob): Promise<string> {
    if (kind === 'site_photo') {
      const t = imageType(stored.head, stored.tail);
      if (typeof t !== 'string') refuse('INVALID_FILE', t.problem, '三(三)');
      return t;
    }
    const problem = pdfProblem(stored.head, stored.tail);
    if (problem) refuse('INVALID_FILE', problem, '四(一)');
    if (stored.size <= this.ctx.config.uploads.pdfParseMaxBytes) {
      const parsed = await this.parsing.run(async () => {
        if (stored.kept) this.parsed.inMemory++;
        else this.parsed.fromStore++;
        return pdfParseProblem(stored.kept?.bytes ?? (await readAll(await this.ctx.blobs.get(stored.key, { chunkBytes: stored.size + 1 }), stored.size)));
      });
      if (parsed) refuse('INVALID_FILE', parsed, '四(一)');
    }
    return 'application/pdf';
  }

  async remove(caller: Caller, applicationId: string, materialId: string): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await this.apps.guardInTx(tx, caller, applicationId, { type: 'delete_material' });
      const m = await findLiveMaterial(tx, applicationId, materialId);
      if (!m) refuse('NOT_FOUND', '材料不存在或已删除。');
      // a letter a recorded recommendation rests on is part of that record, and a file the centre
      // filed is the centre's: neither is the applicant's to remove
      if (await letterInUse(tx, materialId)) refuse('CONFLICT', '该推荐函是已记录的推荐意见的依据，已随推荐意见存档，不能删除。如有错误请联系市职鉴中心。');
      if ((await uploaderRole(tx, m.uploaded_by)) !== 'applicant')
        refuse('CONFLICT', '该材料由市职鉴中心上传存档，申报单位不能删除。如有疑问请联系市职鉴中心。');
      // the file is kept: a deleted material stays on record (the blob is referenced by its row)
      await softDeleteMaterial(tx, applicationId, materialId, now);
      await appendAudit(
        tx,
        caller.audit,
        { action: 'material.delete', entityType: 'application', entityId: applicationId, before: { materialId, kind: m.kind, fileName: m.file_name } },
        now,
      );
    });
  }

  /**
   * Anyone who may see the application may read its materials; every download is audited (SEC-09).
   * The bytes are proven against the recorded SHA-256: up to DOWNLOAD_PREVERIFY_MIB they are read
   * and checked before anything is sent (a mismatch answers 500 with a problem); larger files are
   * streamed through VerifyingStream, which withholds the last chunk and breaks the connection on a
   * mismatch, so a client never receives a corrupted file as complete. Either way the mismatch is
   * audited and logged (docs/decisions/0004-blob-commit-protocol.md).
   */
  async open(caller: Caller, applicationId: string, materialId: string) {
    await this.apps.get(caller, applicationId); // scope (404)
    const m = await findLiveMaterial(this.ctx.db, applicationId, materialId);
    if (!m) refuse('NOT_FOUND', '材料不存在或已删除。');
    const expected = { sha256: m.sha256, size: Number(m.size) };
    const failed = (reason: string, actual?: { sha256: string; size: number }) =>
      recordAudit(
        this.ctx.db,
        caller.audit,
        {
          action: 'material.integrity_failed',
          entityType: 'application',
          entityId: applicationId,
          result: 'failed',
          after: { materialId, blobKey: m.blob_key, reason, expected, actual },
        },
        this.ctx.clock.now(),
      ).catch(() => {});
    let source: Readable;
    try {
      // a file checked before sending is read in one go; a larger one streams
      source = await this.ctx.blobs.get(m.blob_key, expected.size <= this.ctx.config.uploads.downloadPreverifyBytes ? { chunkBytes: expected.size + 1 } : {});
    } catch (err) {
      if (!(err instanceof BlobNotFoundError)) throw err;
      await failed('missing');
      refuse('INTERNAL', '该材料的存储文件缺失，已记录并通知系统管理员，请联系市职鉴中心。');
    }
    await recordAudit(
      this.ctx.db,
      caller.audit,
      { action: 'material.download', entityType: 'application', entityId: applicationId, after: { materialId, fileName: m.file_name } },
      this.ctx.clock.now(),
    );
    const meta = { fileName: m.file_name, size: expected.size, sha256: m.sha256, contentType: m.content_type };
    if (expected.size <= this.ctx.config.uploads.downloadPreverifyBytes) {
      const body = await readAll(source, expected.size + 1).catch(() => null);
      const actual = body ? { sha256: crypto.createHash('sha256').update(body).digest('hex'), size: body.length } : undefined;
      if (!body || !actual || actual.sha256 !== expected.sha256 || actual.size !== expected.size) {
        await failed('hash mismatch', actual);
        refuse('INTERNAL', '该材料的存储文件未通过完整性校验（SHA-256 不符），已记录并通知系统管理员，请联系市职鉴中心。');
      }
      return { ...meta, body };
    }
    const verifier = new VerifyingStream(expected, (err: BlobIntegrityError) => void failed('hash mismatch', err.actual));
    return { ...meta, body: pipeline(source, verifier, () => {}) as Readable };
  }
}
