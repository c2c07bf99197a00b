import type { ColumnType } from 'kysely';

/** Kysely's view of the tables of migrations/0002_blobs.sql (the blob commit protocol). */
type GeneratedTs = ColumnType<Date, Date | string | undefined, Date | string>;

export interface BlobUploadsTable {
  key: string;
  purpose: ColumnType<string, string | undefined, string>;
  started_at: GeneratedTs;
  touched_at: GeneratedTs;
}
export interface BlobReferencesView {
  key: string;
}

export interface BlobTables {
  blob_uploads: BlobUploadsTable;
  blob_references: BlobReferencesView;
}
