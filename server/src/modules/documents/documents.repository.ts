import type { Insertable } from 'kysely';
import type { CampaignRulesRow } from '../../platform/db/schema.js';
import type { FilingIntegrityTable } from '../../platform/db/schema-notifications.js';
import type { DbOrTx } from '../../platform/db/database.js';

/** What a 备案回执 states beyond the filing itself: the call, its validity years, how the notice ended. */
export async function receiptFacts(db: DbOrTx, itemId: string): Promise<{ docNumber: string; title: string; validityYears: number; objectionDismissed: boolean }> {
  const r = await db
    .selectFrom('application_items as i')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
    .select((eb) => [
      'c.doc_number', 'c.title', 'c.rules',
      eb.exists(eb.selectFrom('objections as o').select('o.id').whereRef('o.application_item_id', '=', 'i.id').where('o.status', '=', 'dismissed')).as('dismissed'),
    ])
    .where('i.id', '=', itemId)
    .executeTakeFirstOrThrow();
  return { docNumber: r.doc_number, title: r.title, validityYears: (r.rules as CampaignRulesRow).filingValidityYears, objectionDismissed: !!r.dismissed };
}

export async function districts(db: DbOrTx) {
  return db.selectFrom('districts').selectAll().execute();
}

export async function campaignTitle(db: DbOrTx, campaignId: string): Promise<{ doc_number: string; title: string }> {
  return db.selectFrom('campaigns').select(['doc_number', 'title']).where('id', '=', campaignId).executeTakeFirstOrThrow();
}

export async function username(db: DbOrTx, userId: string): Promise<{ username: string } | undefined> {
  return db.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirst();
}

/** What a filing's SM3 snapshot is made of (integrity.service.ts): the filing with its application, items, sites and live materials. */
export async function snapshotRows(db: DbOrTx, receiptNo: string) {
  const f = await db
    .selectFrom('filings as f')
    .innerJoin('application_items as fi', 'fi.id', 'f.application_item_id')
    .innerJoin('campaign_items as fci', 'fci.id', 'fi.campaign_item_id')
    .innerJoin('applications as a', 'a.id', 'fi.application_id')
    .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .select([
      'f.receipt_no', 'f.filed_on', 'f.valid_until', 'fci.seq as item_seq', 'a.id as application_id', 'a.submitted_at', 'a.industry_authority', 'c.doc_number',
      'o.name', 'o.uscc', 'o.legal_form', 'o.district', 'o.address', 'o.legal_representative',
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
