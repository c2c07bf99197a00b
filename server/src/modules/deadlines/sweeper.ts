import type { ServiceContext } from '../../platform/context.js';
import { isDatabaseUnavailable } from '../../platform/db/unavailable.js';
import type { Tx } from '../../platform/db/database.js';
import { claimAndMarkDeadlines, claimDeadline, dueDeadlines, lockSubject, markApplied, nextDueAt } from './deadlines.repository.js';
import type { ApplicationsService } from '../applications/applications.service.js';
import type { FilingsService } from '../filings/filings.service.js';
import type { PublicityService } from '../publicity/publicity.service.js';

const BATCH = 2000;
/** filing expiries applied per transaction (set-wise: a constant number of statements per chunk) */
const CHUNK = 1000;
/** filing-expiry chunks applied at once (each its own transaction and connection) */
const WORKERS = 2;
/** other deadlines per transaction (each runs the workflow core: few, and one by one) */
const CHUNK_OTHERS = 50;
const NEXT_DUE_TTL_MS = 1000;
/** A deadline whose apply failed is retried by this node after this long, not on every request. */
const RETRY_AFTER_MS = 60_000;

type Due = { id: string; kind: string; subject_id: string };

/**
 * Applies statutory deadlines (correction period, 3-month project evaluation, end of a public
 * notice, filing expiry) exactly once, from any number of nodes: due rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, each applied and marked in one transaction, and every apply is
 * idempotent on the subject's current state.
 */
export class Sweeper {
  private nextDueAt: number | null = null;
  private checkedAt = 0;
  private checkedBusinessAt = 0;
  /** the earliest-deadline read under way: the requests arriving meanwhile wait for it, not for one each */
  private checking: Promise<void> | null = null;
  private running: Promise<number> | null = null;
  private timer?: NodeJS.Timeout;
  private readonly failed = new Map<string, number>();
  /** where a failed apply is reported (the app's logger once built) */
  onError: (err: unknown, deadline: { id: string; kind: string; subjectId: string }) => void = () => {};
  /** told after a sweep changed something (caches of derived public data drop their copy) */
  onApplied: (count: number) => void = () => {};

  constructor(
    private readonly ctx: ServiceContext,
    private readonly apps: ApplicationsService,
    private readonly publicity: PublicityService,
    private readonly filings: FilingsService,
    /** filing expiries per transaction, and such transactions at once (tests exercise several small chunks) */
    private readonly opts: { chunk?: number; workers?: number } = {},
  ) {}

  /**
   * Cheap guard run before every API request: sweeps when a deadline has passed on the business
   * clock, so a read never shows a state the sweeper would change. The earliest pending deadline
   * is cached for a second per node.
   */
  async ensureCurrent(): Promise<void> {
    const now = this.ctx.clock.now().getTime();
    const realElapsed = Date.now() - this.checkedAt;
    // a simulated clock that jumped makes the cached answer stale at once
    const jumped = Math.abs(now - this.checkedBusinessAt - realElapsed) > 500;
    if (realElapsed > NEXT_DUE_TTL_MS || jumped) {
      if (!this.checking) {
        const checking: Promise<void> = nextDueAt(this.ctx.db)
          .then((next) => {
            if (this.checking !== checking) return; // invalidated meanwhile: a later read decides
            this.nextDueAt = next;
            this.checkedAt = Date.now();
            this.checkedBusinessAt = now;
          })
          .finally(() => {
            if (this.checking === checking) this.checking = null;
          });
        this.checking = checking;
      }
      await this.checking;
    }
    if (this.nextDueAt !== null && this.nextDueAt <= now) {
      await this.sweep();
    }
  }

  /** Marks the cache stale (after this node created a deadline, or the clock moved). */
  invalidate(): void {
    this.checkedAt = 0;
    // a read already under way may predate the change: the next request starts its own
    this.checking = null;
  }

  /** One sweep up to the current business time; concurrent callers on this node share it. */
  sweep(): Promise<number> {
    this.running ??= this.sweepAll()
      .then((n) => {
        if (n > 0) this.onApplied(n);
        return n;
      })
      .finally(() => {
        this.running = null;
        this.invalidate();
      });
    return this.running;
  }

