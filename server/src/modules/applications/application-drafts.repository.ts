import type { Insertable, Updateable } from 'kysely';
import type { z } from 'zod';
import type { applicationInput } from '../../../../contract/applications.js';
import type { DbOrTx, Tx } from '../../platform/db/database.js';
import type { ApplicationsTable } from '../../platform/db/schema.js';

/**
 * The SQL of an application as its applicant writes it (POST and PATCH /applications): the call it
 * belongs to, the catalogue items and districts it may choose, its row, items and sites.
 */

type ItemInput = z.infer<typeof applicationInput>['items'];
type SiteInput = z.infer<typeof applicationInput>['sites'];

export function findCampaign(tx: Tx, campaignId: string) {
  return tx.selectFrom('campaigns').select(['id', 'closes_at']).where('id', '=', campaignId).executeTakeFirst();
}

/** The organisation's application in this call, if it has one (one per organisation and call). */
export function findApplicationOf(tx: Tx, campaignId: string, organizationId: string) {
  return tx.selectFrom('applications').select('id').where('campaign_id', '=', campaignId).where('organization_id', '=', organizationId).executeTakeFirst();
}

/** These catalogue items of the call (those that are in it). */
export function campaignItems(tx: Tx, campaignId: string, ids: readonly string[]) {
  return tx.selectFrom('campaign_items').select(['id', 'name', 'levels', 'kind']).where('campaign_id', '=', campaignId).where('id', 'in', ids).execute();
}

/** Which of these district codes are districts of the city. */
export async function knownDistricts(tx: Tx, codes: readonly string[]): Promise<Set<string>> {
  const rows = await tx.selectFrom('districts').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}

/** Every district, code → name (for the words of the checklist). */
export async function districtNames(db: DbOrTx): Promise<Map<string, string>> {
  const rows = await db.selectFrom('districts').selectAll().execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function insertApplication(tx: Tx, values: Insertable<ApplicationsTable>): Promise<string> {
  const row = await tx.insertInto('applications').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateApplication(tx: Tx, id: string, set: Updateable<ApplicationsTable>): Promise<void> {
  await tx.updateTable('applications').set(set).where('id', '=', id).execute();
}

/** Names of catalogue items of a campaign, by id (for the words of a refusal). */
export async function catalogueItemNames(tx: Tx, campaignId: string, ids: string[]): Promise<Map<string, string>> {
  const rows = await tx.selectFrom('campaign_items').select(['id', 'name']).where('campaign_id', '=', campaignId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Replaces the item and site lists; kept items keep their id (and their sample papers). */
export async function replaceItemsAndSites(
  tx: Tx,
  applicationId: string,
  items: ItemInput,
  sites: SiteInput,
  opts: { replaceItems: boolean; replaceSites: boolean },
) {
  if (opts.replaceItems) {
    const existing = await tx.selectFrom('application_items').select(['id', 'campaign_item_id']).where('application_id', '=', applicationId).execute();
    const keep = new Set(items.map((i) => i.itemId));
    const gone = existing.filter((e) => !keep.has(e.campaign_item_id)).map((e) => e.id);
    if (gone.length) {
      await tx.updateTable('materials').set({ deleted_at: new Date() }).where('item_id', 'in', gone).where('deleted_at', 'is', null).execute();
      await tx.deleteFrom('application_items').where('id', 'in', gone).execute();
    }
    for (const [position, it] of items.entries()) {
      const levels = [...it.levels].sort((a, b) => b - a);
      const found = existing.find((e) => e.campaign_item_id === it.itemId);
      if (found) await tx.updateTable('application_items').set({ levels, position }).where('id', '=', found.id).execute();
      else await tx.insertInto('application_items').values({ application_id: applicationId, campaign_item_id: it.itemId, levels, position }).execute();
    }
  }
  if (opts.replaceSites) {
    await tx.deleteFrom('sites').where('application_id', '=', applicationId).execute();
    if (sites.length) {
      await tx
        .insertInto('sites')
        .values(sites.map((s, position) => ({ application_id: applicationId, name: s.name, address: s.address, district: s.district, position })))
        .execute();
    }
  }
}
