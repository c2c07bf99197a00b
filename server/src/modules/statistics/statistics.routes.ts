import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { statisticsQuery, statisticsSchema } from '../../../../contract/statistics.js';
import type { StatisticsService } from './statistics.service.js';

/** GET /statistics — counts for the centre's dashboard (and the bureau's overview). */
export const statisticsRoutes: FastifyPluginAsyncZod<{ service: StatisticsService }> = async (app, { service }) => {
  app.get(
    '/statistics',
    {
      config: { auth: ['center', 'bureau', 'admin'] },
      schema: {
        tags: ['statistics'],
        summary: '统计概览（申请、职业按状态，按职业、按考核点所在区，未到期的法定期限）',
        querystring: statisticsQuery,
        response: { 200: statisticsSchema },
      },
    },
    async (req) => service.overview(req.query),
  );
};
