import { z } from 'zod';

/** GET /audit (SEC-08): the sealed audit log, newest first; `beforeSeq` pages back to older records. */
export const auditQuery = z.strictObject({
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  beforeSeq: z
    .string()
    .regex(/^[1-9]\d{0,17}$/)
    .optional(),
});

/** One audit record as the log's readers (auditor, administrator, centre) see it. */
export const auditEntrySchema = z
  .object({
    /** its position in the log (a decimal string: the log outgrows 2^53) */
    seq: z.string(),
    /** when it was written (Shanghai time) and the business time it records (the simulated clock, if any) */
    at: z.string(),
    businessAt: z.string(),
    /** who, as shown (display name and role), and the account behind it (null for an anonymous caller) */
    actor: z.string(),
    actorId: z.string().nullable(),
    actorRole: z.string().nullable(),
    ip: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    /** `ok`, or why it was refused */
    result: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: 'AuditEntry' });

export const auditPageSchema = z
  .object({
    items: z.array(auditEntrySchema),
    /** pass as `beforeSeq` for the next (older) page; absent on the last page */
    nextBeforeSeq: z.string().optional(),
  })
  .meta({ id: 'AuditPage' });
