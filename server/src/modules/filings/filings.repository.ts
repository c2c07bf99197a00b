import { sql } from 'kysely';
import type { FilingEventType, FilingStatus } from '../../../../contract/enums.js';
import type { DbOrTx, Tx } from '../../platform/db/database.js';
import { addWrite, executeWrites, writes, type Writes } from '../../platform/db/one-statement.js';
import { countFilingEvents, currentSealer, filingLeaf, type FilingFacts } from '../../platform/log/leaves.js';
import { toShanghaiIso } from '../../workflow/time.js';

/** The filings' SQL: the register's rows, and the events that make them leaves of the transparency log. */

export function filingsQuery(db: DbOrTx) {
  return db
    .selectFrom('filings as f')
    .innerJoin('application_items as i', 'i.id', 'f.application_item_id')
    .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
    .innerJoin('organizations as o', 'o.id', 'f.organization_id')
    .select([
      'f.receipt_no',
      'f.application_item_id',
      'f.filed_on',
      'f.valid_until',
      'f.status',
      'f.revoked_at',
      'f.revoke_reason',
      'f.suspended_at',
      'f.suspend_reason',
      'f.reported_at',
      'o.id as org_id',
      'o.name as org_name',
      'o.uscc',
      'ci.name as item_name',
      'ci.seq',
      'ci.occupation_code',
      'i.levels',
      'i.application_id',
    ]);
}

export function findFiling(db: DbOrTx, receiptNo: string) {
  return filingsQuery(db).where('f.receipt_no', '=', receiptNo).executeTakeFirst();
}

export type FilingRow = Awaited<ReturnType<ReturnType<typeof filingsQuery>['execute']>>[number];

/** The public facts of filings as their rows hold them now (what a filing event's leaf records). */
export async function currentFacts(db: DbOrTx, receiptNos: readonly string[]): Promise<Map<string, Omit<FilingFacts, 'type' | 'at'>>> {
  if (receiptNos.length === 0) return new Map();
  const rows = await filingsQuery(db).where('f.receipt_no', 'in', receiptNos).execute();
  return new Map(rows.map((r) => [r.receipt_no, factsOf(r)]));
}

export function factsOf(
  r: Pick<FilingRow, 'receipt_no' | 'uscc' | 'org_name' | 'item_name' | 'levels' | 'filed_on' | 'valid_until' | 'status'>,
): Omit<FilingFacts, 'type' | 'at'> {
  return {
    receiptNo: r.receipt_no,
    uscc: r.uscc,
    organizationName: r.org_name,
    itemName: r.item_name,
    levels: [...r.levels].sort((a, b) => a - b),
    filedOn: r.filed_on,
    validUntil: r.valid_until,
    status: r.status,
  };
}

/**
 * Records one event per filing (in the caller's transaction, after its rows changed): the facts as
 * they now stand, sealed; a trigger queues them for the log. Two statements for any number.
 */
export async function recordFilingEvents(tx: Tx, receiptNos: readonly string[], type: FilingEventType, at: Date): Promise<void> {
  if (receiptNos.length === 0) return;
  const facts = await currentFacts(tx, receiptNos);
  await insertFilingEvents(
    tx,
    receiptNos.map((receiptNo) => facts.get(receiptNo) ?? missing(receiptNo, type)),
    type,
    at,
  );
}

const missing = (receiptNo: string, type: FilingEventType): never => {
  throw new Error(`filing ${receiptNo} not found for its ${type} event`);
};

/**
 * `recordFilingEvents` from facts the caller holds (read under its lock, with the change it made):
 * one statement, the columns as arrays (`unnest`), so its text and parameters do not grow with the chunk.
 */
export async function insertFilingEvents(tx: Tx, facts: readonly Omit<FilingFacts, 'type' | 'at'>[], type: FilingEventType, at: Date): Promise<void> {
  const w = writes();
  filingEventsWrite(w, facts, type, at);
  await executeWrites(tx, w);
}

/** `insertFilingEvents` as a part of a single write statement (platform/db/one-statement.ts). */
export function filingEventsWrite(w: Writes, facts: readonly Omit<FilingFacts, 'type' | 'at'>[], type: FilingEventType, at: Date): void {
  if (facts.length === 0) return;
  const sealer = currentSealer();
  const when = toShanghaiIso(at);
  const leaves = facts.map((f) => filingLeaf({ ...f, type, at: when }));
  const receipts = facts.map((f) => f.receiptNo);
  const macs = leaves.map((l) => sealer.seal(l));
  addWrite(
    w,
    sql`INSERT INTO filing_events (receipt_no, type, leaf, at, mac)
      SELECT r, ${type}, l, ${at}::timestamptz, m FROM unnest(${receipts}::text[], ${leaves}::text[], ${macs}::text[]) AS t(r, l, m)`,
  );
  w.after.push(() => countFilingEvents(facts.length));
}

