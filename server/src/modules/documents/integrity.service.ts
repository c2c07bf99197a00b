import { canonicalJson, sm3 } from '../../platform/audit/audit.js';
import type { DbOrTx, Tx } from '../../platform/db/database.js';
import { toShanghaiIso } from '../../workflow/time.js';

/**
 * SEC-14: a 备案回执 carries SM3 digests of what was filed — the submitted application (organisation,
 * items, sites, the filed item) and the manifest of its materials (each file's name, size and the
 * SHA-256 of its content, which the blob store checks on every download). They are fixed in the
 * filing's own transaction; verification recomputes both from the records as they are now, so a
 * record changed after filing shows up as a mismatch.
 */

export interface Integrity {
  algorithm: 'SM3';
  snapshotDigest: string;
  materialsDigest: string;
  recomputedSnapshotDigest: string;
  recomputedMaterialsDigest: string;
  intact: boolean;
  materialCount: number;
  computedAt: string;
}

export const digestOf = (value: unknown): string => sm3(canonicalJson(value));

/** The filed application as records hold it now (the same function at issue and at verification). */
export async function filingSnapshot(db: DbOrTx, receiptNo: string) {
  const f = await db
    .selectFrom('filings as f')
    .innerJoin('application_items as fi', 'fi.id', 'f.application_item_id')
    .innerJoin('campaign_items as fci', 'fci.id', 'fi.campaign_item_id')
    .innerJoin('applications as a', 'a.id', 'fi.application_id')
    .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .select([
      'f.receipt_no', 'f.filed_on', 'f.valid_until', 'fci.seq as item_seq', 'a.id as application_id', 'a.submitted_at', 'a.industry_authority', 'c.doc_number',
      'o.name', 'o.uscc', 'o.legal_form', 'o.district', 'o.address', 'o.legal_representative',
    ])
    .where('f.receipt_no', '=', receiptNo)
    .executeTakeFirst();
  if (!f) return null;
  const [items, sites, materials] = await Promise.all([
    db
      .selectFrom('application_items as i')
      .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
      .select(['i.id', 'ci.seq', 'ci.name', 'ci.occupation_code', 'i.levels'])
      .where('i.application_id', '=', f.application_id)
      .orderBy('i.position')
      .execute(),
    db.selectFrom('sites').select(['name', 'address', 'district']).where('application_id', '=', f.application_id).orderBy('position').execute(),
    db
      .selectFrom('materials')
      .select(['id', 'kind', 'item_id', 'file_name', 'size', 'sha256'])
      .where('application_id', '=', f.application_id)
      .where('deleted_at', 'is', null)
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute(),
  ]);
  const seqOf = new Map(items.map((i) => [i.id, i.seq]));
  const snapshot = {
    campaign: { docNumber: f.doc_number },
    application: { id: f.application_id, submittedAt: f.submitted_at ? toShanghaiIso(new Date(f.submitted_at)) : null, industryAuthority: f.industry_authority },
    organization: { name: f.name, uscc: f.uscc, legalForm: f.legal_form, district: f.district, address: f.address, legalRepresentative: f.legal_representative },
    items: items.map((i) => ({ seq: i.seq, name: i.name, occupationCode: i.occupation_code, levels: i.levels })),
    sites: sites.map((s) => ({ name: s.name, address: s.address, district: s.district })),
    filing: { receiptNo: f.receipt_no, itemSeq: f.item_seq, filedOn: f.filed_on, validUntil: f.valid_until },
  };
  const manifest = materials.map((m) => ({
    id: m.id, kind: m.kind, itemSeq: m.item_id ? seqOf.get(m.item_id) ?? null : null, fileName: m.file_name, size: Number(m.size), sha256: m.sha256,
  }));
  return { snapshot, manifest };
}

/** Fixes the digests of a filing — called in the transaction that issues it; returns them for its audit record. */
export async function recordFilingIntegrity(tx: Tx, receiptNo: string, at: Date, backfilled = false): Promise<{ snapshotDigest: string; materialsDigest: string }> {
  const s = await filingSnapshot(tx, receiptNo);
  if (!s) throw new Error(`filing ${receiptNo} not found for its digests`);
  const digests = { snapshotDigest: digestOf(s.snapshot), materialsDigest: digestOf(s.manifest) };
  await tx
    .insertInto('filing_integrity')
    .values({
      receipt_no: receiptNo, snapshot: JSON.stringify(s.snapshot), snapshot_digest: digests.snapshotDigest,
      materials: JSON.stringify(s.manifest), materials_digest: digests.materialsDigest, computed_at: at, backfilled,
    })
    .execute();
  return digests;
}

/**
 * The digests fixed at issuance and the ones recomputed now; null when none were fixed — a
 * baseline is never made on a read (it would vouch for whatever the records hold at that moment).
 */
export async function filingIntegrity(db: DbOrTx, receiptNo: string): Promise<Integrity | null> {
  const row = await db.selectFrom('filing_integrity').selectAll().where('receipt_no', '=', receiptNo).executeTakeFirst();
  if (!row) return null;
  const s = await filingSnapshot(db, receiptNo);
  if (!s) return null;
  const recomputedSnapshotDigest = digestOf(s.snapshot);
  const recomputedMaterialsDigest = digestOf(s.manifest);
  return {
    algorithm: 'SM3',
    snapshotDigest: row.snapshot_digest,
    materialsDigest: row.materials_digest,
    recomputedSnapshotDigest,
    recomputedMaterialsDigest,
    intact: recomputedSnapshotDigest === row.snapshot_digest && recomputedMaterialsDigest === row.materials_digest,
    materialCount: s.manifest.length,
    computedAt: toShanghaiIso(new Date(row.computed_at)),
  };
}