  private async sweepAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const { seen, applied } = await this.sweepBatch(this.ctx.clock.now());
      total += applied;
      if (seen < BATCH || applied === 0) return total;
    }
  }

  /**
   * Claims up to BATCH due deadlines and applies them, many per transaction. The others (corrections,
   * 3-month clocks, notices) go first, in due order, CHUNK_OTHERS at a time; filing expiries (every
   * filing ends once: the bulk) go set-wise, CHUNK at a time, WORKERS transactions at once — they
   * touch disjoint filings, each chunk locking its own in receipt order.
   */
  async sweepBatch(now: Date): Promise<{ seen: number; applied: number }> {
    const due = (await dueDeadlines(this.ctx.db, now, BATCH)).filter((d) => {
      const retryAt = this.failed.get(d.id);
      return retryAt === undefined || Date.now() >= retryAt;
    });
    const others = due.filter((d) => d.kind !== 'filing_expiry');
    const expiries = due.filter((d) => d.kind === 'filing_expiry');
    let applied = 0;
    for (let i = 0; i < others.length; i += CHUNK_OTHERS) applied += await this.applyChunk(others.slice(i, i + CHUNK_OTHERS), now);
    const chunks: Due[][] = [];
    const size = this.opts.chunk ?? CHUNK;
    for (let i = 0; i < expiries.length; i += size) chunks.push(expiries.slice(i, i + size));
    const worker = async () => {
      let n = 0;
      for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) n += await this.applyChunk(chunk, now);
      return n;
    };
    for (const n of await Promise.all(Array.from({ length: Math.min(this.opts.workers ?? WORKERS, chunks.length) }, worker))) applied += n;
    return { seen: due.length, applied };
  }

  /**
   * One transaction for the chunk (one commit, one WAL flush): a crash leaves all of it due, none of
   * it half-applied. If anything in it fails, its deadlines are applied one by one, so only the broken one waits.
   */
  private async applyChunk(chunk: readonly Due[], now: Date): Promise<number> {
    try {
      return await this.ctx.db.transaction().execute(async (tx) => {
        let n = await this.applyExpiriesInTx(
          tx,
          chunk.filter((d) => d.kind === 'filing_expiry'),
          now,
        );
        for (const d of chunk) if (d.kind !== 'filing_expiry' && (await this.applyInTx(tx, d.id, d.kind, d.subject_id, now))) n++;
        return n;
      });
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err;
      let applied = 0;
      for (const d of chunk) {
        try {
          if (await this.ctx.db.transaction().execute((tx) => this.applyInTx(tx, d.id, d.kind, d.subject_id, now))) applied++;
          this.failed.delete(d.id);
        } catch (one) {
          // one broken case must not hold back the others, nor fail every request that triggers a sweep
          if (isDatabaseUnavailable(one)) throw one;
          this.failed.set(d.id, Date.now() + RETRY_AFTER_MS);
          this.onError(one, { id: d.id, kind: d.kind, subjectId: d.subject_id });
        }
      }
      return applied;
    }
  }

  /**
   * Subject first, then the deadline row (the order every command uses: case → clocks), the apply
   * and the mark in one transaction — a crash leaves the deadline due, never half-applied. A row
   * another node holds is skipped; one already applied is found applied and left alone.
   */
  private async applyInTx(tx: Tx, id: string, kind: string, subjectId: string, now: Date): Promise<boolean> {
    const subject = await lockSubject(tx, kind, subjectId);
    if (!(await claimDeadline(tx, id))) return false;
    if (subject) {
      if (kind === 'correction' || kind === 'project_evaluation') await this.apps.applyDeadlinesInTx(tx, subject, now);
      else if (kind === 'publicity_end') await this.publicity.closeInTx(tx, subjectId, now);
      else await this.filings.expire(tx, subjectId, now);
    }
    await markApplied(tx, id, now);
    return true;
  }

  /**
   * `applyInTx` for many filing expiries at once, in the same order — subjects (filings) locked
   * first, with every fact their expiry needs, then the deadline rows no other node holds (claimed
   * and marked at once), then the expiry — in a constant number of statements, whatever the chunk's size.
   */
  private async applyExpiriesInTx(tx: Tx, ds: readonly { id: string; subject_id: string }[], now: Date): Promise<number> {
    if (ds.length === 0) return 0;
    const locked = await this.filings.lockForExpiry(
      tx,
      ds.map((d) => d.subject_id),
    );
    const claimed = await claimAndMarkDeadlines(
      tx,
      ds.map((d) => d.id),
      now,
    );
    const subjects = new Set(claimed.map((d) => d.subject_id));
    await this.filings.expireLocked(
      tx,
      locked.filter((f) => subjects.has(f.receipt_no)),
      now,
    );
    return claimed.length;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.sweep().catch(() => {}), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
