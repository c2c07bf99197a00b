import { z } from 'zod';

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
