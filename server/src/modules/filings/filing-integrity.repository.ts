import { sql, type Insertable } from 'kysely';
import type { DbOrTx } from '../../platform/db/database.js';
import type { FilingIntegrityTable } from '../../platform/db/schema-notifications.js';

/** The SQL of a filing's SM3 digests (integrity.service.ts): what the snapshot is made of, and the row that fixes it. */

/**
 * What filings' SM3 snapshots are made of: each filing with its application, items, sites and live
 * materials — four statements for any number of filings (a public notice's end files them at once).
 */
export async function snapshotRowsMany(db: DbOrTx, receiptNos: readonly string[]) {
  const fs = await db
    .selectFrom('filings as f')
    .innerJoin('application_items as fi', 'fi.id', 'f.application_item_id')
    .innerJoin('campaign_items as fci', 'fci.id', 'fi.campaign_item_id')
    .innerJoin('applications as a', 'a.id', 'fi.application_id')
    .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .select([
      'f.receipt_no',
      'f.filed_on',
      'f.valid_until',
      'fci.seq as item_seq',
      'a.id as application_id',
      'a.submitted_at',
      'a.industry_authority',
      'c.doc_number',
      'o.name',
      'o.uscc',
      'o.legal_form',
      'o.district',
      'o.address',
      'o.legal_representative',
    ])
    .where(sql<boolean>`f.receipt_no = any(${receiptNos}::text[])`)
    .execute();
  const apps = [...new Set(fs.map((f) => f.application_id))];
  const ofApps = sql<boolean>`application_id = any(${apps}::uuid[])`;
  const [items, sites, materials] = await Promise.all([
    db
      .selectFrom('application_items as i')
      .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
      .select(['i.application_id', 'i.id', 'ci.seq', 'ci.name', 'ci.occupation_code', 'i.levels'])
      .where(sql<boolean>`i.application_id = any(${apps}::uuid[])`)
      .orderBy('i.position')
      .execute(),
    db.selectFrom('sites').select(['application_id', 'name', 'address', 'district']).where(ofApps).orderBy('position').execute(),
    db
      .selectFrom('materials')
      .select(['application_id', 'id', 'kind', 'item_id', 'file_name', 'size', 'sha256'])
      .where(ofApps)
      .where('deleted_at', 'is', null)
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute(),
  ]);
  const byApp = <T extends { application_id: string }>(rows: T[]) => {
    const m = new Map<string, Omit<T, 'application_id'>[]>();
    for (const { application_id, ...rest } of rows) {
      const list = m.get(application_id);
      if (list) list.push(rest);
      else m.set(application_id, [rest]);
    }
    return (id: string) => m.get(id) ?? [];
  };
  const [itemsOf, sitesOf, materialsOf] = [byApp(items), byApp(sites), byApp(materials)];
  return new Map(
    fs.map((f) => [f.receipt_no, { f, items: itemsOf(f.application_id), sites: sitesOf(f.application_id), materials: materialsOf(f.application_id) }]),
  );
}

export type SnapshotRows = NonNullable<Awaited<ReturnType<typeof snapshotRowsMany>> extends Map<string, infer V> ? V : never>;

/** What one filing's SM3 snapshot is made of (verification reads it again to recompute the digests). */
export async function snapshotRows(db: DbOrTx, receiptNo: string): Promise<SnapshotRows | null> {
  return (await snapshotRowsMany(db, [receiptNo])).get(receiptNo) ?? null;
}

/** The rows fixing many filings' digests — one statement. */
export async function insertIntegrityMany(tx: DbOrTx, rows: readonly Insertable<FilingIntegrityTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insertInto('filing_integrity').values(rows).execute();
}

export async function integrityRow(db: DbOrTx, receiptNo: string) {
  return db.selectFrom('filing_integrity').selectAll().where('receipt_no', '=', receiptNo).executeTakeFirst();
}
