import { z } from 'zod';
import { APPLICATION_STATUSES, ITEM_STATUSES } from './enums.js';
import { isoDate, uuid } from './common.js';

/** GET /statistics — one campaign, or every campaign when `campaignId` is absent. */
export const statisticsQuery = z.strictObject({ campaignId: uuid.optional() });

const count = z.number().int().min(0);

/** working days after today up to `dueOn`, by the working-day calendar; absent when a year in between is not loaded (never guessed) */
const workingDaysLeft = z.number().int().min(0).optional();

/** A statutory deadline still open: 补正 (三(二)), 项目评估 3 个月 (三(四)), 公示期结束 (三(五)). */
export const upcomingDeadlineSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('correction'), dueOn: isoDate, workingDaysLeft, applicationId: uuid, organizationName: z.string() }),
  z.strictObject({
    kind: z.literal('project_evaluation'),
    dueOn: isoDate,
    workingDaysLeft,
    applicationId: uuid,
    applicationItemId: uuid,
    organizationName: z.string(),
    itemSeq: z.number().int(),
    itemName: z.string(),
  }),
  z.strictObject({ kind: z.literal('publicity_end'), dueOn: isoDate, workingDaysLeft, publicityId: uuid, title: z.string() }),
]);

/**
 * Counts computed in SQL (GROUP BY). Applications and items: every one, drafts included; by
 * occupation and by district: applications past the draft (an application counts once per district
 * of its assessment sites). Zero counts are left out.
 */
export const statisticsSchema = z
  .strictObject({
    campaignId: uuid.optional(),
    applications: z.strictObject({
      total: count,
      byStatus: z.array(z.strictObject({ status: z.enum(APPLICATION_STATUSES), count })),
    }),
    items: z.strictObject({
      total: count,
      byStatus: z.array(z.strictObject({ status: z.enum(ITEM_STATUSES), count })),
    }),
    byOccupation: z.array(z.strictObject({ seq: z.number().int(), name: z.string(), count })),
    byDistrict: z.array(z.strictObject({ code: z.string(), name: z.string(), count })),
    /** open statutory deadlines, earliest first (at most 200) */
    upcoming: z.array(upcomingDeadlineSchema),
  })
  .meta({ id: 'Statistics' });
