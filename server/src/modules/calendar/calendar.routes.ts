import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDayBody, calendarYearBody, workingDaysQuery, workingDaysResponse } from '../../../../contract/catalog.js';
import { auditActor } from '../../platform/http/request-context.js';
import type { CalendarService } from './calendar.service.js';

export const calendarRoutes: FastifyPluginAsyncZod<{ service: CalendarService }> = async (app, { service }) => {
  app.get(
    '/calendar/working-days',
    {
      config: { auth: 'public' },
      schema: { tags: ['calendar'], summary: '按工作日计算期间（含跳过的日期及原因）', querystring: workingDaysQuery, response: { 200: workingDaysResponse } },
    },
    async (req) => service.workingDays(req.query.from, req.query.count),
  );

  app.get(
    '/calendar/years',
    {
      config: { auth: 'public' },
      schema: { tags: ['calendar'], summary: '已载入工作日安排的年份', response: { 200: z.object({ years: z.array(z.number().int()) }) } },
    },
    async () => service.years(),
  );

  app.get(
    '/calendar/days',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['calendar'],
        summary: '某年的节假日与调休工作日',
        querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: {
          200: z.object({
            year: z.number().int(),
            known: z.boolean(),
            days: z.array(z.object({ date: z.string(), type: z.enum(['holiday', 'workday']), name: z.string() })),
          }),
        },
      },
    },
    async (req) => service.days(req.query.year),
  );

  app.put(
    '/calendar/days/:date',
    {
      config: { auth: ['admin'] },
      schema: {
        tags: ['calendar'],
        summary: '设置某日为节假日或调休工作日',
        params: z.strictObject({ date: z.iso.date() }),
        body: calendarDayBody,
        response: { 200: z.object({ date: z.string(), type: z.string(), name: z.string() }) },
      },
    },
    async (req) => service.setDay(req.params.date, req.body, auditActor(req)),
  );

  app.put(
    '/calendar/years/:year',
    {
      config: { auth: ['admin'] },
      schema: {
        tags: ['calendar'],
        summary: '载入某年的节假日安排（标记该年为已知）',
        params: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
        body: calendarYearBody,
        response: { 200: z.object({ year: z.number().int(), days: z.number().int() }) },
      },
    },
    async (req) => service.loadYear(req.params.year, req.body, auditActor(req)),
  );
};
