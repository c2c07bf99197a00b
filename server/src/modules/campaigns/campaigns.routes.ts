import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { campaignInput, campaignItemSchema, campaignSchema, extendWindowBody } from '../../../../contract/catalog.js';
import { idParams } from '../../../../contract/common.js';
import { auditActor } from '../../platform/http/request-context.js';
import type { CampaignsService } from './campaigns.service.js';

export const campaignsRoutes: FastifyPluginAsyncZod<{ service: CampaignsService }> = async (app, { service }) => {
  app.get('/campaigns', {
    config: { auth: 'public' },
    schema: { tags: ['campaigns'], summary: '征集批次', response: { 200: z.array(campaignSchema) } },
  }, async () => service.list());

  app.post('/campaigns', {
    config: { auth: ['admin', 'center'] },
    schema: { tags: ['campaigns'], summary: '新建征集批次', body: campaignInput, response: { 201: campaignSchema } },
  }, async (req, reply) => reply.status(201).send(await service.create(req.body, auditActor(req))));

  app.get('/campaigns/:id/items', {
    config: { auth: 'public' },
    schema: { tags: ['campaigns'], summary: '批次的征集项目（附件）', params: idParams, response: { 200: z.array(campaignItemSchema) } },
  }, async (req) => service.items(req.params.id));

  app.post('/campaigns/:id/window', {
    config: { auth: ['admin', 'center'] },
    schema: { tags: ['campaigns'], summary: '延长申报截止时间（DL-5，须说明理由）', params: idParams, body: extendWindowBody, response: { 200: campaignSchema } },
  }, async (req) => service.extend(req.params.id, req.body.closesAt, req.body.reason, auditActor(req)));
};
