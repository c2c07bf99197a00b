import { sql } from 'kysely';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import type { Clock } from '../clock/clock.js';
import type { Db } from '../db/database.js';
import type { BlobStore } from './blob-store.js';

export interface CleanupReport {
  /** another node held the cleanup lock: nothing was done here */
  skipped: boolean;
  /** uploads whose heartbeat stopped (a crashed or killed node): row and blob removed */
  expiredUploads: number;
  /** temporary files / incomplete multipart uploads removed */
  temporary: number;
  /** complete blobs no row refers to, removed */
  unreferenced: number;
  durationMs: number;
}

const CLEANUP_LOCK = 7201004;
const JANITOR: AuditActor = { id: null, role: null, label: '系统（残留文件清理）' };
const BATCH = 500;

/**
 * Removes strays, on start and periodically, on any number of nodes: one cleanup at a time (a
 * session advisory lock; a node that does not get it skips the round), and every removal is
 * decided by the database — see PendingUploads for why a blob referenced by `blob_references`
 * (materials, uploads in flight) is never touched, whatever the timing.
 */
export class BlobJanitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CleanupReport> | undefined;

  constructor(
    private readonly db: Db,
    private readonly store: BlobStore,
    private readonly graceMs: number,
    /** the business clock, for the time of the audit record (the grace period runs on real time) */
    private readonly clock: Clock,
    private readonly log: (msg: string, err?: unknown) => void = () => {},
  ) {}

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.cleanup().catch((err) => this.log('blob cleanup failed', err)), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * One round; concurrent calls on the same node share it. Audited (SEC-09) when something was
   * removed, or always when an administrator asked for it (`by`).
   */
  async cleanup(by?: AuditActor): Promise<CleanupReport> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    const report = await this.running;
    if (by || report.expiredUploads || report.temporary || report.unreferenced) {
      await recordAudit(this.db, by ?? JANITOR, { action: 'blobs.cleanup', entityType: 'system', entityId: 'blobs', after: report }, this.clock.now());
    }
    return report;
  }

  private async round(): Promise<CleanupReport> {
    const t0 = performance.now();
    const report: CleanupReport = { skipped: false, expiredUploads: 0, temporary: 0, unreferenced: 0, durationMs: 0 };
    await this.db.connection().execute(async (conn) => {
      const got = await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(${CLEANUP_LOCK}) AS ok`.execute(conn);
      if (!got.rows[0]?.ok) {
        report.skipped = true;
        return;
      }
      try {
        const graceSec = this.graceMs / 1000;
        // 1. uploads whose uploader stopped beating: claim the row (so no commit can win any more), then drop the blob
        const expired = await sql<{
          key: string;
        }>`DELETE FROM blob_uploads WHERE touched_at < now() - make_interval(secs => ${graceSec}) RETURNING key`.execute(conn);
        for (const { key } of expired.rows) {
          await this.store.delete(key);
          report.expiredUploads++;
        }
        // 2. what interrupted writes left (temporary files, incomplete multipart uploads) — not of living uploads
        const live = new Set((await sql<{ key: string }>`SELECT key FROM blob_uploads`.execute(conn)).rows.map((r) => r.key));
        const cutoff = new Date(Date.now() - this.graceMs);
        report.temporary = await this.store.sweepTemporary(cutoff, live);
        // 3. complete blobs nothing refers to (e.g. the node died between abandon's two steps)
        let batch: string[] = [];
        const flush = async () => {
          if (!batch.length) return;
          const stray = await sql<{ key: string }>`
            SELECT k.key FROM unnest(${batch}::text[]) AS k(key)
            WHERE NOT EXISTS (SELECT 1 FROM blob_references r WHERE r.key = k.key)`.execute(conn);
          for (const { key } of stray.rows) {
            await this.store.delete(key);
            report.unreferenced++;
          }
          batch = [];
        };
        for await (const b of this.store.list()) {
          if (b.modifiedAt >= cutoff) continue;
          batch.push(b.key);
          if (batch.length >= BATCH) await flush();
        }
        await flush();
      } finally {
        await sql`SELECT pg_advisory_unlock(${CLEANUP_LOCK})`.execute(conn).catch(() => {});
      }
    });
    report.durationMs = Math.round(performance.now() - t0);
    if (report.expiredUploads || report.temporary || report.unreferenced) {
      this.log(`blob cleanup: ${report.expiredUploads} expired uploads, ${report.temporary} temporary, ${report.unreferenced} unreferenced removed`);
    }
    return report;
  }
}
