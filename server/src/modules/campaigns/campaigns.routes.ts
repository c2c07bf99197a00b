import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  campaignInput,
  campaignItemInput,
  campaignItemParams,
  campaignItemPatch,
  campaignItemSchema,
  campaignSchema,
  extendWindowBody,
} from '../../../../contract/catalog.js';
import { idParams } from '../../../../contract/common.js';
import { auditActor } from '../../platform/http/request-context.js';
import type { CampaignsService } from './campaigns.service.js';

export const campaignsRoutes: FastifyPluginAsyncZod<{ service: CampaignsService }> = async (app, { service }) => {
  app.get(
    '/campaigns',
    {
      config: { auth: 'public' },
      schema: { tags: ['campaigns'], summary: '征集批次', response: { 200: z.array(campaignSchema) } },
    },
    async () => service.list(),
  );

  app.post(
    '/campaigns',
    {
      config: { auth: ['admin', 'center'] },
      schema: { tags: ['campaigns'], summary: '新建征集批次', body: campaignInput, response: { 201: campaignSchema } },
    },
    async (req, reply) => reply.status(201).send(await service.create(req.body, auditActor(req))),
  );

  app.get(
    '/campaigns/:id/items',
    {
      config: { auth: 'public' },
      schema: { tags: ['campaigns'], summary: '批次的征集项目（附件）', params: idParams, response: { 200: z.array(campaignItemSchema) } },
    },
    async (req) => service.items(req.params.id),
  );

  app.post(
    '/campaigns/:id/window',
    {
      config: { auth: ['admin', 'center'] },
      schema: {
        tags: ['campaigns'],
        summary: '延长申报截止时间（DL-5，须说明理由）',
        params: idParams,
        body: extendWindowBody,
        response: { 200: campaignSchema },
      },
    },
    async (req) => service.extend(req.params.id, req.body.closesAt, req.body.reason, auditActor(req)),
  );
  app.post(
    '/campaigns/:id/items',
    {
      config: { auth: ['admin', 'center'] },
      schema: {
        tags: ['campaigns'],
        summary: '增补征集项目（附件注：随大典调整）',
        params: idParams,
        body: campaignItemInput,
        response: { 201: campaignItemSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await service.addItem(req.params.id, req.body, auditActor(req))),
  );

  app.patch(
    '/campaigns/:id/items/:itemId',
    {
      config: { auth: ['admin', 'center'] },
      schema: {
        tags: ['campaigns'],
        summary: '修改征集项目（仅申报开始前）',
        params: campaignItemParams,
        body: campaignItemPatch,
        response: { 200: campaignItemSchema },
      },
    },
    async (req) => service.updateItem(req.params.id, req.params.itemId, req.body, auditActor(req)),
  );

  app.delete(
    '/campaigns/:id/items/:itemId',
    {
      config: { auth: ['admin', 'center'] },
      schema: { tags: ['campaigns'], summary: '删除征集项目（仅申报开始前，且无申报选择）', params: campaignItemParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await service.removeItem(req.params.id, req.params.itemId, auditActor(req));
      return reply.status(204).send(null);
    },
  );
};
