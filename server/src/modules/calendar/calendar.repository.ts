import type { DbOrTx } from '../../platform/db/database.js';
import { makeCalendar, type CalendarOverride, type WorkingCalendar } from '../../workflow/calendar.js';

/** The whole working-day calendar (a few hundred rows): loaded when a rule needs it, never guessed. */
export async function loadCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  const [years, days] = await Promise.all([
    db.selectFrom('calendar_years').select('year').execute(),
    db.selectFrom('calendar_days').selectAll().execute(),
  ]);
  return makeCalendar(
    years.map((y) => y.year),
    days.map((d): CalendarOverride => ({ date: d.day, type: d.type, name: d.name })),
  );
}

export async function loadYear(db: DbOrTx, year: number, days: CalendarOverride[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('calendar_days').where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`).execute();
    if (days.length) await tx.insertInto('calendar_days').values(days.map((d) => ({ day: d.date, type: d.type, name: d.name }))).execute();
    await tx.insertInto('calendar_years').values({ year }).onConflict((oc) => oc.column('year').doNothing()).execute();
  });
}
