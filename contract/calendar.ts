import { z } from 'zod';

/**
 * The working-day calendar's reads and writes (GET/PUT /calendar/…): each year's holidays and make-up
 * working days as the State Council publishes them. (Counting working days: catalog.ts, workingDays….)
 */
export const CALENDAR_DAY_TYPES = ['holiday', 'workday'] as const;
export type CalendarDayType = (typeof CALENDAR_DAY_TYPES)[number];

const year = z.coerce.number().int().min(2000).max(2100);
export const calendarYearQuery = z.strictObject({ year });
export const calendarYearParams = z.strictObject({ year });

/** One exception to the Monday–Friday rule: a holiday on a weekday, or a weekend day worked (调休). */
export const calendarDaySchema = z.object({ date: z.string(), type: z.enum(CALENDAR_DAY_TYPES), name: z.string() }).meta({ id: 'CalendarDay' });

/** GET /calendar/days?year= — a year's exceptions, and whether its schedule is loaded (an unloaded year counts no deadline). */
export const calendarYearSchema = z.object({ year: z.number().int(), known: z.boolean(), days: z.array(calendarDaySchema) }).meta({ id: 'CalendarYear' });

/** GET /calendar/years — the years whose schedule is loaded. */
export const calendarYearsSchema = z.object({ years: z.array(z.number().int()) }).meta({ id: 'CalendarYears' });

/** PUT /calendar/years/:year — the year loaded, with how many exceptions it has. */
export const calendarYearLoadedSchema = z.object({ year: z.number().int(), days: z.number().int() });
