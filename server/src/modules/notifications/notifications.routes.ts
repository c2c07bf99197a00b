import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { emptyBody, idParams } from '../../../../contract/common.js';
import { inboxQuery, inboxSchema, notificationSchema } from '../../../../contract/notifications.js';
import type { NotificationsService } from './notifications.service.js';

const EVERYONE = ['applicant', 'industry_authority', 'district_hr', 'center', 'expert', 'bureau', 'admin', 'auditor'] as const;

/** The in-app inbox: every signed-in user reads (only) their own messages. */
export const notificationsRoutes: FastifyPluginAsyncZod<{ service: NotificationsService }> = async (app, { service }) => {
  app.get(
    '/inbox',
    {
      config: { auth: EVERYONE },
      schema: { tags: ['notifications'], summary: '站内消息', querystring: inboxQuery, response: { 200: inboxSchema } },
    },
    async (req) => service.inbox(req.actor!, req.query),
  );

  app.post(
    '/inbox/:id/read',
    {
      config: { auth: EVERYONE },
      schema: { tags: ['notifications'], summary: '标记消息已读', params: idParams, body: emptyBody, response: { 200: notificationSchema } },
    },
    async (req) => service.read(req.actor!, req.params.id),
  );

  app.post(
    '/inbox/read-all',
    {
      config: { auth: EVERYONE },
      schema: { tags: ['notifications'], summary: '全部标记已读', body: emptyBody, response: { 200: z.object({ updated: z.number().int() }) } },
    },
    async (req) => service.readAll(req.actor!),
  );
};
