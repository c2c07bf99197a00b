import { sql } from 'kysely';
import type { Db } from './database.js';

/**
 * Where public reads go (decision 0019). With DATABASE_REPLICA_URL, `db` is a streaming replica of
 * the primary: it answers what the primary had committed a replication lag ago. A read that must not
 * be older than the request — verification of a receipt — asks `fresh()`: the replica once it has
 * replayed the primary's WAL position of that moment, or the primary itself when the replica cannot
 * catch up in time. Without a replica both are the primary.
 */
export interface Reads {
  /** the handle for public reads that may be a replication lag old (the directory, public notices) */
  db: Db;
  /** true when `db` is a replica, not the primary */
  replica: boolean;
  /** a handle that shows everything committed on the primary before this call */
  fresh(): Promise<Db>;
  /** resolves once the replica has replayed everything committed before this call (at once without one); false when it could not in time */
  caughtUp(waitMs?: number): Promise<boolean>;
}

/** No replica: every read is the primary's. */
export function primaryReads(primary: Db): Reads {
  return { db: primary, replica: false, fresh: async () => primary, caughtUp: async () => true };
}

export interface ReplicaOptions {
  /** how long `fresh()` waits for the replica before it reads the primary (ms) */
  freshWaitMs?: number;
  /** counts where fresh reads went (metrics, tests) */
  onFresh?: (where: 'replica' | 'primary') => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The primary's WAL insert position: every transaction committed before this call ends at or before
 * it (also an asynchronous commit not yet flushed). When the last record ended exactly at a page's
 * end, the insert position points past the next page's header (24 bytes, 40 at a segment's start),
 * where no replay ever ends: that header is taken off, or an idle primary would never be caught up.
 */
async function primaryPosition(primary: Db): Promise<string> {
  const r = await sql<{ lsn: string }>`
    SELECT (CASE WHEN (l - '0/0'::pg_lsn) % b IN (24, 40) THEN l - (l - '0/0'::pg_lsn) % b ELSE l END)::text AS lsn
    FROM (SELECT pg_current_wal_insert_lsn() AS l, current_setting('wal_block_size')::int AS b) AS now`.execute(primary);
  return r.rows[0]!.lsn;
}

/** Whether the replica has replayed up to `lsn` (null: it is not in recovery — not a replica any more). */
async function replayedUpTo(replica: Db, lsn: string): Promise<boolean | null> {
  const r = await sql<{ ok: boolean | null }>`SELECT pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn AS ok`.execute(replica);
  return r.rows[0]!.ok;
}

export function replicaReads(primary: Db, replica: Db, opts: ReplicaOptions = {}): Reads {
  const freshWaitMs = opts.freshWaitMs ?? 1_000;
  const caughtUp = async (waitMs = freshWaitMs): Promise<boolean> => {
    const lsn = await primaryPosition(primary);
    const until = Date.now() + waitMs;
    // the lag on one machine is about a millisecond; poll quickly first, then back off
    for (let pause = 1; ; pause = Math.min(pause * 2, 25)) {
      const ok = await replayedUpTo(replica, lsn).catch(() => null);
      if (ok) return true;
      if (ok === null || Date.now() + pause > until) return false;
      await sleep(pause);
    }
  };
  return {
    db: replica,
    replica: true,
    caughtUp,
    async fresh() {
      const ok = await caughtUp();
      opts.onFresh?.(ok ? 'replica' : 'primary');
      return ok ? replica : primary;
    },
  };
}

/**
 * At start: the replica must be a standby of this very primary (same system identifier, in recovery);
 * anything else — a second primary, another cluster's standby, a promoted former replica — would
 * serve answers the primary never gave.
 */
export async function checkReplicaOf(primary: Db, replica: Db): Promise<void> {
  const id = (db: Db) =>
    sql<{ id: string; recovery: boolean }>`SELECT system_identifier::text AS id, pg_is_in_recovery() AS recovery FROM pg_control_system()`.execute(db);
  const [p, r] = await Promise.all([id(primary), id(replica)]);
  if (!r.rows[0]!.recovery) {
    throw new Error(
      'DATABASE_REPLICA_URL 指向的数据库不是备库（pg_is_in_recovery() = false）：只读查询不能发往另一个主库。 (DATABASE_REPLICA_URL is not a standby)',
    );
  }
  if (p.rows[0]!.id !== r.rows[0]!.id) {
    throw new Error(
      `DATABASE_REPLICA_URL 指向的备库不属于 DATABASE_URL 的主库（system identifier ${r.rows[0]!.id} ≠ ${p.rows[0]!.id}）。 (the replica streams from another cluster)`,
    );
  }
}

/**
 * Wraps `then` (e.g. dropping a cached copy) so that it runs once the replica has replayed what the
 * primary had when it was called — at once without a replica. Calls during a wait are folded into one
 * more wait after it, so a burst of changes costs two waits, not one per change.
 */
export function afterReplayed(reads: Reads, then: () => void, waitMs = 10_000): () => void {
  if (!reads.replica) return then;
  let waiting = false;
  let again = false;
  const run = (): void => {
    if (waiting) {
      again = true;
      return;
    }
    waiting = true;
    void reads
      .caughtUp(waitMs)
      .catch(() => false)
      .then(() => {
        waiting = false;
        then();
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}
