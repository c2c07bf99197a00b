import type { DbOrTx } from '../../platform/db/database.js';

/**
 * A campaign's items are a frozen copy of the catalogue as it stands when the campaign is created
 * (附件注: names and levels follow the classification; a running call never changes under its applicants).
 * Returns how many items were copied.
 */
export async function copyCatalogueToCampaign(db: DbOrTx, campaignId: string, seqs?: readonly number[]): Promise<number> {
  let q = db.selectFrom('catalogue_items').selectAll();
  if (seqs) q = q.where('seq', 'in', [...seqs]);
  const items = await q.orderBy('seq').execute();
  if (items.length === 0) return 0;
  await db
    .insertInto('campaign_items')
    .values(
      items.map((i) => ({
        campaign_id: campaignId, seq: i.seq, name: i.name, occupation: i.occupation, work_type: i.work_type, kind: i.kind,
        levels: i.levels, occupation_code: i.occupation_code, official_name: i.official_name, aliases: i.aliases,
      })),
    )
    .execute();
  return items.length;
}
