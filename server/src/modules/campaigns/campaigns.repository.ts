import { sql } from 'kysely';
import type { Db, DbOrTx, Tx } from '../../platform/db/database.js';
import type { CampaignItemsTable, CampaignRulesRow } from '../../platform/db/schema.js';

export type CampaignRow = { id: string; doc_number: string; title: string; opens_at: Date; closes_at: Date; rules: CampaignRulesRow };
export type CampaignItemValues = Omit<CampaignItemsTable, 'id' | 'campaign_id' | 'seq'>;

export function listCampaigns(db: Db): Promise<CampaignRow[]> {
  return db.selectFrom('campaigns').selectAll().orderBy('opens_at', 'desc').execute();
}

export function findCampaign(db: DbOrTx, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The campaign row locked: catalogue edits and window changes of one call are serialised. */
export function lockCampaign(tx: Tx, id: string): Promise<CampaignRow | undefined> {
  return tx.selectFrom('campaigns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function insertCampaign(tx: Tx, v: { docNumber: string; title: string; opensAt: Date; closesAt: Date; rules: CampaignRulesRow }): Promise<CampaignRow> {
  return tx
    .insertInto('campaigns')
    .values({ doc_number: v.docNumber, title: v.title, opens_at: v.opensAt, closes_at: v.closesAt, rules: JSON.stringify(v.rules) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function setClosesAt(tx: Tx, id: string, closesAt: Date): Promise<CampaignRow> {
  return tx.updateTable('campaigns').set({ closes_at: closesAt }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function listItems(db: DbOrTx, campaignId: string) {
  return db.selectFrom('campaign_items').selectAll().where('campaign_id', '=', campaignId).orderBy('seq').execute();
}
export type CampaignItemRow = Awaited<ReturnType<typeof listItems>>[number];

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
        campaign_id: campaignId,
        seq: i.seq,
        name: i.name,
        occupation: i.occupation,
        work_type: i.work_type,
        kind: i.kind,
        levels: i.levels,
        occupation_code: i.occupation_code,
        official_name: i.official_name,
        aliases: i.aliases,
      })),
    )
    .execute();
  return items.length;
}

/** An item added to the call takes the next 序号 after the printed ones (the campaign row is locked by the caller). */
export function insertItem(tx: Tx, campaignId: string, v: CampaignItemValues): Promise<CampaignItemRow> {
  return tx
    .insertInto('campaign_items')
    .values({
      ...v,
      campaign_id: campaignId,
      seq: sql<number>`(SELECT coalesce(max(seq), 0) + 1 FROM campaign_items WHERE campaign_id = ${campaignId})`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findItem(tx: Tx, campaignId: string, itemId: string): Promise<CampaignItemRow | undefined> {
  return tx.selectFrom('campaign_items').selectAll().where('campaign_id', '=', campaignId).where('id', '=', itemId).executeTakeFirst();
}

export function updateItem(tx: Tx, itemId: string, v: Partial<CampaignItemValues>): Promise<CampaignItemRow> {
  return tx.updateTable('campaign_items').set(v).where('id', '=', itemId).returningAll().executeTakeFirstOrThrow();
}

export async function deleteItem(tx: Tx, itemId: string): Promise<void> {
  await tx.deleteFrom('campaign_items').where('id', '=', itemId).execute();
}

/** Which applications (drafts, before the window opens) chose the item, and which levels they chose. */
export async function itemUsage(tx: Tx, itemId: string): Promise<{ drafts: number; levels: number[] }> {
  const { rows } = await sql<{ drafts: number; levels: number[] }>`
    SELECT count(DISTINCT ai.application_id)::int AS drafts,
           ARRAY(SELECT DISTINCT l FROM application_items x, unnest(x.levels) AS l WHERE x.campaign_item_id = ${itemId} ORDER BY l DESC) AS levels
    FROM application_items ai WHERE ai.campaign_item_id = ${itemId}`.execute(tx);
  return rows[0] ?? { drafts: 0, levels: [] };
}
