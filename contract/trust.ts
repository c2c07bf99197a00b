import { z } from 'zod';
import { FILING_CHECK_CODES } from './enums.js';

/**
 * The register's proofs (api-v1: "Trust: signed receipts and a transparency log"). Everything here is
 * public and checkable with the published keys alone: RFC 9162 proofs over SHA-256, checkpoints as
 * C2SP signed notes (Ed25519), receipts signed PAdES (ETSI.CAdES.detached).
 */

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

/** GET /public/keys — every key the register has published, current and retired, with its validity. */
export const publicKeysSchema = z
  .object({
    /** the certificates that sign 备案回执 PDFs (PEM), leaf first within each chain */
    receiptSigning: z.array(
      z.object({
        certificatePem: z.string(),
        subject: z.string(),
        sha256Fingerprint: z.string(),
        validFrom: z.string(),
        validUntil: z.string().nullable(),
        current: z.boolean(),
      }),
    ),
    /** the transparency log's verifier keys (C2SP signed-note vkey: `<name>+<hash>+<base64(0x01 ‖ key)>`) */
    log: z.array(
      z.object({
        origin: z.string(),
        verifierKey: z.string(),
        validFrom: z.string(),
        validUntil: z.string().nullable(),
        current: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'PublicKeys' });

/** GET /public/filings/:receiptNo/proof — the latest event of a filing, proven included under a signed checkpoint. */
export const filingProofSchema = z
  .object({
    /** the signed note text (C2SP tlog-checkpoint) the proof leads to */
    checkpoint: z.string(),
    treeSize: z.number().int(),
    leafIndex: z.number().int(),
    /** base64 of the leaf's bytes: the canonical JSON of the filing event's public facts */
    leaf: base64,
    /** base64 hashes from the leaf to the checkpoint's root (RFC 9162 §2.1.3) */
    inclusionProof: z.array(base64),
  })
  .meta({ id: 'FilingProof' });

export const consistencyQuery = z.strictObject({
  first: z.coerce.number().int().min(1),
  second: z.coerce.number().int().min(1),
});

/** GET /public/log/consistency?first=&second= — RFC 9162 §2.1.4. */
export const consistencyProofSchema = z.object({ first: z.number().int(), second: z.number().int(), proof: z.array(base64) }).meta({ id: 'ConsistencyProof' });

/** One reason a receipt is not valid, in a stable code and a Chinese sentence for people. */
export const filingCheckReasonSchema = z.object({ code: z.enum(FILING_CHECK_CODES), message: z.string() }).meta({ id: 'FilingCheckReason' });

/** What verification found in the transparency log for a filing. */
export const filingLogStatusSchema = z
  .object({
    /** the index of the filing's latest event leaf, when it has been sequenced */
    leafIndex: z.number().int().optional(),
    /** the size of the signed checkpoint it was checked against */
    treeSize: z.number().int().optional(),
    /** the leaf is included under that checkpoint, and the checkpoint's signature verifies */
    included: z.boolean(),
    /** the type of the filing's latest event leaf (filing.issued, filing.revoked, …) */
    latestEvent: z.string().optional(),
  })
  .meta({ id: 'FilingLogStatus' });

/** GET /audit/verify — the records against the tree and every signed checkpoint. */
export const auditVerificationSchema = z
  .object({
    valid: z.boolean(),
    /** audit records checked */
    entries: z.number().int(),
    /** leaves in the log (audit records and filing events) */
    treeSize: z.number().int().optional(),
    /** signed checkpoints checked against the recomputed tree */
    checkpoints: z.number().int().optional(),
    /** the first leaf index (or record seq, when a record is not in the log) that failed */
    firstBadIndex: z.number().int().optional(),
    firstBadSeq: z.string().optional(),
    reason: z.string().optional(),
    /** records waiting to be sequenced into the log (committed moments ago) */
    pending: z.number().int().optional(),
  })
  .meta({ id: 'AuditVerification' });

/** POST /filings/:receiptNo/suspend and /resume. */
export const supervisionBody = z.strictObject({ reason: z.string().trim().min(2, '请填写理由（至少 2 个字）').max(2000) });
