import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './schema-columns.js';

/** Kysely's view of the sealed audit log and the transparency log (queue, leaves, tree nodes, signed checkpoints) (migrations/*.sql). */
export interface AuditLogTable {
  seq: ColumnType<string, number | string | undefined, never>;
  at: Timestamp;
  business_at: Timestamp;
  actor_id: string | null;
  actor_role: string | null;
  actor_label: string;
  ip: string | null;
  request_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  result: Generated<string>;
  before: unknown;
  after: unknown;
  /** the SM3 chain of records written before the transparency log (migration 0010); null since */
  prev_hash: string | null;
  hash: string | null;
  /** `<key id>:<HMAC-SM3 of the leaf bytes>` (null only before 0010) */
  mac: string | null;
}
export interface AuditAnchorTable {
  id: number;
  seq: ColumnType<string, string, string>;
  hash: string;
  pruned_at: Timestamp;
}
export interface LogQueueTable {
  id: ColumnType<string, never, never>;
  kind: 'audit' | 'filing';
  ref: ColumnType<string, string | number, never>;
  rejected_at: Timestamp | null;
  rejected_reason: string | null;
}
export interface LogLeavesTable {
  leaf_index: ColumnType<string, string | number, never>;
  kind: 'audit' | 'filing';
  ref: ColumnType<string, string | number, never>;
  leaf_hash: Buffer;
  sm3: string;
  integrated_at: Timestamp;
}
export interface LogNodesTable {
  level: number;
  idx: ColumnType<string, string | number, never>;
  hash: Buffer;
}
export interface LogCheckpointsTable {
  tree_size: ColumnType<string, string | number, never>;
  root_hash: Buffer;
  note: string;
  signed_at: Timestamp;
}

export interface LogTables {
  audit_log: AuditLogTable;
  audit_anchor: AuditAnchorTable;
  log_queue: LogQueueTable;
  log_leaves: LogLeavesTable;
  log_nodes: LogNodesTable;
  log_checkpoints: LogCheckpointsTable;
  log_adoption: { receipt_no: string };
}
