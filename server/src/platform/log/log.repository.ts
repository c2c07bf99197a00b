import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../db/database.js';
import type { AuditRowLike } from './leaves.js';
import { nodeKey, type Hash, type NodeId } from './merkle.js';

/** The transparency log's SQL (tables of migration 0010). */

/** One integrator at a time, on any node. (7201001 migrations, 7201002 audit retention, 7201003 seeding.) */
export const LOG_LOCK = 7201004;

export async function lockIntegrator(tx: Tx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${LOG_LOCK})`.execute(tx);
}

export async function treeSize(db: DbOrTx): Promise<number> {
  const r = await db.selectFrom('log_leaves').select('leaf_index').orderBy('leaf_index', 'desc').limit(1).executeTakeFirst();
  return r ? Number(r.leaf_index) + 1 : 0;
}

export async function lastLink(db: DbOrTx, size: number): Promise<string | null> {
  if (size === 0) return null;
  const r = await db
    .selectFrom('log_leaves')
    .select('sm3')
    .where('leaf_index', '=', String(size - 1))
    .executeTakeFirst();
  return r?.sm3 ?? null;
}

export interface QueuedRecord {
  queueId: string;
  kind: 'audit' | 'filing';
  ref: string;
  audit?: AuditRowLike & { mac: string | null; prev_hash: string | null; hash: string | null };
  filing?: { id: string; receipt_no: string; type: string; leaf: string; mac: string };
}

/** The oldest waiting records with their rows, in queue order (rows deleted since come back without). */
export async function waiting(tx: Tx, limit: number): Promise<QueuedRecord[]> {
  const queue = await tx.selectFrom('log_queue').select(['id', 'kind', 'ref']).where('rejected_at', 'is', null).orderBy('id').limit(limit).execute();
  if (queue.length === 0) return [];
  const auditRefs = queue.filter((q) => q.kind === 'audit').map((q) => q.ref);
  const filingRefs = queue.filter((q) => q.kind === 'filing').map((q) => q.ref);
  const [audits, filings] = await Promise.all([
    auditRefs.length
      ? tx
          .selectFrom('audit_log')
          .selectAll()
          .where(sql<boolean>`seq = any(${auditRefs}::bigint[])`)
          .execute()
      : [],
    filingRefs.length
      ? tx
          .selectFrom('filing_events')
          .selectAll()
          .where(sql<boolean>`id = any(${filingRefs}::bigint[])`)
          .execute()
      : [],
  ]);
  const auditBy = new Map(audits.map((a) => [String(a.seq), a]));
  const filingBy = new Map(filings.map((f) => [String(f.id), f]));
  return queue.map((q) => ({
    queueId: q.id,
    kind: q.kind,
    ref: q.ref,
    ...(q.kind === 'audit' && auditBy.has(q.ref) ? { audit: auditBy.get(q.ref)! } : {}),
    ...(q.kind === 'filing' && filingBy.has(q.ref) ? { filing: filingBy.get(q.ref)! } : {}),
  }));
}

export async function reject(tx: Tx, queueIds: readonly string[], reason: string, at: Date): Promise<void> {
  if (queueIds.length === 0) return;
  await tx.updateTable('log_queue').set({ rejected_at: at, rejected_reason: reason }).where('id', 'in', queueIds).execute();
}

/** Complete subtrees by (level, index): level 0 from the leaves, the rest from log_nodes — one statement. */
export async function nodes(db: DbOrTx, ids: readonly NodeId[]): Promise<Map<string, Hash>> {
  const out = new Map<string, Hash>();
  if (ids.length === 0) return out;
  const leaves = ids.filter((n) => n.level === 0).map((n) => String(n.index));
  const inner = ids.filter((n) => n.level > 0);
  const rows = await sql<{ level: number; idx: string; hash: Buffer }>`
    SELECT 0 AS level, leaf_index AS idx, leaf_hash AS hash FROM log_leaves WHERE leaf_index = ANY(${leaves}::bigint[])
    UNION ALL
    SELECT level, idx, hash FROM log_nodes
    WHERE (level, idx) IN (SELECT * FROM unnest(${inner.map((n) => n.level)}::smallint[], ${inner.map((n) => String(n.index))}::bigint[]))
  `.execute(db);
  for (const r of rows.rows) out.set(nodeKey({ level: Number(r.level), index: Number(r.idx) }), r.hash);
  return out;
}

/** The new leaves and nodes, and the queue rows they came from — every column an array (`unnest`), three statements whatever the batch. */
export async function appendTree(
  tx: Tx,
  leaves: ReadonlyArray<{ leafIndex: number; kind: 'audit' | 'filing'; ref: string; hash: Hash; sm3: string }>,
  inner: ReadonlyArray<NodeId & { hash: Hash }>,
  queueIds: readonly string[],
  at: Date,
): Promise<void> {
  if (leaves.length) {
    await sql`INSERT INTO log_leaves (leaf_index, kind, ref, leaf_hash, sm3, integrated_at)
      SELECT t.leaf_index, t.kind, t.ref, t.leaf_hash, t.sm3, ${at}::timestamptz
      FROM unnest(${leaves.map((l) => String(l.leafIndex))}::bigint[], ${leaves.map((l) => l.kind)}::text[], ${leaves.map((l) => l.ref)}::bigint[],
        ${leaves.map((l) => l.hash)}::bytea[], ${leaves.map((l) => l.sm3)}::text[]) AS t(leaf_index, kind, ref, leaf_hash, sm3)`.execute(tx);
  }
  if (inner.length)
    await sql`INSERT INTO log_nodes (level, idx, hash)
      SELECT * FROM unnest(${inner.map((n) => n.level)}::smallint[], ${inner.map((n) => String(n.index))}::bigint[], ${inner.map((n) => n.hash)}::bytea[])`.execute(
      tx,
    );
  if (queueIds.length)
    await tx
      .deleteFrom('log_queue')
      .where(sql<boolean>`id = any(${queueIds}::bigint[])`)
      .execute();
}

export async function saveCheckpoint(tx: Tx, size: number, root: Hash, note: string, at: Date): Promise<void> {
  await tx
    .insertInto('log_checkpoints')
    .values({ tree_size: size, root_hash: root, note, signed_at: at })
    .onConflict((oc) => oc.column('tree_size').doNothing())
    .execute();
}

export async function latestCheckpoint(db: DbOrTx): Promise<{ size: number; root: Buffer; note: string; signedAt: Date } | null> {
  const r = await db.selectFrom('log_checkpoints').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
  return r ? { size: Number(r.tree_size), root: r.root_hash, note: r.note, signedAt: r.signed_at } : null;
}

export async function checkpointAt(db: DbOrTx, size: number): Promise<{ size: number; root: Buffer; note: string } | null> {
  const r = await db.selectFrom('log_checkpoints').selectAll().where('tree_size', '=', String(size)).executeTakeFirst();
  return r ? { size: Number(r.tree_size), root: r.root_hash, note: r.note } : null;
}

export async function pendingCount(db: DbOrTx): Promise<{ waiting: number; rejected: number }> {
  const r = await db
    .selectFrom('log_queue')
    .select([
      sql<string>`count(*) FILTER (WHERE rejected_at IS NULL)`.as('waiting'),
      sql<string>`count(*) FILTER (WHERE rejected_at IS NOT NULL)`.as('rejected'),
    ])
    .executeTakeFirstOrThrow();
  return { waiting: Number(r.waiting), rejected: Number(r.rejected) };
}

/** The leaf of a record, if it has been sequenced. */
export async function leafOf(db: DbOrTx, kind: 'audit' | 'filing', ref: string): Promise<{ leafIndex: number; hash: Buffer } | null> {
  const r = await db.selectFrom('log_leaves').select(['leaf_index', 'leaf_hash']).where('kind', '=', kind).where('ref', '=', ref).executeTakeFirst();
  return r ? { leafIndex: Number(r.leaf_index), hash: r.leaf_hash } : null;
}
