import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import type { DbOrTx } from '../../platform/db/database.js';
import { countWorkingDays, type CalendarOverride, type WorkingCalendar } from '../../workflow/calendar.js';
import { refuse } from '../../workflow/refusal.js';
import { isIsoDate, yearOf } from '../../workflow/time.js';
import { daysOfYear, findDayForUpdate, isYearKnown, knownYears, loadCalendar, replaceYear, upsertDay } from './calendar.repository.js';
import type { CalendarDayType } from '../../../../contract/calendar.js';

/** The working-day calendar as it stands, for a rule that counts working days (in the caller's transaction). */
export function workingCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  return loadCalendar(db);
}

/**
 * A node's copy of the calendar, current as long as the database's calendar revision (migration
 * 0019: a trigger bumps it on every change, from any node) is the one it was loaded at. The caller
 * reads the revision with what it reads anyway (a case, in the same statement), so a rule that counts
 * working days costs no statement while the calendar stays as it is. One per database handle.
 */
export class CalendarCache {
  private copy?: { revision: string; calendar: Promise<WorkingCalendar> };

  at(db: DbOrTx, revision: string): Promise<WorkingCalendar> {
    if (this.copy?.revision !== revision) {
      const calendar = loadCalendar(db);
      this.copy = { revision, calendar };
      calendar.catch(() => {
        if (this.copy?.calendar === calendar) this.copy = undefined;
      });
    }
    return this.copy.calendar;
  }
}

/**
 * The working-day calendar as data the administrator keeps. Each change is written with its audit
 * record in one transaction, stamped with the business clock (api-v1 "Trust").
 */
export class CalendarService {
  constructor(private readonly ctx: Pick<ServiceContext, 'db' | 'clock'>) {}

  async workingDays(from: string, count: number) {
    return { ...countWorkingDays(await loadCalendar(this.ctx.db), from, count), from };
  }

  async years() {
    return { years: await knownYears(this.ctx.db) };
  }

  async days(year: number) {
    const [known, days] = await Promise.all([isYearKnown(this.ctx.db, year), daysOfYear(this.ctx.db, year)]);
    return { year, known, days };
  }

  /** One day made a holiday or a working day, in a year whose schedule is loaded (never guessed). */
  async setDay(date: string, input: { type: CalendarDayType; name: string }, who: AuditActor) {
    if (!isIsoDate(date)) refuse('VALIDATION_FAILED', `${date} 不是有效日期。`);
    const year = yearOf(date);
    const name = input.name || (input.type === 'holiday' ? '节假日' : '调休上班');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await isYearKnown(tx, year)))
        refuse('CALENDAR_UNKNOWN', `${year}年的工作日安排尚未载入，请先整体载入该年的节假日安排（PUT /calendar/years/${year}）。`);
      const before = await findDayForUpdate(tx, date);
      await upsertDay(tx, { date, type: input.type, name });
      await appendAudit(tx, who, { action: 'calendar.day', entityType: 'calendar', entityId: date, before: before ?? null, after: input }, now);
    });
    return { date, type: input.type, name: input.name };
  }

  /** A year's whole schedule replaced, and the year marked known. */
  async loadYear(year: number, input: { days: CalendarOverride[] }, who: AuditActor) {
    const wrong = input.days.find((d) => yearOf(d.date) !== year);
    if (wrong) refuse('VALIDATION_FAILED', `${wrong.date} 不属于 ${year} 年。`);
    const seen = new Set<string>();
    const twice = input.days.find((d) => seen.size === seen.add(d.date).size);
    if (twice) refuse('VALIDATION_FAILED', `${twice.date} 出现了两次，每个日期只能设置一次。`);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await replaceYear(tx, year, input.days);
      await appendAudit(tx, who, { action: 'calendar.year', entityType: 'calendar', entityId: String(year), after: input }, now);
    });
    return { year, days: input.days.length };
  }
}
