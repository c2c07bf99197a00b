import { canonicalJson, sm3 } from '../../platform/audit/audit.js';
import type { DbOrTx, Tx } from '../../platform/db/database.js';
import { toShanghaiIso } from '../../workflow/time.js';
import { insertIntegrityMany, integrityRow, snapshotRows, snapshotRowsMany, type SnapshotRows } from './filing-integrity.repository.js';

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
  const rows = await snapshotRows(db, receiptNo);
  return rows ? snapshotOf(rows) : null;
}

function snapshotOf({ f, items, sites, materials }: SnapshotRows) {
  const seqOf = new Map(items.map((i) => [i.id, i.seq]));
  const snapshot = {
    campaign: { docNumber: f.doc_number },
    application: {
      id: f.application_id,
      submittedAt: f.submitted_at ? toShanghaiIso(new Date(f.submitted_at)) : null,
      industryAuthority: f.industry_authority,
    },
    organization: {
      name: f.name,
      uscc: f.uscc,
      legalForm: f.legal_form,
      district: f.district,
      address: f.address,
      legalRepresentative: f.legal_representative,
    },
    items: items.map((i) => ({ seq: i.seq, name: i.name, occupationCode: i.occupation_code, levels: i.levels })),
    sites: sites.map((s) => ({ name: s.name, address: s.address, district: s.district })),
    filing: { receiptNo: f.receipt_no, itemSeq: f.item_seq, filedOn: f.filed_on, validUntil: f.valid_until },
  };
  const manifest = materials.map((m) => ({
    id: m.id,
    kind: m.kind,
    itemSeq: m.item_id ? (seqOf.get(m.item_id) ?? null) : null,
    fileName: m.file_name,
    size: Number(m.size),
    sha256: m.sha256,
  }));
  return { snapshot, manifest };
}

/** Fixes the digests of a filing — adopting a filing kept before the log (`backfilled`); returns them for its audit record. */
export async function recordFilingIntegrity(
  tx: Tx,
  receiptNo: string,
  at: Date,
  backfilled = false,
): Promise<{ snapshotDigest: string; materialsDigest: string }> {
  return (await recordFilingIntegrityMany(tx, [receiptNo], at, backfilled)).get(receiptNo)!;
}

/**
 * Fixes the digests of filings in the transaction that issues them — five statements for any number
 * (a public notice's end files its items at once); returns them by receipt for their audit records.
 */
export async function recordFilingIntegrityMany(
  tx: Tx,
  receiptNos: readonly string[],
  at: Date,
  backfilled = false,
): Promise<Map<string, { snapshotDigest: string; materialsDigest: string }>> {
  const all = await snapshotRowsMany(tx, receiptNos);
  const out = new Map<string, { snapshotDigest: string; materialsDigest: string }>();
  const rows = receiptNos.map((receiptNo) => {
    const r = all.get(receiptNo);
    if (!r) throw new Error(`filing ${receiptNo} not found for its digests`);
    const s = snapshotOf(r);
    const digests = { snapshotDigest: digestOf(s.snapshot), materialsDigest: digestOf(s.manifest) };
    out.set(receiptNo, digests);
    return {
      receipt_no: receiptNo,
      snapshot: JSON.stringify(s.snapshot),
      snapshot_digest: digests.snapshotDigest,
      materials: JSON.stringify(s.manifest),
      materials_digest: digests.materialsDigest,
      computed_at: at,
      backfilled,
    };
  });
  await insertIntegrityMany(tx, rows);
  return out;
}

/**
 * The digests fixed at issuance and the ones recomputed now; null when none were fixed — a
 * baseline is never made on a read (it would vouch for whatever the records hold at that moment).
 */
export async function filingIntegrity(db: DbOrTx, receiptNo: string): Promise<Integrity | null> {
  const row = await integrityRow(db, receiptNo);
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
