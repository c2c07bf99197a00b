import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  calendarDaySchema,
  calendarYearLoadedSchema,
  calendarYearParams,
  calendarYearQuery,
  calendarYearSchema,
  calendarYearsSchema,
} from '../../../../contract/calendar.js';
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
      schema: { tags: ['calendar'], summary: '已载入工作日安排的年份', response: { 200: calendarYearsSchema } },
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
        querystring: calendarYearQuery,
        response: { 200: calendarYearSchema },
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
        response: { 200: calendarDaySchema },
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
        params: calendarYearParams,
        body: calendarYearBody,
        response: { 200: calendarYearLoadedSchema },
      },
    },
    async (req) => service.loadYear(req.params.year, req.body, auditActor(req)),
  );
};
