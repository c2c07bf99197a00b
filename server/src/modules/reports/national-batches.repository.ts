import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.js';

/**
 * The filings of [from, to] (备案日期, inclusive) that no batch has reported yet, locked in receipt
 * order. A second batch over the same period waits here for the first to commit; PostgreSQL then
 * re-checks `reported_at IS NULL` on every row the first one changed and leaves them out, so no
 * filing is ever reported twice. Locking in one order keeps two batches from deadlocking.
 */
export async function lockUnreportedFilings(tx: Tx, from: string, to: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('filings')
    .select('receipt_no')
    .where('filed_on', '>=', from)
    .where('filed_on', '<=', to)
    .where('reported_at', 'is', null)
    .orderBy('receipt_no')
    .forUpdate()
    .execute();
  return rows.map((r) => r.receipt_no);
}

export async function insertBatch(tx: Tx, b: { from: string; to: string; createdAt: Date; createdBy: string | null; filingCount: number }): Promise<string> {
  const row = await tx
    .insertInto('national_report_batches')
    .values({ from_date: b.from, to_date: b.to, created_at: b.createdAt, created_by: b.createdBy, filing_count: b.filingCount })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records the batch on each filing (the rows are already locked by lockUnreportedFilings). */
export async function markReported(tx: Tx, batchId: string, receiptNos: string[], at: Date): Promise<number> {
  const r = await tx
    .updateTable('filings')
    .set({ report_batch_id: batchId, reported_at: at })
    .where(sql<boolean>`receipt_no = any(${receiptNos}::text[])`)
    .where('reported_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** One page of batches, newest first, with the maker's display name. */
export async function listBatches(db: Db, page: number, pageSize: number) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('national_report_batches as b')
      .leftJoin('users as u', 'u.id', 'b.created_by')
      .select(['b.id', 'b.from_date', 'b.to_date', 'b.created_at', 'b.filing_count', 'u.display_name as created_by_name'])
      .orderBy('b.created_at', 'desc')
      .orderBy('b.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom('national_report_batches')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function findBatch(db: Db, id: string) {
  return db
    .selectFrom('national_report_batches as b')
    .leftJoin('users as u', 'u.id', 'b.created_by')
    .select(['b.id', 'b.from_date', 'b.to_date', 'b.created_at', 'b.filing_count', 'u.display_name as created_by_name'])
    .where('b.id', '=', id)
    .executeTakeFirst();
}

/** The filings a batch reported, in receipt order, with what the report shows of each. */
export function filingsOfBatch(db: Db, batchId: string) {
  return db
    .selectFrom('filings as f')
    .innerJoin('application_items as i', 'i.id', 'f.application_item_id')
    .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
    .innerJoin('organizations as o', 'o.id', 'f.organization_id')
    .select([
      'f.receipt_no',
      'f.filed_on',
      'f.valid_until',
      'f.status',
      'f.reported_at',
      'i.levels',
      'ci.name as item_name',
      'ci.occupation_code',
      'ci.kind',
      'o.name as org_name',
      'o.uscc',
    ])
    .where('f.report_batch_id', '=', batchId)
    .orderBy('f.receipt_no')
    .execute();
}
