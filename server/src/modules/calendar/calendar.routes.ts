import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDayBody, calendarYearBody, workingDaysQuery, workingDaysResponse } from '../../../../contract/catalog.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/database.js';
import { auditActor } from '../../platform/http/request-context.js';
import { countWorkingDays } from '../../workflow/calendar.js';
import { refuse } from '../../workflow/refusal.js';
import { isIsoDate, yearOf } from '../../workflow/time.js';
import { loadCalendar, loadYear } from './calendar.repository.js';

export const calendarRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/calendar/working-days', {
    config: { auth: 'public' },
    schema: { tags: ['calendar'], summary: '按工作日计算期间（含跳过的日期及原因）', querystring: workingDaysQuery, response: { 200: workingDaysResponse } },
  }, async (req) => {
    const span = countWorkingDays(await loadCalendar(db), req.query.from, req.query.count);
    return { ...span, from: req.query.from };
  });

  app.get('/calendar/years', {
    config: { auth: 'public' },
    schema: { tags: ['calendar'], summary: '已载入工作日安排的年份', response: { 200: z.object({ years: z.array(z.number().int()) }) } },
  }, async () => ({ years: (await db.selectFrom('calendar_years').select('year').orderBy('year').execute()).map((r) => r.year) }));

  app.get('/calendar/days', {
    config: { auth: 'public' },
    schema: {
      tags: ['calendar'], summary: '某年的节假日与调休工作日',
      querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
      response: { 200: z.object({ year: z.number().int(), known: z.boolean(), days: z.array(z.object({ date: z.string(), type: z.enum(['holiday', 'workday']), name: z.string() })) }) },
    },
  }, async (req) => {
    const y = req.query.year;
    const [known, days] = await Promise.all([
      db.selectFrom('calendar_years').select('year').where('year', '=', y).executeTakeFirst(),
      db.selectFrom('calendar_days').selectAll().where('day', '>=', `${y}-01-01`).where('day', '<=', `${y}-12-31`).orderBy('day').execute(),
    ]);
    return { year: y, known: !!known, days: days.map((d) => ({ date: d.day, type: d.type, name: d.name })) };
  });

  app.put('/calendar/days/:date', {
    config: { auth: ['admin'] },
    schema: { tags: ['calendar'], summary: '设置某日为节假日或调休工作日', params: z.strictObject({ date: z.iso.date() }), body: calendarDayBody, response: { 200: z.object({ date: z.string(), type: z.string(), name: z.string() }) } },
  }, async (req) => {
    const { date } = req.params;
    if (!isIsoDate(date)) refuse('VALIDATION_FAILED', `${date} 不是有效日期。`);
    const year = yearOf(date);
    await db.transaction().execute(async (tx) => {
      const known = await tx.selectFrom('calendar_years').select('year').where('year', '=', year).executeTakeFirst();
      if (!known) refuse('CALENDAR_UNKNOWN', `${year}年的工作日安排尚未载入，请先整体载入该年的节假日安排（PUT /calendar/years/${year}）。`);
      const before = await tx.selectFrom('calendar_days').selectAll().where('day', '=', date).executeTakeFirst();
      await tx
        .insertInto('calendar_days')
        .values({ day: date, type: req.body.type, name: req.body.name || (req.body.type === 'holiday' ? '节假日' : '调休上班') })
        .onConflict((oc) => oc.column('day').doUpdateSet({ type: req.body.type, name: req.body.name || (req.body.type === 'holiday' ? '节假日' : '调休上班') }))
        .execute();
      await appendAudit(tx, auditActor(req), { action: 'calendar.day', entityType: 'calendar', entityId: date, before: before ?? null, after: req.body }, new Date());
    });
    return { date, type: req.body.type, name: req.body.name };
  });

  app.put('/calendar/years/:year', {
    config: { auth: ['admin'] },
    schema: { tags: ['calendar'], summary: '载入某年的节假日安排（标记该年为已知）', params: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }), body: calendarYearBody, response: { 200: z.object({ year: z.number().int(), days: z.number().int() }) } },
  }, async (req) => {
    const { year } = req.params;
    const wrong = req.body.days.find((d) => yearOf(d.date) !== year);
    if (wrong) refuse('VALIDATION_FAILED', `${wrong.date} 不属于 ${year} 年。`);
    await loadYear(db, year, req.body.days);
    await db.transaction().execute((tx) => appendAudit(tx, auditActor(req), { action: 'calendar.year', entityType: 'calendar', entityId: String(year), after: req.body }, new Date()));
    return { year, days: req.body.days.length };
  });
};
