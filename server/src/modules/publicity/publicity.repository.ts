import { sql, type Insertable } from 'kysely';
import type { ObjectionStatus } from '../../../../contract/enums.js';
import type { DbOrTx, Tx } from '../../platform/db/database.js';
import { containing } from '../../platform/db/like.js';
import type { ObjectionsTable } from '../../platform/db/schema.js';

/** The public notices' SQL (三(五)): notices, their items, objections, and the item states a notice settles. */

export interface PublicityRow {
  id: string;
  title: string;
  starts_on: string;
  ends_on: string;
  status: string;
}

export async function findPublicity(db: DbOrTx, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('publicities').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Notices still open or ended on `since` or later, the newest first. */
export function publicitiesEndingSince(db: DbOrTx, since: string) {
  return db.selectFrom('publicities').selectAll().where('ends_on', '>=', since).orderBy('starts_on', 'desc').execute();
}

export function latestPublicities(db: DbOrTx, limit: number) {
  return db.selectFrom('publicities').selectAll().orderBy('starts_on', 'desc').limit(limit).execute();
}

/** The items of these notices with their organisation, by organisation name and catalogue order. */
export function itemsOfPublicities(db: DbOrTx, publicityIds: readonly string[]) {
  return db
    .selectFrom('publicity_items as pi')
    .innerJoin('application_items as i', 'i.id', 'pi.application_item_id')
    .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .select(['pi.publicity_id', 'i.id', 'i.status', 'i.levels', 'i.application_id', 'ci.name', 'ci.seq', 'o.id as org_id', 'o.name as org_name', 'o.uscc'])
    .where('pi.publicity_id', 'in', publicityIds)
    .orderBy('o.name')
    .orderBy('ci.seq')
    .execute();
}

/** The application of each of these items (those that exist). */
export function applicationsOfItems(tx: Tx, itemIds: readonly string[]) {
  return tx.selectFrom('application_items').select(['id', 'application_id']).where('id', 'in', itemIds).execute();
}

export async function applicationOfItem(tx: Tx, itemId: string): Promise<string> {
  const r = await tx.selectFrom('application_items').select('application_id').where('id', '=', itemId).executeTakeFirstOrThrow();
  return r.application_id;
}

/** Items proposed for a notice: their state, catalogue name and their call's rules. */
export async function itemsToPublish(tx: Tx, itemIds: readonly string[]) {
  const rows = await tx
    .selectFrom('application_items as i')
    .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
    .select(['i.id', 'i.status', 'i.application_id', 'ci.name', 'c.rules'])
    .where('i.id', 'in', itemIds)
    .execute();
  return rows.map((r) => ({ ...r, rules: r.rules }));
}

/** A new notice with its items, which are now 公示中. */
export async function insertPublicity(tx: Tx, p: { title: string; startsOn: string; endsOn: string; createdBy: string; at: Date; itemIds: readonly string[] }) {
  const row = await tx
    .insertInto('publicities')
    .values({ title: p.title, starts_on: p.startsOn, ends_on: p.endsOn, status: 'open', created_by: p.createdBy, created_at: p.at })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('publicity_items')
    .values(p.itemIds.map((id) => ({ publicity_id: row.id, application_item_id: id })))
    .execute();
  await tx.updateTable('application_items').set({ status: 'in_publicity' }).where('id', 'in', p.itemIds).execute();
  return row;
}

export async function insertPublicityDeadline(tx: Tx, publicityId: string, dueAt: Date): Promise<void> {
  await tx.insertInto('deadlines').values({ kind: 'publicity_end', subject_id: publicityId, due_at: dueAt }).execute();
}

export async function isOnPublicity(tx: Tx, publicityId: string, itemId: string): Promise<boolean> {
  const r = await tx
    .selectFrom('publicity_items')
    .select('application_item_id')
    .where('publicity_id', '=', publicityId)
    .where('application_item_id', '=', itemId)
    .executeTakeFirst();
  return !!r;
}

export function insertObjection(tx: Tx, values: Insertable<ObjectionsTable>) {
  return tx.insertInto('objections').values(values).returning(['id', 'reference']).executeTakeFirstOrThrow();
}

/**
 * One page of objections with their organisation and item names, and how many match in all: the
 * pending ones oldest first (the order they are worked off), any other list newest first.
 */
export async function listObjectionRows(db: DbOrTx, q: { status?: ObjectionStatus; q?: string; id?: string; page: number; pageSize: number }) {
  let base = db
    .selectFrom('objections as ob')
    .innerJoin('application_items as i', 'i.id', 'ob.application_item_id')
    .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id');
  if (q.status) base = base.where('ob.status', '=', q.status);
  if (q.id) base = base.where('ob.id', '=', q.id);
  if (q.q) {
    const like = containing(q.q);
    base = base.where((eb) => eb.or([eb('ob.reference', 'ilike', like), eb('o.name', 'like', like), eb('ci.name', 'like', like)]));
  }
  const [rows, count] = await Promise.all([
    base
      .selectAll('ob')
      .select(['o.name as org_name', 'ci.name as item_name'])
      .orderBy('ob.created_at', q.status === 'pending' ? 'asc' : 'desc')
      .orderBy('ob.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findObjection(tx: Tx, id: string, opts: { forUpdate?: boolean } = {}) {
  let q = tx.selectFrom('objections').selectAll().where('id', '=', id);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function resolveObjection(tx: Tx, id: string, r: { decision: 'upheld' | 'dismissed'; reason: string; at: Date; by: string }): Promise<void> {
  await tx.updateTable('objections').set({ status: r.decision, reason: r.reason, resolved_at: r.at, resolved_by: r.by }).where('id', '=', id).execute();
}

/** The objections to each of `itemIds` (what decides whether an item is filed once its notice ended) — one statement. */
export async function objectionsOfItems(tx: Tx, itemIds: readonly string[]) {
  const out = new Map<string, { status: ObjectionStatus; resolvedAt: Date | null }[]>();
  if (itemIds.length === 0) return out;
  const rows = await tx
    .selectFrom('objections')
    .select(['application_item_id', 'status', 'resolved_at'])
    .where(sql<boolean>`application_item_id = any(${itemIds}::uuid[])`)
    .execute();
  for (const o of rows) {
    const list = out.get(o.application_item_id) ?? [];
    list.push({ status: o.status, resolvedAt: o.resolved_at ? new Date(o.resolved_at) : null });
    out.set(o.application_item_id, list);
  }
  return out;
}

/**
 * The items of a notice and their applications, in the order the notice lists them (organisation,
 * then catalogue number) — the order their receipts are numbered in when the notice ends.
 */
export function membersOf(tx: Tx, publicityId: string) {
  return tx
    .selectFrom('publicity_items as pi')
    .innerJoin('application_items as i', 'i.id', 'pi.application_item_id')
    .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .select(['i.id', 'i.application_id'])
    .where('pi.publicity_id', '=', publicityId)
    .orderBy('o.name')
    .orderBy('ci.seq')
    .orderBy('i.id')
    .execute();
}

export function itemStates(tx: Tx, itemIds: readonly string[]) {
  return tx
    .selectFrom('application_items')
    .select(['id', 'status', 'application_id'])
    .where(sql<boolean>`id = any(${itemIds}::uuid[])`)
    .orderBy(sql`array_position(${itemIds}::uuid[], id)`)
    .execute();
}

export async function setItemObjectionUpheld(tx: Tx, itemId: string): Promise<void> {
  await tx.updateTable('application_items').set({ status: 'objection_upheld' }).where('id', '=', itemId).execute();
}

export async function closePublicity(tx: Tx, publicityId: string): Promise<void> {
  await tx.updateTable('publicities').set({ status: 'closed' }).where('id', '=', publicityId).execute();
}
