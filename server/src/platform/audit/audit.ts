import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { DbOrTx, Db, Tx } from '../db/database.js';

/** What a state change says about itself: who, from where, what, and the before/after. */
export interface AuditActor {
  id: string | null;
  role: string | null;
  label: string;
  ip?: string | null;
  requestId?: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  result?: 'ok' | 'refused' | 'failed';
  before?: unknown;
  after?: unknown;
}

const GENESIS = '0'.repeat(64);
const AUDIT_LOCK = 7201002;

/** JSON with keys sorted at every depth, so jsonb's own key order never changes a hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** SM3 (GB/T 32905) from Node's OpenSSL — the hash 密评 expects (SEC-10). */
export function sm3(data: string): string {
  return crypto.createHash('sm3').update(data, 'utf8').digest('hex');
}

interface HashedFields {
  seq: string;
  at: string;
  business_at: string;
  actor_id: string | null;
  actor_role: string | null;
  actor_label: string;
  ip: string | null;
  request_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  result: string;
  before: unknown;
  after: unknown;
}

function rowHash(prev: string, f: HashedFields): string {
  return sm3(prev + '\n' + canonicalJson(f));
}

/** Drops `undefined` and turns Dates into ISO strings, so what is hashed equals what jsonb stores. */
function normalise(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/**
 * Appends to the hash-chained log inside the caller's transaction. A transaction-scoped advisory
 * lock serialises appenders so the chain has one order; callers append last, just before commit,
 * to keep the lock short. `businessAt` is the business clock's instant; `at` is always real time.
 */
export async function appendAudit(tx: Tx, actor: AuditActor, entry: AuditEntry, businessAt: Date): Promise<void> {
  await appendAuditMany(tx, actor, [entry], businessAt);
}

/**
 * Several entries by one actor in one go (a sweep applying a chunk of deadlines): one lock, one read
 * of the chain's end, one insert — each entry still chained to the one before it.
 */
export async function appendAuditMany(tx: Tx, actor: AuditActor, entries: readonly AuditEntry[], businessAt: Date): Promise<void> {
  if (entries.length === 0) return;
  const at = new Date();
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(tx);
  const last = await tx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last ? BigInt(last.seq) : 0n;
  let prev = last?.hash ?? GENESIS;
  const rows = entries.map((entry) => {
    seq += 1n;
    const fields: HashedFields = {
      seq: String(seq),
      at: at.toISOString(),
      business_at: businessAt.toISOString(),
      actor_id: actor.id,
      actor_role: actor.role,
      actor_label: actor.label,
      ip: actor.ip ?? null,
      request_id: actor.requestId ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      result: entry.result ?? 'ok',
      before: normalise(entry.before),
      after: normalise(entry.after),
    };
    const hash = rowHash(prev, fields);
    const row = {
      ...fields,
      at,
      business_at: businessAt,
      before: fields.before === null ? null : JSON.stringify(fields.before),
      after: fields.after === null ? null : JSON.stringify(fields.after),
      prev_hash: prev,
      hash,
    };
    prev = hash;
    return row;
  });
  await tx.insertInto('audit_log').values(rows).execute();
}

/** For events outside a business transaction (logins, downloads): a transaction of its own. */
export async function recordAudit(db: Db, actor: AuditActor, entry: AuditEntry, businessAt = new Date()): Promise<void> {
  await db.transaction().execute((tx) => appendAudit(tx, actor, entry, businessAt));
}

/**
 * Recomputes the whole chain. An edited row breaks its own hash; a deleted row leaves a gap in
 * `seq` and breaks the next row's `prev_hash`; a truncated tail is caught by the count kept in
 * the first position of the result (`entries`).
 */
export async function verifyAudit(db: DbOrTx): Promise<{ valid: boolean; entries: number; firstBadSeq?: string; reason?: string }> {
  // after a retention prune the chain continues from the anchor (the last pruned row's seq and hash)
  const anchor = await db.selectFrom('audit_anchor').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  let prev = anchor?.hash ?? GENESIS;
  let expected = anchor ? BigInt(anchor.seq) + 1n : 1n;
  let entries = 0;
  const batch = 2000;
  let after = anchor ? BigInt(anchor.seq) : 0n;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', String(after)).orderBy('seq').limit(batch).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = BigInt(r.seq);
      if (seq !== expected) return { valid: false, entries, firstBadSeq: String(expected), reason: '审计记录缺失（序号不连续）' };
      if (r.prev_hash !== prev) return { valid: false, entries, firstBadSeq: r.seq, reason: '前序哈希不一致' };
      const fields: HashedFields = {
        seq: r.seq,
        at: new Date(r.at).toISOString(),
        business_at: new Date(r.business_at).toISOString(),
        actor_id: r.actor_id,
        actor_role: r.actor_role,
        actor_label: r.actor_label,
        ip: r.ip,
        request_id: r.request_id,
        action: r.action,
        entity_type: r.entity_type,
        entity_id: r.entity_id,
        result: r.result,
        before: r.before ?? null,
        after: r.after ?? null,
      };
      if (rowHash(prev, fields) !== r.hash) return { valid: false, entries, firstBadSeq: r.seq, reason: '记录内容被修改' };
      prev = r.hash;
      expected = seq + 1n;
      entries++;
      after = seq;
    }
  }
  return { valid: true, entries };
}

/** SEC-11: records are kept at least this long (网络安全法 §21); retention can never go below it. */
export const MIN_AUDIT_RETENTION_DAYS = 180;

/**
 * The retention job: removes records older than `retentionDays` (never fewer than 180 days) and
 * moves the anchor to the last removed record, so what remains still verifies. Not an admin action
 * (SEC-08: nobody deletes audit records by hand); it runs by itself.
 */
export async function pruneAudit(db: Db, retentionDays: number, now = new Date()): Promise<number> {
  if (retentionDays < MIN_AUDIT_RETENTION_DAYS) throw new Error(`audit retention must be at least ${MIN_AUDIT_RETENTION_DAYS} days`);
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(tx);
    const last = await tx.selectFrom('audit_log').select(['seq', 'hash']).where('at', '<', cutoff).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (!last) return 0;
    const removed = await tx.deleteFrom('audit_log').where('seq', '<=', last.seq).executeTakeFirst();
    await tx
      .insertInto('audit_anchor')
      .values({ id: 1, seq: last.seq, hash: last.hash, pruned_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ seq: last.seq, hash: last.hash, pruned_at: now }))
      .execute();
    return Number(removed.numDeletedRows);
  });
}
