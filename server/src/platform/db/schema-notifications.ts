import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables of migrations/0003_notifications.sql (outbox, inbox, filing integrity). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTs = ColumnType<Date, Date | string | undefined, Date | string>;

export interface NotificationEventsTable {
  id: Generated<string>;
  kind: string;
  dedupe_key: string | null;
  title: string;
  body: string;
  link: string | null;
  entity_type: string | null;
  entity_id: string | null;
  created_at: Timestamp;
}
export interface NotificationsTable {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  event_id: string;
  user_id: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
}
export interface NotificationOutboxTable {
  id: Generated<string>;
  event_id: string;
  channel: 'email' | 'sms';
  address: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: GeneratedTs;
  last_error: string | null;
  sent_at: Timestamp | null;
  created_at: GeneratedTs;
}
export interface FilingIntegrityTable {
  receipt_no: string;
  algorithm: Generated<string>;
  snapshot: ColumnType<unknown, string, string>;
  snapshot_digest: string;
  materials: ColumnType<unknown, string, string>;
  materials_digest: string;
  computed_at: Timestamp;
  backfilled: Generated<boolean>;
}

export interface NotificationTables {
  notification_events: NotificationEventsTable;
  notifications: NotificationsTable;
  notification_outbox: NotificationOutboxTable;
  filing_integrity: FilingIntegrityTable;
}
