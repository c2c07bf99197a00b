import { z } from 'zod';
import { ITEM_STATUSES, OBJECTION_STATUSES, PUBLICITY_STATUSES } from './enums.js';
import { isoDate, text, uuid } from './common.js';

export const publicityInput = z.strictObject({ title: text(300), applicationItemIds: z.array(uuid).min(1).max(500) });

export const publicityItemSchema = z.object({
  applicationItemId: uuid,
  applicationId: uuid,
  organizationId: uuid,
  organizationName: z.string(),
  uscc: z.string(),
  itemName: z.string(),
  itemSeq: z.number().int(),
  levels: z.array(z.number().int()),
  status: z.enum(ITEM_STATUSES),
});

export const publicitySchema = z
  .object({
    id: uuid,
    title: z.string(),
    startsOn: isoDate,
    endsOn: isoDate,
    status: z.enum(PUBLICITY_STATUSES),
    open: z.boolean(),
    items: z.array(publicityItemSchema),
    skipped: z.array(z.object({ date: isoDate, reason: z.string() })).optional(),
  })
  .meta({ id: 'Publicity' });

export const objectionInput = z.strictObject({
  applicationItemId: uuid,
  name: text(50),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{7,20}$/, '请填写有效的联系电话'),
  content: text(5000, 5),
});

export const objectionSchema = z
  .object({
    id: uuid,
    reference: z.string(),
    publicityId: uuid,
    applicationItemId: uuid,
    organizationName: z.string(),
    itemName: z.string(),
    name: z.string(),
    phone: z.string(),
    content: z.string(),
    status: z.enum(OBJECTION_STATUSES),
    reason: z.string().optional(),
    createdAt: z.string(),
    resolvedAt: z.string().optional(),
  })
  .meta({ id: 'Objection' });

/** GET /objections: the centre's list, paged on the server (oldest pending first, as they are worked off; otherwise newest first). */
export const objectionListQuery = z.strictObject({
  status: z.enum(OBJECTION_STATUSES).optional(),
  /** any part of the reference, the organisation's or the item's name */
  q: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const objectionPageSchema = z.object({ items: z.array(objectionSchema), total: z.number().int() }).meta({ id: 'ObjectionPage' });

export const resolutionInput = z.strictObject({ decision: z.enum(['upheld', 'dismissed']), reason: text(2000) });
