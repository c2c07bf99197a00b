import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { directoryPageSchema, directoryQuery, districtListSchema } from '../../../../contract/registry.js';
import type { RegistryService } from './registry.service.js';

/** 三(六) 信息公布: the public directory of organisations with an active filing. */
export const registryRoutes: FastifyPluginAsyncZod<{ registry: RegistryService }> = async (app, { registry }) => {
  app.get(
    '/public/organizations',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['public'],
        summary: '已备案社评组织查询',
        querystring: directoryQuery,
        response: { 200: directoryPageSchema },
      },
    },
    async (req, reply) => {
      // already serialized and encoded (memoised per directory version): the bytes are sent as they are
      const json = await registry.searchJson(req.query);
      return reply.type('application/json; charset=utf-8').send(json as unknown as never);
    },
  );

  app.get(
    '/public/districts',
    {
      config: { auth: 'public' },
      schema: { tags: ['public'], summary: '本市各区', response: { 200: districtListSchema } },
    },
    async () => registry.districts(),
  );
};
