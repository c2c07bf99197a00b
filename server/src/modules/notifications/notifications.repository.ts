import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db, DbOrTx, Tx } from '../../platform/db/database.js';
import { addWrite, type Writes } from '../../platform/db/one-statement.js';
import type { Message } from './notification-messages.js';

/** Who is told: an organisation's applicants (and its contact address), staff by role, scope or id. */
export type Audience = { organizationId: string } | { role: 'center' } | { authority: string } | { districts: string[] } | { userIds: string[] };

/** A message as its event row (the id made by the database unless given). */
function eventRow(m: Message, at: Date, id?: string) {
  return {
    ...(id ? { id } : {}),
    kind: m.kind,
    dedupe_key: m.dedupeKey ?? null,
    title: m.title,
    body: m.body,
    link: m.link ?? null,
    entity_type: m.entityType ?? null,
    entity_id: m.entityId ?? null,
    created_at: at,
  };
}

/** Inserts the event once; null when its dedupe key was already used (told before). */
export async function insertEvent(tx: Tx, m: Message, at: Date): Promise<string | null> {
  const row = await tx
    .insertInto('notification_events')
    .values(eventRow(m, at))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Several events in one insert; answers the id of each, or null where its dedupe key was used
 * before. Ids are made here, so what was inserted is known whatever order RETURNING gives.
 */
export async function insertEventsMany(tx: Tx, messages: readonly Message[], at: Date): Promise<(string | null)[]> {
  if (messages.length === 0) return [];
  const ids = messages.map(() => crypto.randomUUID());
  const rows = await tx
    .insertInto('notification_events')
    .values(messages.map((m, i) => eventRow(m, at, ids[i])))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .execute();
  const inserted = new Set(rows.map((r) => r.id));
  return ids.map((id) => (inserted.has(id) ? id : null));
}

/** The enabled applicant accounts of each organisation, and its contact address (one query each). */
export async function organizationsAudience(tx: Tx, organizationIds: readonly string[]) {
  const ids = [...new Set(organizationIds)];
  if (ids.length === 0)
    return { users: new Map<string, string[]>(), contacts: new Map<string, { contact_email: string | null; contact_phone: string | null }>() };
  const [users, contacts] = [
    await tx
      .selectFrom('users')
      .select(['id', 'organization_id'])
      .where('disabled', '=', false)
      .where('role', '=', 'applicant')
      .where('organization_id', 'in', ids)
      .execute(),
    await tx.selectFrom('organizations').select(['id', 'contact_email', 'contact_phone']).where('id', 'in', ids).execute(),
  ];
  const byOrg = new Map<string, string[]>();
  for (const u of users) byOrg.set(u.organization_id!, [...(byOrg.get(u.organization_id!) ?? []), u.id]);
  return { users: byOrg, contacts: new Map(contacts.map((c) => [c.id, c])) };
}

export async function addInboxMany(tx: Tx, rows: readonly { eventId: string; userId: string }[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('notifications')
    .values(rows.map((r) => ({ event_id: r.eventId, user_id: r.userId, created_at: at })))
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).doNothing())
    .execute();
}

export async function addOutboxMany(tx: Tx, rows: readonly { eventId: string; channel: 'email' | 'sms'; address: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('notification_outbox')
    .values(rows.map((r) => ({ event_id: r.eventId, channel: r.channel, address: r.address })))
    .onConflict((oc) => oc.columns(['event_id', 'channel', 'address']).doNothing())
    .execute();
}

/** What a message about a filing says. */
export interface FilingHeader {
  receipt_no: string;
  organization_id: string;
  valid_until: string;
  revoke_reason: string | null;
  suspend_reason: string | null;
  item_name: string;
}

/** The facts messages about filings need, for many receipts at once. */
export async function filingHeaders(tx: Tx, receiptNos: readonly string[]): Promise<FilingHeader[]> {
  if (receiptNos.length === 0) return [];
  return tx
    .selectFrom('filings as f')
    .innerJoin('application_items as i', 'i.id', 'f.application_item_id')
    .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
    .select(['f.receipt_no', 'f.organization_id', 'f.valid_until', 'f.revoke_reason', 'f.suspend_reason', 'ci.name as item_name'])
    .where('f.receipt_no', 'in', receiptNos)
    .execute();
}

/** The users an audience names (enabled accounts only). */
export async function usersOf(tx: Tx, a: Audience): Promise<string[]> {
  let q = tx.selectFrom('users').select('id').where('disabled', '=', false);
  if ('organizationId' in a) q = q.where('role', '=', 'applicant').where('organization_id', '=', a.organizationId);
  else if ('role' in a) q = q.where('role', '=', a.role);
  else if ('authority' in a) q = q.where('role', '=', 'industry_authority').where('authority', '=', a.authority);
  else if ('districts' in a) {
    if (a.districts.length === 0) return [];
    q = q.where('role', '=', 'district_hr').where('district', 'in', a.districts);
  } else {
    if (a.userIds.length === 0) return [];
    q = q.where('id', 'in', a.userIds);
  }
  return (await q.execute()).map((r) => r.id);
}

export async function addInbox(tx: Tx, eventId: string, userIds: string[], at: Date): Promise<void> {
  if (userIds.length === 0) return;
  await tx
    .insertInto('notifications')
    .values([...new Set(userIds)].map((u) => ({ event_id: eventId, user_id: u, created_at: at })))
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).doNothing())
    .execute();
}

