import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ROLES } from '../../../../contract/enums.js';
import { workCountsSchema } from '../../../../contract/work-counts.js';
import type { WorkCountsService } from './work-counts.service.js';

/** GET /work-counts — the counts of the back office's menu and work-list tabs in one request (issue 13). */
export const workCountsRoutes: FastifyPluginAsyncZod<{ service: WorkCountsService }> = async (app, { service }) => {
  app.get(
    '/work-counts',
    {
      config: { auth: ROLES },
      schema: {
        tags: ['applications'],
        summary: '待办计数（菜单与工作列表各页签：待我处理、已处理、全部；未读消息）',
        description:
          '与 GET /applications、GET /application-items（不带筛选条件）按 queue=mine、queue=handled 和不带 queue 时的 total 相同，按角色、所在区和行业主管部门限定范围；调用者无权读取的列表不出现。',
        response: { 200: workCountsSchema },
      },
    },
    async (req) => service.counts(req.actor!),
  );
};
