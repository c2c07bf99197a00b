import { z } from 'zod';
import { APPLICATION_STATUSES } from './enums.js';
import { filingSchema } from './applications.js';
import { isoDate, uuid } from './common.js';

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

/** GET /public/filings/:receiptNo — the filing (unchanged fields) plus what a verifier needs. */
export const filingVerificationSchema = filingSchema
  .extend({
    statusLabel: z.string(),
    valid: z.boolean(),
    verifyUrl: z.string().optional(),
    integrity: filingIntegritySchema.optional(),
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