/**
 * The same three writes as parts of a command's single statement (platform/db/one-statement.ts):
 * the events (ids made here; one whose dedupe key was used before is not inserted), then the inbox
 * rows and outbox rows of only those events that were — read from the events part's RETURNING.
 */
export function eventsPart(db: DbOrTx, w: Writes, messages: readonly { id: string; message: Message }[], at: Date): string {
  return addWrite(
    w,
    db
      .insertInto('notification_events')
      .values(messages.map(({ id, message }) => eventRow(message, at, id)))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id'),
  );
}

/** The enabled users an audience names, as SQL over `users u` (the same rules as usersOf). */
function audienceCondition(a: Audience) {
  if ('organizationId' in a) return sql<boolean>`u.role = 'applicant' AND u.organization_id = ${a.organizationId}::uuid`;
  if ('role' in a) return sql<boolean>`u.role = ${a.role}`;
  if ('authority' in a) return sql<boolean>`u.role = 'industry_authority' AND u.authority = ${a.authority}`;
  if ('districts' in a) return a.districts.length ? sql<boolean>`u.role = 'district_hr' AND u.district IN (${sql.join(a.districts)})` : sql<boolean>`false`;
  return a.userIds.length ? sql<boolean>`u.id IN (${sql.join(a.userIds.map((id) => sql`${id}::uuid`))})` : sql<boolean>`false`;
}

export function inboxPart(w: Writes, events: string, eventId: string, audiences: readonly Audience[], at: Date): void {
  if (audiences.length === 0) return;
  const who = sql.join(
    audiences.map((a) => sql`(${audienceCondition(a)})`),
    sql` OR `,
  );
  addWrite(
    w,
    sql`INSERT INTO notifications (event_id, user_id, created_at)
      SELECT e.id, u.id, ${at}::timestamptz FROM ${sql.table(events)} e JOIN users u ON NOT u.disabled AND (${who})
      WHERE e.id = ${eventId}::uuid
      ON CONFLICT (event_id, user_id) DO NOTHING`,
  );
}

export function outboxPart(w: Writes, events: string, rows: readonly { eventId: string; channel: 'email' | 'sms'; address: string }[]): void {
  if (rows.length === 0) return;
  const values = sql.join(rows.map((r) => sql`(${r.eventId}::uuid, ${r.channel}, ${r.address})`));
  addWrite(
    w,
    sql`INSERT INTO notification_outbox (event_id, channel, address)
      SELECT v.event_id, v.channel, v.address FROM (VALUES ${values}) AS v(event_id, channel, address)
      WHERE v.event_id IN (SELECT id FROM ${sql.table(events)})
      ON CONFLICT (event_id, channel, address) DO NOTHING`,
  );
}

/** The facts a message about an application needs. */
export async function applicationHeader(tx: Tx, applicationId: string) {
  return tx
    .selectFrom('applications as a')
    .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .select(['a.id', 'a.organization_id', 'a.recommendation_round', 'c.doc_number', 'o.name as org_name', 'o.contact_email', 'o.contact_phone'])
    .where('a.id', '=', applicationId)
    .executeTakeFirstOrThrow();
}

export async function itemHeader(tx: Tx, itemId: string) {
  return tx
    .selectFrom('application_items as i')
    .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
    .select(['i.id', 'i.application_id', 'ci.name'])
    .where('i.id', '=', itemId)
    .executeTakeFirstOrThrow();
}

// ---- reminders ---------------------------------------------------------------------------------

/**
 * Pending statutory deadlines close enough to remind of: a project evaluation within 30 days
 * (item still being evaluated), a filing within 90 days of its end (still active).
 */
