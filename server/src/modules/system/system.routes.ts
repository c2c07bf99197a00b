import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditPageSchema, auditQuery } from '../../../../contract/audit.js';
import { instant } from '../../../../contract/common.js';
import { clockMovedSchema, clockSchema } from '../../../../contract/system.js';
import { auditVerificationSchema } from '../../../../contract/trust.js';
import type { ServiceContext } from '../../platform/context.js';
import { auditActor } from '../../platform/http/request-context.js';
import type { Sweeper } from '../deadlines/sweeper.js';
import { SystemService } from './system.service.js';

export const systemRoutes: FastifyPluginAsyncZod<{ ctx: ServiceContext; sweeper: Sweeper }> = async (app, { ctx, sweeper }) => {
  const service = new SystemService(ctx, sweeper);

  app.get(
    '/health',
    {
      config: { auth: 'public' },
      schema: { tags: ['system'], summary: '健康检查', response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  /** Readiness for a load balancer: 200 only while the database answers (liveness is /health). */
  app.get(
    '/ready',
    {
      config: { auth: 'public' },
      schema: { tags: ['system'], summary: '就绪检查（数据库可用）', response: { 200: z.object({ status: z.literal('ready') }) } },
    },
    async () => service.ready(),
  );

  app.get(
    '/system/clock',
    {
      config: { auth: 'public' },
      schema: { tags: ['system'], summary: '业务时钟（模拟时间时显示横幅）', response: { 200: clockSchema } },
    },
    async () => service.clock(),
  );

  /** Simulated time only (APP_CLOCK): moves the clock, then applies every deadline passed by then. */
  app.put(
    '/system/clock',
    {
      config: { auth: ['admin'] },
      schema: {
        tags: ['system'],
        summary: '调整模拟时间（仅 APP_CLOCK 模式）',
        body: z.strictObject({ now: instant }),
        response: { 200: clockMovedSchema },
      },
    },
    async (req) => service.moveClock(req.body.now, auditActor(req)),
  );

  // SEC-08: the security auditor (安全审计员) reads the log and verifies the chain; nothing under
  // /audit changes a record (no route but these two GETs), and the table itself refuses UPDATE and DELETE.
  app.get(
    '/audit',
    {
      config: { auth: ['admin', 'center', 'auditor'] },
      schema: {
        tags: ['audit'],
        summary: '审计日志（新的在前；beforeSeq 翻到更早的一页）',
        querystring: auditQuery,
        response: { 200: auditPageSchema },
      },
    },
    async (req) => service.auditPage(req.query),
  );

  app.get(
    '/audit/verify',
    {
      config: { auth: ['admin', 'auditor'] },
      schema: {
        tags: ['audit'],
        summary: '校验审计日志：由记录重算透明日志，与每个已签名检查点及本节点保存的检查点比对',
        response: { 200: auditVerificationSchema },
      },
    },
    async () => ctx.log.verify(),
  );
};
