import { z } from 'zod';
import { APPLICATION_STATUSES } from './enums.js';
import { filingSchema } from './applications.js';
import { isoDate, uuid } from './common.js';
import { filingCheckReasonSchema, filingLogStatusSchema } from './trust.js';

/** 备案回执 numbers as issued (SHPB-2024-00001). */
export const receiptParams = z.strictObject({ receiptNo: z.string().regex(/^[A-Z]{2,6}-\d{4}-\d{3,8}$/, '回执编号格式不正确') });

/**
 * SEC-14: the SM3 digests a receipt carries, and what verification recomputes from the records now.
 * `intact` is true when both recomputed digests equal the issued ones.
 */
export const filingIntegritySchema = z
  .object({
    algorithm: z.literal('SM3'),
    snapshotDigest: z.string(),
    materialsDigest: z.string(),
    recomputedSnapshotDigest: z.string(),
    recomputedMaterialsDigest: z.string(),
    intact: z.boolean(),
    materialCount: z.number().int(),
    computedAt: z.string(),
  })
  .meta({ id: 'FilingIntegrity' });

/**
 * GET /public/filings/:receiptNo — the filing (unchanged fields) plus what a verifier needs. `valid` is
 * true only when the filing is active, its facts match what was recorded at issuance (log leaf and SM3
 * digests), and its latest event is included under a signed checkpoint; otherwise `reasons` say why.
 */
export const filingVerificationSchema = filingSchema
  .extend({
    statusLabel: z.string(),
    valid: z.boolean(),
    reasons: z.array(filingCheckReasonSchema),
    verifyUrl: z.string().optional(),
    integrity: filingIntegritySchema.optional(),
    log: filingLogStatusSchema,
    /** the facts as recorded at issuance (from the log leaf), when they differ from the stored row */
    recorded: z
      .object({
        organizationName: z.string(),
        uscc: z.string(),
        itemName: z.string(),
        levels: z.array(z.number().int()),
        filedOn: isoDate,
        validUntil: isoDate,
      })
      .optional(),
  })
  .meta({ id: 'FilingVerification' });

export const filingsReportQuery = z.strictObject({ from: isoDate.optional(), to: isoDate.optional() });

export const applicationsExportQuery = z.strictObject({
  campaignId: uuid.optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
  /** Shanghai dates of the (latest) submission, inclusive */
  from: isoDate.optional(),
  to: isoDate.optional(),
});
