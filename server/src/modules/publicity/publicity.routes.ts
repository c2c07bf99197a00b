import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../../../contract/common.js';
import {
  objectionInput,
  objectionListQuery,
  objectionPageSchema,
  objectionSchema,
  publicityInput,
  publicitySchema,
  resolutionInput,
} from '../../../../contract/publicity.js';
import { auditActor } from '../../platform/http/request-context.js';
import type { PublicityService } from './publicity.service.js';

export const publicityRoutes: FastifyPluginAsyncZod<{ service: PublicityService; objectionPerMin: number; onDeadlineCreated?: () => void }> = async (
  app,
  { service, objectionPerMin, onDeadlineCreated },
) => {
  app.post(
    '/publicities',
    {
      config: { auth: ['center'] },
      schema: { tags: ['publicity'], summary: '发布公示（5个工作日）', body: publicityInput, response: { 201: publicitySchema } },
    },
    async (req, reply) => {
      const p = await service.create(req.body, req.actor!, auditActor(req));
      onDeadlineCreated?.();
      return reply.status(201).send(p);
    },
  );

  app.get(
    '/publicities',
    {
      config: { auth: ['center', 'bureau', 'admin'] },
      schema: { tags: ['publicity'], summary: '全部公示', response: { 200: z.array(publicitySchema) } },
    },
    async () => service.listAll(),
  );

  app.get(
    '/public/publicities',
    {
      config: { auth: 'public' },
      schema: { tags: ['public'], summary: '正在公示及近期结束的公示', response: { 200: z.array(publicitySchema) } },
    },
    async () => service.listPublic(),
  );

  app.get(
    '/public/publicities/:id',
    {
      config: { auth: 'public' },
      schema: { tags: ['public'], summary: '公示详情', params: idParams, response: { 200: publicitySchema } },
    },
    async (req) => service.get(req.params.id),
  );

  app.post(
    '/public/publicities/:id/objections',
    {
      config: { auth: 'public', ignoreSession: true, rateLimit: { max: objectionPerMin, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: '对公示提出异议',
        params: idParams,
        body: objectionInput,
        response: { 201: z.object({ id: z.uuid(), reference: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await service.object(req.params.id, req.body, auditActor(req))),
  );

  app.get(
    '/objections',
    {
      config: { auth: ['center'] },
      schema: {
        tags: ['publicity'],
        summary: '异议列表（分页；待处理的按收到先后，其余新的在前）',
        querystring: objectionListQuery,
        response: { 200: objectionPageSchema },
      },
    },
    async (req) => service.listObjections(req.query),
  );

  app.post(
    '/objections/:id/resolution',
    {
      config: { auth: ['center'] },
      schema: { tags: ['publicity'], summary: '异议处理结论', params: idParams, body: resolutionInput, response: { 200: objectionSchema } },
    },
    async (req) => service.resolve(req.params.id, req.body.decision, req.body.reason, req.actor!, auditActor(req)),
  );
};
