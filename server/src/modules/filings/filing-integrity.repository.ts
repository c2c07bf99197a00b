import type { Insertable } from 'kysely';
import type { DbOrTx } from '../../platform/db/database.js';
import type { FilingIntegrityTable } from '../../platform/db/schema-notifications.js';

/** The SQL of a filing's SM3 digests (integrity.service.ts): what the snapshot is made of, and the row that fixes it. */

/** What a filing's SM3 snapshot is made of: the filing with its application, items, sites and live materials. */
export async function snapshotRows(db: DbOrTx, receiptNo: string) {
  const f = await db
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
    .where('f.receipt_no', '=', receiptNo)
    .executeTakeFirst();
  if (!f) return null;
  const [items, sites, materials] = await Promise.all([
    db
      .selectFrom('application_items as i')
      .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
      .select(['i.id', 'ci.seq', 'ci.name', 'ci.occupation_code', 'i.levels'])
      .where('i.application_id', '=', f.application_id)
      .orderBy('i.position')
      .execute(),
    db.selectFrom('sites').select(['name', 'address', 'district']).where('application_id', '=', f.application_id).orderBy('position').execute(),
    db
      .selectFrom('materials')
      .select(['id', 'kind', 'item_id', 'file_name', 'size', 'sha256'])
      .where('application_id', '=', f.application_id)
      .where('deleted_at', 'is', null)
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute(),
  ]);
  return { f, items, sites, materials };
}

export async function insertIntegrity(tx: DbOrTx, row: Insertable<FilingIntegrityTable>): Promise<void> {
  await tx.insertInto('filing_integrity').values(row).execute();
}

export async function integrityRow(db: DbOrTx, receiptNo: string) {
  return db.selectFrom('filing_integrity').selectAll().where('receipt_no', '=', receiptNo).executeTakeFirst();
}
