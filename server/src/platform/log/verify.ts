import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { auditLeaf, checkSeal, SM3_GENESIS, sm3Link, type AuditRowLike } from './leaves.js';
import { CompactTree, leafHash } from './merkle.js';
import { verifyCheckpoint, type Checkpoint, type Verifier } from './note.js';

/**
 * Verifies the whole log from the records up (GET /audit/verify, `npm run verify-log`): every
 * record's leaf is recomputed from its row, its MAC and SM3 link checked, the tree rebuilt leaf by
 * leaf and its root compared with every checkpoint the log has signed — and with a checkpoint held
 * outside the database (this node's witness, or one a verifier saved). So a record changed, deleted,
 * inserted or reordered is caught even when every stored hash was recomputed (the signatures cannot
 * be), and so is a log cut back to an earlier size (the outside checkpoint is larger).
 */

export interface LogVerification {
  valid: boolean;
  /** audit records checked */
  entries: number;
  treeSize: number;
  checkpoints: number;
  firstBadIndex?: number;
  firstBadSeq?: string;
  reason?: string;
  /** records committed but not sequenced yet */
  pending: number;
}

export interface VerifyOptions {
  verifier: Verifier;
  origin: string;
  /** checkpoints signed earlier and kept outside the database (witness file, a saved checkpoint) */
  outside?: ReadonlyArray<{ note: string; label: string }>;
  /** check the MAC of each record too (needs the log key in this process; outside verifiers cannot) */
  checkSeals?: boolean;
  batch?: number;
}

type Row = {
  leaf_index: string;
  kind: 'audit' | 'filing';
  ref: string;
  leaf_hash: Buffer;
  sm3: string;
  a_seq: string | null;
  f_leaf: string | null;
  f_mac: string | null;
} & Partial<Record<`a_${keyof AuditRowLike | 'mac' | 'prev_hash' | 'hash'}`, unknown>>;

