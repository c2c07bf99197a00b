import { sql } from 'kysely';
import type { Db, DbOrTx, Tx } from '../db/database.js';
import { addWrite, executeWrites, writes, type Writes } from '../db/one-statement.js';
import { auditLeaf, canonicalJson, currentSealer, sm3 } from '../log/leaves.js';

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

const AUDIT_LOCK = 7201002;

export { canonicalJson, sm3 };

/** Drops `undefined` and turns Dates into ISO strings, so what is sealed equals what jsonb stores. */
function normalise(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/** Told (in the writing transaction) whenever records are written: the log integrates after the request. */
const listeners = new Set<() => void>();
export function onAuditWritten(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Appends to the audit log inside the caller's transaction — one INSERT, no lock: the record is
 * sealed (MAC, see platform/log/leaves.ts) and a trigger queues it; the transparency log sequences it
 * into the Merkle tree right after commit (docs/decisions/0013). `businessAt` is the business clock's
 * instant; `at` is always real time.
 */
export async function appendAudit(tx: Tx, actor: AuditActor, entry: AuditEntry, businessAt: Date): Promise<void> {
  await appendAuditMany(tx, actor, [entry], businessAt);
}

/** Several entries by one actor in one statement (a sweep applying a chunk of deadlines). */
export async function appendAuditMany(tx: Tx, actor: AuditActor, entries: readonly AuditEntry[], businessAt: Date): Promise<void> {
  const w = writes();
  auditManyWrite(w, actor, entries, businessAt);
  await executeWrites(tx, w);
}

/**
 * `appendAuditMany` as a part of a single write statement (platform/db/one-statement.ts): the same
 * sealed rows, their per-entry columns sent as arrays (`unnest`) and the actor's and the instants'
 * once — so neither the statement's text nor its parameters grow with the set.
 */
export function auditManyWrite(w: Writes, actor: AuditActor, entries: readonly AuditEntry[], businessAt: Date): void {
  if (entries.length === 0) return;
  const rows = sealedRows(actor, entries, businessAt);
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  const r0 = rows[0]!;
  addWrite(
    w,
    sql`INSERT INTO audit_log (at, business_at, actor_id, actor_role, actor_label, ip, request_id, action, entity_type, entity_id, result, before, after, mac)
      SELECT ${r0.at}::timestamptz, ${r0.business_at}::timestamptz, ${r0.actor_id}::uuid, ${r0.actor_role}::text, ${r0.actor_label}::text, ${r0.ip}::text,
        ${r0.request_id}::text, t.action, t.entity_type, t.entity_id, t.result, t.before::jsonb, t.after::jsonb, t.mac
      FROM unnest(${col('action')}::text[], ${col('entity_type')}::text[], ${col('entity_id')}::text[], ${col('result')}::text[],
        ${col('before')}::text[], ${col('after')}::text[], ${col('mac')}::text[]) AS t(action, entity_type, entity_id, result, before, after, mac)`,
  );
  w.after.push(announceAuditWritten);
}

/**
 * The same record as a part of a command's single write statement (platform/db/one-statement.ts):
 * written if and only if the statement is — the log is told once it ran.
 */
export function auditWrite(db: DbOrTx, w: Writes, actor: AuditActor, entry: AuditEntry, businessAt: Date): void {
  addWrite(w, db.insertInto('audit_log').values(sealedRows(actor, [entry], businessAt)));
  w.after.push(announceAuditWritten);
}

/**
 * One record's sealed row, for a hot path that sends its write as a precompiled text of its own (the
 * upload, decision 0009): the caller inserts exactly these columns and calls `announceAuditWritten()`
 * once its statement ran.
 */
export function sealedAuditRow(actor: AuditActor, entry: AuditEntry, businessAt: Date): Record<string, unknown> {
  return sealedRows(actor, [entry], businessAt)[0]!;
}

export function announceAuditWritten(): void {
  for (const l of listeners) l();
}

/** The rows as stored: each sealed (MAC over its canonical leaf, platform/log/leaves.ts). */
function sealedRows(actor: AuditActor, entries: readonly AuditEntry[], businessAt: Date) {
  const sealer = currentSealer();
  const at = new Date();
  return entries.map((entry) => {
    const record = {
      at,
      business_at: businessAt,
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
    return {
      ...record,
      before: record.before === null ? null : JSON.stringify(record.before),
      after: record.after === null ? null : JSON.stringify(record.after),
      mac: sealer.seal(auditLeaf(record)),
    };
  });
}

/** For events outside a business transaction (logins, downloads): a transaction of its own. */
export async function recordAudit(db: Db, actor: AuditActor, entry: AuditEntry, businessAt: Date): Promise<void> {
  await db.transaction().execute((tx) => appendAudit(tx, actor, entry, businessAt));
}

/** SEC-11: records are kept at least this long (网络安全法 §21); retention can never go below it. */
export const MIN_AUDIT_RETENTION_DAYS = 180;

/**
 * The retention job: removes records older than `retentionDays` (never fewer than 180 days) that the
 * log has sequenced, and moves the anchor to the last removed record. Their leaves (hashes) stay in
 * the tree, so every checkpoint still verifies; the prune itself is recorded (a leaf), so an anchor
 * moved by hand is caught. Not an admin action (SEC-08: nobody deletes audit records by hand).
 */
export async function pruneAudit(db: Db, retentionDays: number, now: Date, businessAt: Date = now): Promise<number> {
  if (retentionDays < MIN_AUDIT_RETENTION_DAYS) throw new Error(`audit retention must be at least ${MIN_AUDIT_RETENTION_DAYS} days`);
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(tx);
    const last = await tx
      .selectFrom('audit_log as a')
      .innerJoin('log_leaves as l', (j) => j.onRef('l.ref', '=', 'a.seq').on('l.kind', '=', 'audit'))
      .select(['a.seq', 'l.sm3', 'l.leaf_index'])
      .where('a.at', '<', cutoff)
      .orderBy('l.leaf_index', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last) return 0;
    // everything at or before that leaf, and nothing still waiting in the queue
    const removed = await tx
      .deleteFrom('audit_log')
      .where('seq', 'in', (qb) => qb.selectFrom('log_leaves').select('ref').where('kind', '=', 'audit').where('leaf_index', '<=', last.leaf_index))
      .executeTakeFirst();
    await tx
      .insertInto('audit_anchor')
      .values({ id: 1, seq: last.seq, hash: last.sm3, pruned_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ seq: last.seq, hash: last.sm3, pruned_at: now }))
      .execute();
    const n = Number(removed.numDeletedRows);
    await appendAudit(
      tx,
      { id: null, role: null, label: '系统（审计记录保留期满清理）' },
      {
        action: 'audit.prune',
        entityType: 'system',
        entityId: 'audit',
        after: { throughSeq: last.seq, throughLeafIndex: Number(last.leaf_index), removed: n, retentionDays },
      },
      businessAt,
    );
    return n;
  });
}
