import type { ColumnType, Generated } from 'kysely';
import type { FilingEventType, FilingStatus, ObjectionStatus, PublicityStatus } from '../../../../contract/enums.js';
import type { Timestamp, DateCol } from './schema-columns.js';

/** Kysely's view of the public notice (公示) and its objections, then the filings (备案) it leads to: receipts, their events and the national report batches (migrations/*.sql). */
export interface PublicitiesTable {
  id: Generated<string>;
  title: string;
  starts_on: DateCol;
  ends_on: DateCol;
  status: PublicityStatus;
  created_by: string;
  created_at: Timestamp;
}
export interface PublicityItemsTable {
  publicity_id: string;
  application_item_id: string;
}
export interface ObjectionsTable {
  id: Generated<string>;
  reference: string;
  publicity_id: string;
  application_item_id: string;
  name: string;
  phone: string;
  content: string;
  status: Generated<ObjectionStatus>;
  reason: string | null;
  created_at: Timestamp;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  ip: string | null;
}
export interface ReceiptCountersTable {
  year: number;
  last: number;
}
export interface FilingsTable {
  receipt_no: string;
  application_item_id: string;
  organization_id: string;
  filed_on: DateCol;
  valid_until: DateCol;
  status: FilingStatus;
  revoked_at: Timestamp | null;
  revoke_reason: string | null;
  created_at: Timestamp;
  suspended_at: Timestamp | null;
  suspend_reason: string | null;
  report_batch_id: string | null;
  reported_at: Timestamp | null;
}
export interface FilingEventsTable {
  id: ColumnType<string, never, never>;
  receipt_no: string;
  type: FilingEventType;
  leaf: string;
  at: Timestamp;
  mac: string;
}
export interface NationalReportBatchesTable {
  id: Generated<string>;
  from_date: DateCol;
  to_date: DateCol;
  created_at: Timestamp;
  created_by: string | null;
  filing_count: number;
}

export interface FilingTables {
  publicities: PublicitiesTable;
  publicity_items: PublicityItemsTable;
  objections: ObjectionsTable;
  receipt_counters: ReceiptCountersTable;
  filings: FilingsTable;
  filing_events: FilingEventsTable;
  national_report_batches: NationalReportBatchesTable;
}