export async function verifyLog(db: DbOrTx, opts: VerifyOptions): Promise<LogVerification> {
  const checkSeals = opts.checkSeals ?? true;
  const anchor = await db.selectFrom('audit_anchor').select(['seq']).where('id', '=', 1).executeTakeFirst();
  const prunedThrough = anchor ? BigInt(anchor.seq) : 0n;
  const signed = new Map<number, Checkpoint & { note: string }>();
  let badSignature: number | null = null;
  for (const c of await db.selectFrom('log_checkpoints').selectAll().orderBy('tree_size').execute()) {
    const v = verifyCheckpoint(c.note, opts.verifier, opts.origin);
    if (!v || v.size !== Number(c.tree_size) || !v.root.equals(c.root_hash)) badSignature ??= Number(c.tree_size);
    else signed.set(v.size, { ...v, note: c.note });
  }
  const outside: Array<Checkpoint & { label: string }> = [];
  for (const o of opts.outside ?? []) {
    const v = verifyCheckpoint(o.note, opts.verifier, opts.origin);
    if (!v) return fail(0, 0, 0, 0, `${o.label}的签名无法用日志公钥验证`);
    outside.push({ ...v, label: o.label });
  }
  const pending = await waitingCount(db);
  const tree = new CompactTree();
  let link = SM3_GENESIS;
  let entries = 0;
  let checked = 0;
  const batch = opts.batch ?? 5000;
  const result = (v: Omit<LogVerification, 'pending'>): LogVerification => ({ ...v, pending });
  function fail(index: number, e: number, size: number, cps: number, reason: string, seq?: string): LogVerification {
    return result({ valid: false, entries: e, treeSize: size, checkpoints: cps, firstBadIndex: index, ...(seq ? { firstBadSeq: seq } : {}), reason });
  }
  if (badSignature !== null) return fail(badSignature, 0, 0, 0, `数据库中大小为 ${badSignature} 的检查点签名无效（检查点被伪造或改动）`);
  if (anchor) {
    // the retention job records each prune; an anchor no prune record names was moved by hand
    const pruned = await db
      .selectFrom('audit_log')
      .select('seq')
      .where('action', '=', 'audit.prune')
      .where(sql`after->>'throughSeq'`, '=', anchor.seq)
      .limit(1)
      .executeTakeFirst();
    if (!pruned) return fail(0, 0, 0, 0, `审计记录的清理锚点（#${anchor.seq}）没有对应的保留期清理记录：锚点被改动`);
  }

  for (let from = 0; ; from += batch) {
    const rows = (
      await sql<Row>`
      SELECT l.leaf_index, l.kind, l.ref, l.leaf_hash, l.sm3,
             a.seq AS a_seq, a.at AS a_at, a.business_at AS a_business_at, a.actor_id AS a_actor_id, a.actor_role AS a_actor_role,
             a.actor_label AS a_actor_label, a.ip AS a_ip, a.request_id AS a_request_id, a.action AS a_action, a.entity_type AS a_entity_type,
             a.entity_id AS a_entity_id, a.result AS a_result, a.before AS a_before, a.after AS a_after, a.mac AS a_mac,
             a.prev_hash AS a_prev_hash, a.hash AS a_hash,
             f.leaf AS f_leaf, f.mac AS f_mac
      FROM log_leaves l
      LEFT JOIN audit_log a ON l.kind = 'audit' AND a.seq = l.ref
      LEFT JOIN filing_events f ON l.kind = 'filing' AND f.id = l.ref
      WHERE l.leaf_index >= ${from} AND l.leaf_index < ${from + batch}
      ORDER BY l.leaf_index
    `.execute(db)
    ).rows;
    if (rows.length === 0) break;
    for (const r of rows) {
      const i = tree.size;
      if (Number(r.leaf_index) !== i) return fail(i, entries, i, checked, `日志第 ${i} 个叶子缺失（序号不连续）`);
      let bytes: Buffer | null = null;
      if (r.kind === 'audit') {
        if (r.a_seq === null) {
          // pruned by retention: its leaf hash and link stay as the tree's own record
          if (BigInt(r.ref) > prunedThrough) return fail(i, entries, i, checked, `审计记录 #${r.ref} 已被删除（不在保留期清理的范围内）`, r.ref);
        } else {
          const row = auditRow(r);
          const legacy = r.a_mac === null && r.a_hash !== null;
          bytes = auditLeaf(row, legacy);
          if (!legacy && checkSeals && !checkSeal(bytes, r.a_mac as string | null))
            return fail(i, entries, i, checked, `审计记录 #${r.ref} 的内容被修改（校验码不符）`, r.ref);
          entries++;
        }
      } else {
        if (r.f_leaf === null) return fail(i, entries, i, checked, `备案事件 #${r.ref} 已被删除`);
        bytes = Buffer.from(r.f_leaf, 'utf8');
        if (checkSeals && !checkSeal(bytes, r.f_mac)) return fail(i, entries, i, checked, `备案事件 #${r.ref} 的内容被修改（校验码不符）`);
      }
      if (bytes) {
        if (!leafHash(bytes).equals(r.leaf_hash))
          return fail(i, entries, i, checked, `日志第 ${i} 个叶子与其记录不符（记录被修改）`, r.kind === 'audit' ? r.ref : undefined);
        if (i === 0 && r.kind === 'audit' && r.a_mac === null && typeof r.a_prev_hash === 'string') link = r.a_prev_hash;
        link = sm3Link(link, bytes);
        if (link !== r.sm3) return fail(i, entries, i, checked, `日志第 ${i} 个叶子的 SM3 链不符`);
      } else {
        link = r.sm3;
      }
      tree.push(r.leaf_hash);
      const cp = signed.get(tree.size);
      if (cp) {
        checked++;
        if (!cp.root.equals(tree.root()))
          return fail(
            Math.max(0, tree.size - 1),
            entries,
            tree.size,
            checked,
            `重算的日志与大小为 ${tree.size} 的已签名检查点不符（记录被修改、插入、删除或调换了顺序）`,
          );
      }
      for (const o of outside) {
        if (o.size === tree.size && !o.root.equals(tree.root()))
          return fail(Math.max(0, tree.size - 1), entries, tree.size, checked, `重算的日志与${o.label}（大小 ${o.size}）不符：日志被改写`);
      }
    }
  }
  const size = tree.size;
  const largestSigned = Math.max(0, ...signed.keys());
  if (largestSigned > size) return fail(size, entries, size, checked, `日志被截断：已签名的检查点大小为 ${largestSigned}，现存记录只有 ${size} 条`);
  for (const o of outside) {
    if (o.size > size) return fail(size, entries, size, checked, `日志被截断：${o.label}的大小为 ${o.size}，现存记录只有 ${size} 条`);
  }
  // records that never entered the log nor wait for it: inserted behind the system's back
  const strays = await sql<{ kind: string; ref: string; reason: string | null }>`
    SELECT 'audit' AS kind, a.seq::text AS ref, q.rejected_reason AS reason FROM audit_log a
      LEFT JOIN log_queue q ON q.kind = 'audit' AND q.ref = a.seq
      WHERE NOT EXISTS (SELECT 1 FROM log_leaves l WHERE l.kind = 'audit' AND l.ref = a.seq) AND (q.id IS NULL OR q.rejected_at IS NOT NULL)
    UNION ALL
    SELECT 'filing', f.id::text, q.rejected_reason FROM filing_events f
      LEFT JOIN log_queue q ON q.kind = 'filing' AND q.ref = f.id
      WHERE NOT EXISTS (SELECT 1 FROM log_leaves l WHERE l.kind = 'filing' AND l.ref = f.id) AND (q.id IS NULL OR q.rejected_at IS NOT NULL)
    LIMIT 1
  `.execute(db);
  const stray = strays.rows[0];
  if (stray) {
    const what = stray.kind === 'audit' ? `审计记录 #${stray.ref}` : `备案事件 #${stray.ref}`;
    return fail(
      size,
      entries,
      size,
      checked,
      `${what}不在日志中${stray.reason ? `（日志拒收：${stray.reason}）` : '（在系统之外插入）'}`,
      stray.kind === 'audit' ? stray.ref : undefined,
    );
  }
  return result({ valid: true, entries, treeSize: size, checkpoints: checked });
}

function auditRow(r: Row): AuditRowLike {
  return {
    seq: r.a_seq!,
    at: r.a_at as Date,
    business_at: r.a_business_at as Date,
    actor_id: r.a_actor_id as string | null,
    actor_role: r.a_actor_role as string | null,
    actor_label: r.a_actor_label as string,
    ip: r.a_ip as string | null,
    request_id: r.a_request_id as string | null,
    action: r.a_action as string,
    entity_type: r.a_entity_type as string,
    entity_id: r.a_entity_id as string | null,
    result: r.a_result as string,
    before: r.a_before ?? null,
    after: r.a_after ?? null,
  };
}

async function waitingCount(db: DbOrTx): Promise<number> {
  const r = await db
    .selectFrom('log_queue')
    .select(sql<string>`count(*)`.as('n'))
    .where('rejected_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
