import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminPasswordResetResponse, passwordResetConfirmBody, passwordResetRequestBody, passwordResetRequestResponse } from '../../../../contract/accounts.js';
import { emptyBody, idParams } from '../../../../contract/common.js';
import { auditActor } from '../../platform/http/request-context.js';
import type { PasswordResetService } from './password-reset.service.js';

export interface PasswordResetRoutesOptions {
  resets: PasswordResetService;
  rate: { loginPerMin: number; registerPerHour: number };
}

/** 忘记密码 (issue 13): request a link, set a new password with it; the administrator's reset. */
export const passwordResetRoutes: FastifyPluginAsyncZod<PasswordResetRoutesOptions> = async (app, { resets, rate }) => {
  app.post(
    '/auth/password-reset',
    {
      config: { auth: 'public', ignoreSession: true, rateLimit: { max: rate.registerPerHour, timeWindow: '1 hour' } },
      schema: {
        tags: ['accounts'],
        summary: '忘记密码：向登记的联系邮箱发送重置链接（答复不透露账号是否存在）',
        body: passwordResetRequestBody,
        response: { 202: passwordResetRequestResponse },
      },
    },
    async (req, reply) => {
      const { detail, delivery } = await resets.request(req.body.username, req.body.email, auditActor(req));
      // answered before the e-mail goes out: the time taken does not tell whether the account exists
      void delivery;
      return reply.status(202).send({ detail });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { auth: 'public', ignoreSession: true, rateLimit: { max: rate.loginPerMin, timeWindow: '1 minute' } },
      schema: { tags: ['accounts'], summary: '用重置链接设置新密码', body: passwordResetConfirmBody, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await resets.confirm(req.body.token, req.body.newPassword, auditActor(req));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/users/:id/password-reset',
    {
      config: { auth: ['admin'] },
      schema: {
        tags: ['accounts'],
        summary: '管理员重置密码（临时密码只显示一次，下次登录须修改）',
        params: idParams,
        body: emptyBody,
        response: { 200: adminPasswordResetResponse },
      },
    },
    async (req) => resets.adminReset(req.params.id, auditActor(req)),
  );
};
