import { sql, type Insertable } from 'kysely';
import type { DbOrTx, Tx } from '../../platform/db/database.js';
import { addWrite, type Writes } from '../../platform/db/one-statement.js';
import type { MaterialsTable } from '../../platform/db/schema.js';

/**
 * Three writes of an upload as parts of ONE statement, without a transaction (platform/db/one-statement.ts,
 * decision 0020): claim the upload, insert the material (its id chosen by the caller, for the audit
 * record written in the same statement), and bump the application's version — only where it is still
 * the version the upload's checks read, and only when the claim found its row. Otherwise the
 * statement raises 40001 and writes nothing: the caller reads again, and tells the two apart by the
 * version (unchanged: the upload was reclaimed by the cleanup).
 */
export function materialWrites(
  db: DbOrTx,
  w: Writes,
  uploadKey: string,
  values: Insertable<MaterialsTable> & { id: string; uploaded_at: Date },
  expectedVersion: number,
): void {
  const claim = addWrite(w, db.deleteFrom('blob_uploads').where('key', '=', uploadKey).returning('key'));
  addWrite(w, db.insertInto('materials').values(values));
  w.guard = addWrite(
    w,
    db
      .updateTable('applications')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: values.uploaded_at }))
      .where('id', '=', values.application_id)
      .where('version', '=', expectedVersion)
      .where(sql<boolean>`exists (select 1 from ${sql.id(claim)})`)
      .returning('id'),
  );
}

export async function findLiveMaterial(db: DbOrTx, applicationId: string, materialId: string) {
  return db
    .selectFrom('materials')
    .selectAll()
    .where('id', '=', materialId)
    .where('application_id', '=', applicationId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Whether a recorded recommendation rests on this letter (a paper recommendation's scan, 四(一)2). */
export async function letterInUse(db: DbOrTx, materialId: string): Promise<boolean> {
  return !!(await db.selectFrom('recommendations').select('id').where('letter_material_id', '=', materialId).executeTakeFirst());
}

/** The role of the account that uploaded a material (an applicant's own, or the centre's scan). */
export async function uploaderRole(db: DbOrTx, userId: string): Promise<string | undefined> {
  return (await db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst())?.role;
}

/** Marks a material deleted (its file is kept: a deleted material stays on record) and bumps its application's version. */
export async function softDeleteMaterial(tx: Tx, applicationId: string, materialId: string, at: Date): Promise<void> {
  await tx.updateTable('materials').set({ deleted_at: at }).where('id', '=', materialId).execute();
  await tx
    .updateTable('applications')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: at }))
    .where('id', '=', applicationId)
    .execute();
}

/** How many of these stored keys no row references (materials, site photos, …: the blob_references view). */
export async function countUnreferenced(db: DbOrTx, keys: readonly string[]): Promise<number> {
  const r = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM unnest(${keys}::text[]) AS k(key) WHERE NOT EXISTS (SELECT 1 FROM blob_references r WHERE r.key = k.key)`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Uploads begun and neither committed nor cleaned up yet. */
export async function countPendingUploads(db: DbOrTx): Promise<number> {
  return Number(
    (
      await db
        .selectFrom('blob_uploads')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  );
}

export interface MaterialRecord {
  id: string;
  applicationId: string;
  kind: string;
  fileName: string;
  blobKey: string;
  size: number;
  sha256: string;
  deleted: boolean;
}

/** Every material ever stored (deleted ones too: their files are kept for the record), in pages. */
export async function* allMaterials(db: DbOrTx, opts: { applicationId?: string } = {}): AsyncIterable<MaterialRecord> {
  let after = '';
  for (;;) {
    let q = db
      .selectFrom('materials')
      .select(['id', 'application_id', 'kind', 'file_name', 'blob_key', 'size', 'sha256', 'deleted_at'])
      .where('blob_key', '>', after)
      .orderBy('blob_key')
      .limit(500);
    if (opts.applicationId) q = q.where('application_id', '=', opts.applicationId);
    const rows = await q.execute();
    for (const r of rows) {
      yield {
        id: r.id,
        applicationId: r.application_id,
        kind: r.kind,
        fileName: r.file_name,
        blobKey: r.blob_key,
        size: Number(r.size),
        sha256: r.sha256,
        deleted: r.deleted_at !== null,
      };
    }
    if (rows.length < 500) return;
    after = rows[rows.length - 1]!.blob_key;
  }
}
