import { sql, type Insertable } from 'kysely';
import type { DbOrTx, Tx } from '../../platform/db/database.js';
import type { MaterialsTable } from '../../platform/db/schema.js';

/**
 * Inserts the material, bumps its application's version and claims its upload — deletes the
 * `blob_uploads` row, which promotes the blob (decision 0004) — in one statement. Answers the new
 * material's id, or nothing when the upload was no longer there to claim (reclaimed by the cleanup):
 * the caller then fails, and its transaction rolls the insert back.
 */
export async function insertMaterial(tx: Tx, uploadKey: string, values: Insertable<MaterialsTable> & { uploaded_at: Date }): Promise<string | undefined> {
  const row = await tx
    .with('claimed', (db) => db.deleteFrom('blob_uploads').where('key', '=', uploadKey).returning('key'))
    .with('m', (db) => db.insertInto('materials').values(values).returning('id'))
    .updateTable('applications')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: values.uploaded_at }))
    .where('id', '=', values.application_id)
    .returning((eb) => [eb.selectFrom('m').select('m.id').as('material_id'), eb.selectFrom('claimed').select('claimed.key').as('claimed')])
    .executeTakeFirstOrThrow();
  return row.claimed ? row.material_id! : undefined;
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
