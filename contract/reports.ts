import { z } from 'zod';
import { isoDate, uuid } from './common.js';

/**
 * Report to the national centre (api-v1 "Rules clarified": 报备). A batch takes every filing whose
 * 备案日期 lies in [from, to] and that no earlier batch reported; each such filing records the batch
 * and its `reportedAt`. Dates are Shanghai calendar days, inclusive.
 */
export const nationalBatchBody = z.strictObject({ from: isoDate, to: isoDate }).meta({ id: 'NationalReportBatchRequest' });

/** POST /reports/national-batches → 201: the batch and the receipt numbers it reported, in receipt order. */
export const nationalBatchSchema = z
  .object({
    id: uuid,
    /** the business clock when the batch was made (Shanghai ISO instant); every filing's `reportedAt` */
    createdAt: z.string(),
    from: isoDate,
    to: isoDate,
    filings: z.array(z.string()),
  })
  .meta({ id: 'NationalReportBatch' });

/** One row of GET /reports/national-batches. */
export const nationalBatchSummarySchema = z
  .object({
    id: uuid,
    createdAt: z.string(),
    from: isoDate,
    to: isoDate,
    filingCount: z.number().int().min(0),
    /** display name of the account that made it (null when that account no longer exists) */
    createdBy: z.string().nullable(),
  })
  .meta({ id: 'NationalReportBatchSummary' });

/** GET /reports/national-batches — newest first, paged on the server. */
export const nationalBatchListSchema = z
  .object({ items: z.array(nationalBatchSummarySchema), total: z.number().int().min(0) })
  .meta({ id: 'NationalReportBatchList' });

export const nationalBatchListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const nationalBatchParams = z.strictObject({ id: uuid });

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The bytes of an .xlsx file (documented as a binary string in the OpenAPI document). */
export const xlsxFileSchema = z.instanceof(Uint8Array).meta({ id: 'XlsxFile', type: 'string', contentMediaType: XLSX_CONTENT_TYPE, description: 'xlsx 文件' });
