import { recordAudit, type AuditActor } from '../../platform/audit/audit.js';
import { BlobNotFoundError } from '../../platform/blob/blob-store.js';
import type { BlobJanitor, CleanupReport } from '../../platform/blob/blob-janitor.js';
import { digestStream } from '../../platform/blob/metering.js';
import type { ServiceContext } from '../../platform/context.js';
import { toShanghaiIso } from '../../workflow/time.js';
import { allMaterials, countPendingUploads, countUnreferenced, type MaterialRecord } from './materials.repository.js';

export interface IntegrityProblem {
  materialId: string;
  applicationId: string;
  kind: string;
  fileName: string;
  blobKey: string;
  deleted: boolean;
  expected: { sha256: string; size: number };
  actual?: { sha256: string; size: number };
}

export interface IntegrityReport {
  valid: boolean;
  checkedAt: string;
  driver: string;
  materials: number;
  verified: number;
  bytes: number;
  mismatched: IntegrityProblem[];
  missing: IntegrityProblem[];
  /** blobs present in the store that no row refers to (strays the cleanup will remove after the grace period) */
  unreferencedBlobs: number;
  /** uploads in flight (or left by a crash and not yet past the grace period) */
  pendingUploads: number;
  durationMs: number;
}

const PARALLEL = 4;

/**
 * The administrator's integrity check (GET /system/blobs/verify): reads every stored material
 * through SHA-256 and compares it with its row — deleted materials too, their files are kept.
 */
export class BlobIntegrityService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly janitor: BlobJanitor,
  ) {}

  async verify(actor: AuditActor, opts: { applicationId?: string } = {}): Promise<IntegrityReport> {
    const t0 = performance.now();
    const report: IntegrityReport = {
      valid: true,
      checkedAt: toShanghaiIso(new Date()),
      driver: this.ctx.blobs.driver,
      materials: 0,
      verified: 0,
      bytes: 0,
      mismatched: [],
      missing: [],
      unreferencedBlobs: 0,
      pendingUploads: 0,
      durationMs: 0,
    };
    const queue: Promise<void>[] = [];
    const check = async (m: MaterialRecord) => {
      const problem: IntegrityProblem = {
        materialId: m.id,
        applicationId: m.applicationId,
        kind: m.kind,
        fileName: m.fileName,
        blobKey: m.blobKey,
        deleted: m.deleted,
        expected: { sha256: m.sha256, size: m.size },
      };
      try {
        const actual = await digestStream(await this.ctx.blobs.get(m.blobKey));
        report.bytes += actual.size;
        if (actual.sha256 === m.sha256 && actual.size === m.size) report.verified++;
        else report.mismatched.push({ ...problem, actual });
      } catch (err) {
        if (!(err instanceof BlobNotFoundError)) throw err;
        report.missing.push(problem);
      }
    };
    for await (const m of allMaterials(this.ctx.db, opts)) {
      report.materials++;
      queue.push(check(m));
      if (queue.length >= PARALLEL) await Promise.all(queue.splice(0));
    }
    await Promise.all(queue);
    if (!opts.applicationId) {
      let batch: string[] = [];
      const flush = async () => {
        if (!batch.length) return;
        report.unreferencedBlobs += await countUnreferenced(this.ctx.db, batch);
        batch = [];
      };
      for await (const b of this.ctx.blobs.list()) {
        batch.push(b.key);
        if (batch.length >= 500) await flush();
      }
      await flush();
    }
    report.pendingUploads = await countPendingUploads(this.ctx.db);
    report.valid = report.mismatched.length === 0 && report.missing.length === 0;
    report.durationMs = Math.round(performance.now() - t0);
    await recordAudit(
      this.ctx.db,
      actor,
      {
        action: 'blobs.verify',
        entityType: 'system',
        entityId: 'blobs',
        result: report.valid ? 'ok' : 'failed',
        after: {
          materials: report.materials,
          verified: report.verified,
          mismatched: report.mismatched.map((p) => p.materialId),
          missing: report.missing.map((p) => p.materialId),
          unreferencedBlobs: report.unreferencedBlobs,
        },
      },
      this.ctx.clock.now(),
    );
    return report;
  }

  cleanup(actor: AuditActor): Promise<CleanupReport> {
    return this.janitor.cleanup(actor);
  }
}