export interface FilingEventRow {
  id: string;
  type: string;
  leaf: string;
  mac: string;
  at: Date;
  leafIndex: number | null;
}

/** A filing's events, oldest first, with their leaf index once sequenced. */
export async function eventsOf(db: DbOrTx, receiptNo: string): Promise<FilingEventRow[]> {
  const rows = await db
    .selectFrom('filing_events as e')
    .leftJoin('log_leaves as l', (j) => j.onRef('l.ref', '=', 'e.id').on('l.kind', '=', 'filing'))
    .select(['e.id', 'e.type', 'e.leaf', 'e.mac', 'e.at', 'l.leaf_index'])
    .where('e.receipt_no', '=', receiptNo)
    .orderBy(sql`coalesce(l.leaf_index, 9223372036854775807)`)
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({ id: r.id, type: r.type, leaf: r.leaf, mac: r.mac, at: r.at, leafIndex: r.leaf_index === null ? null : Number(r.leaf_index) }));
}

/** The audit record of a filing's issuance, or of its adoption by the log (it carries the SM3 digests fixed then). */
export async function issuanceRecord(db: DbOrTx, receiptNo: string) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_type', '=', 'filing')
    .where('entity_id', '=', receiptNo)
    .where('action', 'in', ['filing.issue', 'filing.adopt'])
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
}

export async function lockFiling(tx: Tx, receiptNo: string) {
  return tx.selectFrom('filings').selectAll().where('receipt_no', '=', receiptNo).forUpdate().executeTakeFirst();
}

export async function setSupervision(
  tx: Tx,
  receiptNo: string,
  change: { status: 'active' | 'suspended'; suspendedAt: Date | null; reason: string | null },
): Promise<void> {
  await tx
    .updateTable('filings')
    .set({ status: change.status, suspended_at: change.suspendedAt, suspend_reason: change.reason })
    .where('receipt_no', '=', receiptNo)
    .execute();
}

export async function applicationOfItem(tx: Tx, itemId: string): Promise<string> {
  const r = await tx.selectFrom('application_items').select('application_id').where('id', '=', itemId).executeTakeFirstOrThrow();
  return r.application_id;
}

/**
 * Filings kept before migration 0010 that have no event in the log — only while the log has signed
 * nothing yet (the first start after the migration); afterwards always none.
 */
export async function unloggedFilings(tx: Tx): Promise<string[]> {
  if (await tx.selectFrom('log_checkpoints').select('tree_size').limit(1).executeTakeFirst()) {
    await tx.deleteFrom('log_adoption').execute(); // moot once the log has signed
    return [];
  }
  const rows = await tx
    .selectFrom('filings as f')
    .innerJoin('log_adoption as a', 'a.receipt_no', 'f.receipt_no')
    .select('f.receipt_no')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('filing_events as e').select('e.id').whereRef('e.receipt_no', '=', 'f.receipt_no'))))
    .orderBy('f.receipt_no')
    .forUpdate('f')
    .execute();
  await tx.deleteFrom('log_adoption').execute();
  return rows.map((r) => r.receipt_no);
}

export async function existingDigests(db: DbOrTx, receiptNo: string): Promise<{ snapshotDigest: string; materialsDigest: string } | null> {
  const r = await db.selectFrom('filing_integrity').select(['snapshot_digest', 'materials_digest']).where('receipt_no', '=', receiptNo).executeTakeFirst();
  return r ? { snapshotDigest: r.snapshot_digest, materialsDigest: r.materials_digest } : null;
}

/** The items about to be filed, with their organisation and their call's rules (validity years), in the order asked. */
export async function itemsToFile(tx: Tx, itemIds: readonly string[]) {
  if (itemIds.length === 0) return [];
  const rows = await tx
    .selectFrom('application_items as i')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
    .select(['i.id', 'i.status', 'i.application_id', 'a.organization_id', 'c.rules'])
    .where(sql<boolean>`i.id = any(${itemIds}::uuid[])`)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return itemIds.map((id) => byId.get(id) ?? missingItem(id));
}

