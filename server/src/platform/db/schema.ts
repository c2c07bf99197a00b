import type { Insertable, Selectable } from 'kysely';
import type { ReferenceTables } from './schema-reference.js';
import type { AccountTables, UsersTable } from './schema-accounts.js';
import type { ApplicationTables } from './schema-applications.js';
import type { FilingTables } from './schema-filings.js';
import type { AuditLogTable, LogTables } from './schema-log.js';
import type { BlobTables } from './schema-blobs.js';
import type { NotificationTables } from './schema-notifications.js';

/**
 * Kysely's view of the tables of migrations/*.sql, one file per area; every table type is re-exported
 * from here, so a module imports `platform/db/schema.js` and need not know the split.
 */
export type * from './schema-reference.js';
export type * from './schema-accounts.js';
export type * from './schema-applications.js';
export type * from './schema-filings.js';
export type * from './schema-log.js';

export interface Database extends ReferenceTables, AccountTables, ApplicationTables, FilingTables, LogTables, NotificationTables, BlobTables {}

export type UserRow = Selectable<UsersTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
