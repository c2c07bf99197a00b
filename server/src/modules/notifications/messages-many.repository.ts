import { sql } from 'kysely';
import { addWrite, type Writes } from '../../platform/db/one-statement.js';
import type { Message } from './notification-messages.js';

/**
 * Many messages, each to one organisation, as parts of a single write statement (a sweep chunk of
 * filing expiries): the events, their inbox rows (the organisation's enabled applicant accounts,
 * resolved by the statement — the rules of `usersOf`) and their outbox rows. Every column travels as
 * an array (`unnest`), so the statement's text and its parameters do not grow with the set. As in
 * `eventsPart`, an event whose dedupe key was used before is not inserted, and neither are its
 * inbox and outbox rows (they read the events part's RETURNING).
 */
export function organizationMessagesWrite(
  w: Writes,
  told: readonly { id: string; organizationId: string; message: Message }[],
  outbox: readonly { eventId: string; channel: 'email' | 'sms'; address: string }[],
  at: Date,
): void {
  if (told.length === 0) return;
  const col = (f: (t: { id: string; organizationId: string; message: Message }) => string | null | undefined) => told.map((t) => f(t) ?? null);
  const events = addWrite(
    w,
    sql`INSERT INTO notification_events (id, kind, dedupe_key, title, body, link, entity_type, entity_id, created_at)
      SELECT t.id, t.kind, t.dedupe_key, t.title, t.body, t.link, t.entity_type, t.entity_id, ${at}::timestamptz
      FROM unnest(${col((t) => t.id)}::uuid[], ${col((t) => t.message.kind)}::text[], ${col((t) => t.message.dedupeKey)}::text[],
        ${col((t) => t.message.title)}::text[], ${col((t) => t.message.body)}::text[], ${col((t) => t.message.link)}::text[],
        ${col((t) => t.message.entityType)}::text[], ${col((t) => t.message.entityId)}::text[])
        AS t(id, kind, dedupe_key, title, body, link, entity_type, entity_id)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id`,
  );
  // fresh event ids: no inbox or outbox row can exist for them yet (no ON CONFLICT needed)
  addWrite(
    w,
    sql`INSERT INTO notifications (event_id, user_id, created_at)
      SELECT e.id, u.id, ${at}::timestamptz
      FROM unnest(${col((t) => t.id)}::uuid[], ${col((t) => t.organizationId)}::uuid[]) AS t(id, organization_id)
      JOIN ${sql.table(events)} e ON e.id = t.id
      JOIN users u ON u.organization_id = t.organization_id AND u.role = 'applicant' AND NOT u.disabled`,
  );
  if (outbox.length === 0) return;
  addWrite(
    w,
    sql`INSERT INTO notification_outbox (event_id, channel, address)
      SELECT t.event_id, t.channel, t.address
      FROM unnest(${outbox.map((o) => o.eventId)}::uuid[], ${outbox.map((o) => o.channel)}::text[], ${outbox.map((o) => o.address)}::text[])
        AS t(event_id, channel, address)
      WHERE t.event_id IN (SELECT id FROM ${sql.table(events)})`,
  );
}
