import type { Db, DbOrTx, Tx } from '../../platform/db/database.js';
import { makeCalendar, type CalendarOverride, type WorkingCalendar } from '../../workflow/calendar.js';

/** The whole working-day calendar (a few hundred rows): loaded when a rule needs it, never guessed. */
export async function loadCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  const [years, days] = await Promise.all([db.selectFrom('calendar_years').select('year').execute(), db.selectFrom('calendar_days').selectAll().execute()]);
  return makeCalendar(
    years.map((y) => y.year),
    days.map((d): CalendarOverride => ({ date: d.day, type: d.type, name: d.name })),
  );
}

/** Replaces a year's schedule and marks the year known, inside the caller's transaction. */
export async function replaceYear(tx: Tx, year: number, days: CalendarOverride[]): Promise<void> {
  await tx.deleteFrom('calendar_days').where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute();
  if (days.length)
    await tx
      .insertInto('calendar_days')
      .values(days.map((d) => ({ day: d.date, type: d.type, name: d.name })))
      .execute();
  await tx
    .insertInto('calendar_years')
    .values({ year })
    .onConflict((oc) => oc.column('year').doNothing())
    .execute();
}

/** A year's schedule in a transaction of its own (reference data at start). */
export async function loadYear(db: Db, year: number, days: CalendarOverride[]): Promise<void> {
  await db.transaction().execute((tx) => replaceYear(tx, year, days));
}

export async function knownYears(db: DbOrTx): Promise<number[]> {
  return (await db.selectFrom('calendar_years').select('year').orderBy('year').execute()).map((r) => r.year);
}

export async function isYearKnown(db: DbOrTx, year: number): Promise<boolean> {
  return !!(await db.selectFrom('calendar_years').select('year').where('year', '=', year).executeTakeFirst());
}

/** The holidays and working weekend days of one year, in date order. */
export async function daysOfYear(db: DbOrTx, year: number): Promise<CalendarOverride[]> {
  const rows = await db
    .selectFrom('calendar_days')
    .selectAll()
    .where('day', '>=', `${year}-01-01`)
    .where('day', '<=', `${year}-12-31`)
    .orderBy('day')
    .execute();
  return rows.map((d) => ({ date: d.day, type: d.type, name: d.name }));
}

/** One day's override, locked until the caller's transaction ends. */
export async function findDayForUpdate(tx: Tx, date: string) {
  return tx.selectFrom('calendar_days').selectAll().where('day', '=', date).forUpdate().executeTakeFirst();
}

export async function upsertDay(tx: Tx, day: CalendarOverride): Promise<void> {
  await tx
    .insertInto('calendar_days')
    .values({ day: day.date, type: day.type, name: day.name })
    .onConflict((oc) => oc.column('day').doUpdateSet({ type: day.type, name: day.name }))
    .execute();
}
