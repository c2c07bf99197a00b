import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  changePasswordBody,
  createUserBody,
  eligibilityReviewBody,
  eligibilityReviewResponse,
  expertListSchema,
  loginBody,
  loginResponse,
  organizationSchema,
  registerBody,
  totpConfirmBody,
  sessionSchema,
  totpLoginBody,
  userListQuery,
  userListSchema,
  userSchema,
} from '../../../../contract/accounts.js';
import { emptyBody, idParams } from '../../../../contract/common.js';
import { ROLES } from '../../../../contract/enums.js';
import type { AccountsService, LoginResult } from './accounts.service.js';
import { auditActor } from '../../platform/http/request-context.js';
import type { FastifyReply } from 'fastify';
import type { SessionStore } from '../../platform/auth/sessions.js';
import { ABSOLUTE_MS } from '../../platform/auth/sessions.js';

/** Every role, the auditor included: one's own session, password and second factor (SEC-08 leaves these to everyone). */
const SIGNED_IN = ROLES;

export interface AccountsRoutesOptions {
  accounts: AccountsService;
  sessions: SessionStore;
  cookieName: string;
  secureCookies: boolean;
  rate: { loginPerMin: number; registerPerHour: number };
}

export const accountsRoutes: FastifyPluginAsyncZod<AccountsRoutesOptions> = async (app, opts) => {
  const { accounts, cookieName } = opts;
  const setSession = (reply: FastifyReply, token: string) =>
    reply.setCookie(cookieName, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: ABSOLUTE_MS / 1000 });
  const answer = (reply: FastifyReply, r: LoginResult) => {
    if (r.kind === 'mfa') return { mfaRequired: true as const, challenge: r.challenge };
    setSession(reply, r.token);
    return { user: r.user, csrfToken: r.csrfToken, ...(r.mustChangePassword ? { mustChangePassword: true } : {}) };
  };

  app.post(
    '/auth/register',
    {
      config: { auth: 'public', ignoreSession: true, rateLimit: { max: opts.rate.registerPerHour, timeWindow: '1 hour' } },
      schema: {
        tags: ['accounts'],
        summary: '申报单位注册',
        body: registerBody,
        response: { 201: z.object({ user: userSchema, organization: organizationSchema }) },
      },
    },
    async (req, reply) => reply.status(201).send(await accounts.register(req.body, auditActor(req))),
  );

  app.post(
    '/auth/login',
    {
      config: { auth: 'public', ignoreSession: true, rateLimit: { max: opts.rate.loginPerMin, timeWindow: '1 minute' } },
      schema: { tags: ['accounts'], summary: '登录', body: loginBody, response: { 200: loginResponse } },
    },
    async (req, reply) => answer(reply, await accounts.login(req.body.username, req.body.password, auditActor(req), req.cookies[cookieName])),
  );

  app.post(
    '/auth/login/totp',
    {
      config: { auth: 'public', ignoreSession: true, rateLimit: { max: opts.rate.loginPerMin, timeWindow: '1 minute' } },
      schema: { tags: ['accounts'], summary: '登录第二步：动态口令', body: totpLoginBody, response: { 200: loginResponse } },
    },
    async (req, reply) => answer(reply, await accounts.loginTotp(req.body.challenge, req.body.code, auditActor(req), req.cookies[cookieName])),
  );

  app.post(
    '/auth/logout',
    {
      config: { auth: SIGNED_IN, allowPending: 'all' },
      schema: { tags: ['accounts'], summary: '退出登录', body: emptyBody, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await accounts.logout(req.cookies[cookieName], auditActor(req));
      reply.clearCookie(cookieName, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      config: { auth: SIGNED_IN, allowPending: 'all' },
      schema: {
        tags: ['accounts'],
        summary: '当前用户',
        response: { 200: sessionSchema },
      },
    },
    async (req) => {
      const a = req.actor!;
      return { user: await accounts.me(a.id), mustChangePassword: a.mustChangePassword, csrfToken: a.csrfToken };
    },
  );

  app.post(
    '/auth/password',
    {
      config: { auth: SIGNED_IN, allowPending: 'all' },
      schema: { tags: ['accounts'], summary: '修改密码', body: changePasswordBody, response: { 200: z.object({ user: userSchema }) } },
    },
    async (req) => accounts.changePassword(req.actor!, req.body.currentPassword, req.body.newPassword, auditActor(req)),
  );

  app.post(
    '/auth/totp/enroll',
    {
      config: { auth: SIGNED_IN, allowPending: 'mfa' },
      schema: { tags: ['accounts'], summary: '开始绑定动态口令', body: emptyBody, response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }) } },
    },
    async (req) => accounts.enrollTotp(req.actor!),
  );

  app.post(
    '/auth/totp/confirm',
    {
      config: { auth: SIGNED_IN, allowPending: 'mfa' },
      schema: { tags: ['accounts'], summary: '确认绑定动态口令', body: totpConfirmBody, response: { 200: z.object({ mfaEnrolled: z.boolean() }) } },
    },
    async (req) => accounts.confirmTotp(req.actor!, req.body.code, auditActor(req)),
  );

  app.post(
    '/users',
    {
      config: { auth: ['admin'] },
      schema: { tags: ['accounts'], summary: '创建工作人员账号', body: createUserBody, response: { 201: z.object({ user: userSchema }) } },
    },
    async (req, reply) => reply.status(201).send(await accounts.createUser(req.body, auditActor(req))),
  );

  app.get(
    '/users',
    {
      config: { auth: ['admin'] },
      schema: { tags: ['accounts'], summary: '用户列表（分页，按用户名）', querystring: userListQuery, response: { 200: userListSchema } },
    },
    async (req) => accounts.listUsers(req.query),
  );

  app.get(
    '/experts',
    {
      config: { auth: ['center', 'admin'] },
      schema: { tags: ['accounts'], summary: '评估专家名单（可指派的专家账号）', response: { 200: expertListSchema } },
    },
    async () => accounts.listExperts(),
  );

  // 资格审核 (通知 一): the centre decides on an organisation whose USCC type needs review
  app.post(
    '/organizations/:id/eligibility-review',
    {
      config: { auth: ['center'] },
      schema: {
        tags: ['accounts'],
        summary: '申报单位资格审核（市职鉴中心）',
        params: idParams,
        body: eligibilityReviewBody,
        response: { 200: eligibilityReviewResponse },
      },
    },
    async (req) => accounts.reviewEligibility(req.params.id, req.body, req.actor!, auditActor(req)),
  );

  app.post(
    '/users/:id/unlock',
    {
      config: { auth: ['admin'] },
      schema: { tags: ['accounts'], summary: '解锁账号', params: idParams, body: emptyBody, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await accounts.unlock(req.params.id, auditActor(req));
      return reply.status(204).send(null);
    },
  );
};
