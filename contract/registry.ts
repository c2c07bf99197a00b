import { z } from 'zod';
import { filingSchema } from './applications.js';

export const directoryQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  itemSeq: z.coerce.number().int().min(1).max(999).optional(),
  level: z.coerce.number().int().min(1).max(5).optional(),
  district: z
    .string()
    .regex(/^3101\d{2}$/)
    .optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** One organisation of the public directory (三(六) 信息公布): its filings in force. */
export const directoryEntrySchema = z
  .object({
    organizationId: z.uuid(),
    name: z.string(),
    uscc: z.string(),
    district: z.string(),
    districtName: z.string(),
    filings: z.array(filingSchema),
  })
  .meta({ id: 'DirectoryEntry' });

/** GET /public/organizations — one page of the directory and how many organisations matched. */
export const directoryPageSchema = z.object({ total: z.number().int(), items: z.array(directoryEntrySchema) }).meta({ id: 'DirectoryPage' });

/** GET /public/districts — the city's districts (code, name). */
export const districtListSchema = z.array(z.object({ code: z.string(), name: z.string() }));
