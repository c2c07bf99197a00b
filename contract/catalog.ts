import { z } from 'zod';
import { ITEM_KINDS } from './enums.js';
import { instant, isoDate, optionalText, text, uuid } from './common.js';
import { CALENDAR_DAY_TYPES } from './calendar.js';

export const rulesSchema = z
  .object({
    publicityWorkingDays: z.number().int().min(1).max(30),
    projectEvaluationMonths: z.number().int().min(1).max(24),
    cooldownMonths: z.number().int().min(0).max(60),
    filingValidityYears: z.number().int().min(1).max(10),
    correctionWorkingDays: z.number().int().min(1).max(60),
    minExpertReviews: z.number().int().min(1).max(30),
  })
  .meta({ id: 'CampaignRules' });

export const campaignSchema = z
  .object({ id: uuid, docNumber: z.string(), title: z.string(), opensAt: z.string(), closesAt: z.string(), rules: rulesSchema })
  .meta({ id: 'Campaign' });

export const campaignInput = z.strictObject({
  docNumber: text(100),
  title: text(300),
  opensAt: instant,
  closesAt: instant,
  itemSeqs: z.array(z.number().int().min(1).max(999)).max(500).optional(),
  rules: rulesSchema.partial().strict().optional(),
});
export const extendWindowBody = z.strictObject({ closesAt: instant, reason: text(500) });

export const campaignItemSchema = z
  .object({
    id: uuid,
    seq: z.number().int(),
    name: z.string(),
    occupation: z.string(),
    workType: z.string().nullable(),
    kind: z.enum(ITEM_KINDS),
    levels: z.array(z.number().int()),
    occupationCode: z.string().nullable(),
    officialName: z.string(),
    aliases: z.array(z.string()),
  })
  .meta({ id: 'CampaignItem' });

/** 附件注: the catalogue follows the 大典 — an item added to a call (POST /campaigns/:id/items). */
const levelsInput = z.array(z.number().int()).max(5);
export const campaignItemInput = z.strictObject({
  name: text(100),
  kind: z.enum(ITEM_KINDS),
  levels: levelsInput,
  occupationCode: z.string().trim().max(20).nullable().optional(),
  occupation: text(100).optional(),
  workType: z.string().trim().max(100).nullable().optional(),
  officialName: text(100).optional(),
  aliases: z.array(text(100)).max(10).optional(),
});
/** A correction before the window opens (PATCH /campaigns/:id/items/:itemId); at least one field. */
export const campaignItemPatch = z
  .strictObject({
    name: text(100).optional(),
    kind: z.enum(ITEM_KINDS).optional(),
    levels: levelsInput.optional(),
    occupationCode: z.string().trim().max(20).nullable().optional(),
    occupation: text(100).optional(),
    workType: z.string().trim().max(100).nullable().optional(),
    officialName: text(100).optional(),
    aliases: z.array(text(100)).max(10).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: '请至少修改一项' });
export const campaignItemParams = z.strictObject({ id: uuid, itemId: uuid });

export const workingDaysQuery = z.strictObject({ from: isoDate, count: z.coerce.number().int().min(1).max(366) });
export const workingDaysResponse = z.object({
  from: isoDate,
  count: z.number().int(),
  endsOn: isoDate,
  days: z.array(isoDate),
  skipped: z.array(z.object({ date: isoDate, reason: z.string() })),
});
export const calendarDayBody = z.strictObject({ type: z.enum(CALENDAR_DAY_TYPES), name: optionalText(50).default('') });
export const calendarYearBody = z.strictObject({
  days: z.array(z.strictObject({ date: isoDate, type: z.enum(CALENDAR_DAY_TYPES), name: text(50) })).max(200),
});