const missingItem = (id: string): never => {
  throw new Error(`application item ${id} not found for its filing`);
};

/**
 * Allocates `count` consecutive receipt numbers of the year in the filings' transaction (no gaps:
 * the counter row stays locked to commit) and returns the first. One statement for any count.
 */
export async function allocateReceiptNumbers(tx: Tx, year: number, count: number): Promise<number> {
  const counter = await tx
    .insertInto('receipt_counters')
    .values({ year, last: count })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql`receipt_counters.last + ${count}::int` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return counter.last - count + 1;
}

export interface NewFiling {
  receiptNo: string;
  itemId: string;
  organizationId: string;
  filedOn: string;
  validUntil: string;
  expiresAt: Date;
}

/**
 * The filing rows, their items marked filed, and their expiries as deadlines — three statements for
 * any number, the columns as arrays (`unnest`), so their text does not grow with the set.
 */
export async function insertFilings(tx: Tx, fs: readonly NewFiling[], at: Date): Promise<void> {
  if (fs.length === 0) return;
  const col = <K extends keyof NewFiling>(k: K) => fs.map((f) => f[k]);
  await sql`INSERT INTO filings (receipt_no, application_item_id, organization_id, filed_on, valid_until, status, created_at)
    SELECT r, i, o, f, v, 'active', ${at}::timestamptz
    FROM unnest(${col('receiptNo')}::text[], ${col('itemId')}::uuid[], ${col('organizationId')}::uuid[], ${col('filedOn')}::date[], ${col('validUntil')}::date[]) AS t(r, i, o, f, v)`.execute(
    tx,
  );
  await tx
    .updateTable('application_items')
    .set({ status: 'filed' })
    .where(sql<boolean>`id = any(${col('itemId')}::uuid[])`)
    .execute();
  await sql`INSERT INTO deadlines (kind, subject_id, due_at)
    SELECT 'filing_expiry', r, d FROM unnest(${col('receiptNo')}::text[], ${col('expiresAt')}::timestamptz[]) AS t(r, d)`.execute(tx);
}

export async function setRevoked(tx: Tx, receiptNo: string, reason: string, at: Date): Promise<void> {
  await tx.updateTable('filings').set({ status: 'revoked', revoked_at: at, revoke_reason: reason }).where('receipt_no', '=', receiptNo).execute();
  await tx
    .updateTable('deadlines')
    .set({ cancelled_at: at })
    .where('kind', '=', 'filing_expiry')
    .where('subject_id', '=', receiptNo)
    .where('applied_at', 'is', null)
    .execute();
}

/**
 * Locks filings in receipt order (as one by one would, so two sweepers cannot deadlock) and reads
 * in the same statement every fact their expiry writes: history, log leaf, message (with the
 * organisation's contact the message is sent to).
 */
export async function lockForExpiry(tx: Tx, receiptNos: readonly string[]): Promise<ExpiryRow[]> {
  if (receiptNos.length === 0) return [];
  return filingsQuery(tx)
    .select(['o.contact_email', 'o.contact_phone', 'f.organization_id'])
    .where(sql<boolean>`f.receipt_no = any(${receiptNos}::text[])`)
    .orderBy('f.receipt_no')
    .forUpdate('f')
    .execute();
}

export type ExpiryRow = FilingRow & { contact_email: string | null; contact_phone: string | null; organization_id: string };

export async function setExpired(tx: Tx, receiptNos: readonly string[]): Promise<void> {
  const w = writes();
  setExpiredWrite(w, receiptNos);
  await executeWrites(tx, w);
}

/** The filings' status, as a part of a single write statement; its trigger bumps the directory's version. */
export function setExpiredWrite(w: Writes, receiptNos: readonly string[]): void {
  if (receiptNos.length === 0) return;
  addWrite(w, sql`UPDATE filings SET status = 'expired' WHERE receipt_no = any(${receiptNos}::text[])`);
}

/** One page of filings, newest first, and how many there are in all (paged on the server). */
export async function listFilings(db: DbOrTx, q: { organizationId?: string; status?: FilingStatus; page: number; pageSize: number }) {
  let base = filingsQuery(db);
  if (q.organizationId) base = base.where('f.organization_id', '=', q.organizationId);
  if (q.status) base = base.where('f.status', '=', q.status);
  const [rows, count] = await Promise.all([
    base
      .orderBy('f.filed_on', 'desc')
      .orderBy('f.receipt_no')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base
      .clearSelect()
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
