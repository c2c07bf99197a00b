import { CompiledQuery, sql, type Insertable } from 'kysely';
import type { DbOrTx, Tx } from '../../platform/db/database.js';
import type { MaterialsTable } from '../../platform/db/schema.js';

/**
 * An upload's writes as ONE statement without a transaction (decision 0020's guard, decision 0009's
 * surge addendum): claim the upload (its `blob_uploads` row: the promotion of decision 0004), insert
 * the material (its id chosen by the caller) and its sealed audit record, and bump the application's
 * version — only where it is still the version the upload's checks read, and only when the claim found
 * its row. Otherwise `app_write_conflict()` raises 40001 and nothing is written: the caller reads
 * again, and tells the two apart by the version (unchanged: the upload was reclaimed by the cleanup).
 *
 * A fixed text per shape of the two rows (their columns), built once and prepared per connection
 * (platform/db/prepared.ts): building it with Kysely on every upload was a tenth of the node's
 * JavaScript time in the surge.
 */
export async function writeUploadedMaterial(
  db: DbOrTx,
  uploadKey: string,
  material: Insertable<MaterialsTable> & { id: string; application_id: string; uploaded_at: Date },
  audit: Record<string, unknown>,
  expectedVersion: number,
): Promise<void> {
  const mCols = Object.keys(material) as (keyof typeof material)[];
  const aCols = Object.keys(audit);
  const shape = `${mCols.join()}|${aCols.join()}`;
  let text = uploadWriteTexts.get(shape);
  if (!text) {
    const col = (c: string) => `"${c.replace(/"/g, '""')}"`;
    const m = mCols.map((_, i) => `$${2 + i}`);
    const a = aCols.map((_, i) => `$${2 + mCols.length + i}`);
    const at = (c: keyof typeof material) => m[mCols.indexOf(c)]!;
    text =
      `WITH claim AS (DELETE FROM blob_uploads WHERE key = $1 RETURNING key), ` +
      `m AS (INSERT INTO materials (${mCols.map(col).join(', ')}) VALUES (${m.join(', ')})), ` +
      `au AS (INSERT INTO audit_log (${aCols.map(col).join(', ')}) VALUES (${a.join(', ')})), ` +
      `app AS (UPDATE applications SET version = version + 1, updated_at = ${at('uploaded_at')} ` +
      `WHERE id = ${at('application_id')} AND version = $${2 + mCols.length + aCols.length} AND EXISTS (SELECT 1 FROM claim) RETURNING id) ` +
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM app) THEN 1 ELSE app_write_conflict('application') END AS ok`;
    uploadWriteTexts.set(shape, text);
  }
  await db.executeQuery(CompiledQuery.raw(text, [uploadKey, ...mCols.map((c) => material[c]), ...aCols.map((c) => audit[c]), expectedVersion]));
}
const uploadWriteTexts = new Map<string, string>();

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