export async function upcomingDeadlines(db: Db, now: Date) {
  const day = 86_400_000;
  const [projects, filings] = await Promise.all([
    db
      .selectFrom('deadlines as d')
      .innerJoin('application_items as i', (j) => j.on(sql<boolean>`i.id::text = d.subject_id`))
      .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
      .innerJoin('applications as a', 'a.id', 'i.application_id')
      .innerJoin('organizations as o', 'o.id', 'a.organization_id')
      .select([
        'd.subject_id',
        'd.due_at',
        'i.id as item_id',
        'i.application_id',
        'i.project_evaluation_due_on as due_on',
        'ci.name as item_name',
        'o.id as org_id',
        'o.name as org_name',
      ])
      .where('d.kind', '=', 'project_evaluation')
      .where('d.applied_at', 'is', null)
      .where('d.cancelled_at', 'is', null)
      .where('d.due_at', '>', now)
      .where('d.due_at', '<=', new Date(now.getTime() + 30 * day))
      .where('i.status', '=', 'project_evaluation')
      .execute(),
    db
      .selectFrom('deadlines as d')
      .innerJoin('filings as f', 'f.receipt_no', 'd.subject_id')
      .innerJoin('application_items as i', 'i.id', 'f.application_item_id')
      .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
      .innerJoin('organizations as o', 'o.id', 'f.organization_id')
      .select(['d.subject_id', 'd.due_at', 'f.valid_until', 'ci.name as item_name', 'o.id as org_id', 'o.name as org_name'])
      .where('d.kind', '=', 'filing_expiry')
      .where('d.applied_at', 'is', null)
      .where('d.cancelled_at', 'is', null)
      .where('d.due_at', '>', now)
      .where('d.due_at', '<=', new Date(now.getTime() + 90 * day))
      .where('f.status', '=', 'active')
      .execute(),
  ]);
  return { projects, filings };
}

export async function existingDedupeKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('notification_events')
    .select('dedupe_key')
    .where(sql<boolean>`dedupe_key = any(${keys}::text[])`)
    .execute();
  return new Set(rows.map((r) => r.dedupe_key!));
}

// ---- delivery ----------------------------------------------------------------------------------

/** The claim's read: due pending rows in claim order, locked, skipping another node's (exported for its plan's test). */
export function dueOutboxRows(db: DbOrTx, now: Date, limit: number) {
  return (
    db
      .selectFrom('notification_outbox as ob')
      .innerJoin('notification_events as e', 'e.id', 'ob.event_id')
      .select(['ob.id', 'ob.channel', 'ob.address', 'ob.attempts', 'e.title', 'e.body', 'e.link'])
      // a literal, not a parameter: the partial index (pending only, in claim order; migration 0022) fits every plan
      .where('ob.status', '=', sql.lit('pending'))
      .where('ob.next_attempt_at', '<=', now)
      .orderBy('ob.next_attempt_at')
      .orderBy('ob.id')
      .limit(limit)
      .forUpdate('ob')
      .skipLocked()
  );
}

/**
 * Claims due outbox rows for this node: FOR UPDATE SKIP LOCKED (another node's claim is skipped),
 * then leased by moving next_attempt_at past the lease — a node that dies mid-send leaves the row
 * to be picked up again once the lease runs out (at-least-once delivery).
 */
export async function claimOutbox(db: Db, now: Date, leaseMs: number, limit: number) {
  return db.transaction().execute(async (tx) => {
    const rows = await dueOutboxRows(tx, now, limit).execute();
    if (rows.length) {
      await tx
        .updateTable('notification_outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: new Date(now.getTime() + leaseMs) }))
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    }
    return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
  });
}

/** `sent` when a gateway took the message, `logged` when the driver only wrote it to the log. */
export async function markDelivered(db: Db, id: string, at: Date, status: 'sent' | 'logged'): Promise<void> {
  await db.updateTable('notification_outbox').set({ status, sent_at: at, last_error: null }).where('id', '=', id).execute();
}

export async function markFailedAttempt(db: Db, id: string, error: string, retryAt: Date | null): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set(retryAt ? { last_error: error.slice(0, 1000), next_attempt_at: retryAt } : { last_error: error.slice(0, 1000), status: 'failed' })
    .where('id', '=', id)
    .execute();
}

// ---- inbox ---------------------------------------------------------------------------------------

function inboxQuery(db: DbOrTx, userId: string) {
  return db.selectFrom('notifications as n').innerJoin('notification_events as e', 'e.id', 'n.event_id').where('n.user_id', '=', userId);
}

export async function listInbox(db: Db, userId: string, q: { unread?: boolean; page: number; pageSize: number }) {
  let base = inboxQuery(db, userId);
  if (q.unread) base = base.where('n.read_at', 'is', null);
  const [rows, total, unread] = await Promise.all([
    base
      .select(['n.id', 'n.created_at', 'n.read_at', 'e.kind', 'e.title', 'e.body', 'e.link', 'e.entity_type', 'e.entity_id'])
      .orderBy('n.created_at', 'desc')
      .orderBy('n.seq', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    inboxQuery(db, userId)
      .where('n.read_at', 'is', null)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n), unread: Number(unread.n) };
}

/** How many of the user's messages are unread (the inbox's `unread`). */
export async function countUnread(db: Db, userId: string): Promise<number> {
  const r = await inboxQuery(db, userId)
    .where('n.read_at', 'is', null)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function readOne(db: Db, userId: string, id: string) {
  return inboxQuery(db, userId)
    .select(['n.id', 'n.created_at', 'n.read_at', 'e.kind', 'e.title', 'e.body', 'e.link', 'e.entity_type', 'e.entity_id'])
    .where('n.id', '=', id)
    .executeTakeFirst();
}

export async function markRead(db: Db, userId: string, id: string | null, at: Date): Promise<number> {
  let q = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id) q = q.where('id', '=', id);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
