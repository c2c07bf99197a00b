import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../../../contract/enums.js';
import { authoritySchema, createAuthorityBody, updateAuthorityBody } from '../../../../contract/authorities.js';
import { auditActor } from '../../platform/http/request-context.js';
import type { AuthoritiesService } from './authorities.service.js';

export const authoritiesRoutes: FastifyPluginAsyncZod<{ service: AuthoritiesService }> = async (app, { service }) => {
  app.get(
    '/authorities',
    {
      // every signed-in role but the security auditor, who reads the audit log only (SEC-08, 三员)
      config: { auth: ROLES.filter((r) => r !== 'auditor') },
      schema: { tags: ['authorities'], summary: '行业主管部门名录（含是否已有系统账号）', response: { 200: z.array(authoritySchema) } },
    },
    async () => service.list(),
  );

  app.post(
    '/authorities',
    {
      config: { auth: ['admin'] },
      schema: { tags: ['authorities'], summary: '新增行业主管部门', body: createAuthorityBody, response: { 201: authoritySchema } },
    },
    async (req, reply) => reply.code(201).send(await service.create(req.body, auditActor(req))),
  );

  app.patch(
    '/authorities/:id',
    {
      config: { auth: ['admin'] },
      schema: {
        tags: ['authorities'],
        summary: '修改行业主管部门名称或启用状态',
        params: z.strictObject({ id: z.uuid() }),
        body: updateAuthorityBody,
        response: { 200: authoritySchema },
      },
    },
    async (req) => service.update(req.params.id, req.body, auditActor(req)),
  );
};
