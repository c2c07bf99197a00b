import { z } from 'zod';

/** Strings are bounded and trimmed; every request object is strict (unknown keys → 400, SEC-16). */
export const text = (max: number, min = 1) => z.string().trim().min(min).max(max);
export const optionalText = (max: number) => z.string().trim().max(max);
export const uuid = z.uuid();
export const isoDate = z.iso.date();
export const instant = z.iso.datetime({ offset: true });
export const districtCode = z.string().regex(/^3101\d{2}$/, '区划代码应为 6 位数字（如 310115）');
export const level = z.number().int().min(1).max(5);
export const idParams = z.strictObject({ id: uuid });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    clause: z.string().optional(),
    blockers: z.array(z.object({ code: z.string(), detail: z.string(), clause: z.string().optional() }).loose()).optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .meta({ id: 'Problem' });

export const blockerSchema = z.object({
  code: z.string(),
  detail: z.string(),
  clause: z.string().optional(),
  ref: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** the sentence's stable key (contract/errors.ts BLOCKER_KEYS) and its values: a page in English writes it from these */
  key: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
/** GET /applications/:id/checklist — 一次性告知: ready to submit, or everything still missing, at once. */
export const checklistSchema = z.object({ ready: z.boolean(), blockers: z.array(blockerSchema) }).meta({ id: 'Checklist' });
export const emptyBody = z.strictObject({}).optional();
