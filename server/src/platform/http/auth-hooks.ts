import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../../../contract/enums.js';
import { refuse } from '../../workflow/refusal.js';
import type { SessionStore } from '../auth/sessions.js';
import { safeEqual } from '../auth/tokens.js';

export interface AuthHookOptions {
  sessions: SessionStore;
  cookieName: string;
  mfaRequiredRoles: readonly Role[];
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Authentication, CSRF and role checks run in onRequest — before the body is parsed or validated —
 * so a caller without the role gets 401/403 whatever it sent (api-v1 conventions). Object scope
 * (404) runs in preValidation through the route's `scope` config.
 */
export function registerAuthHooks(app: FastifyInstance, opts: AuthHookOptions): void {
  app.decorateRequest('actor', null);

  app.addHook('onRequest', async (request) => {
    const cfg = request.routeOptions.config;
    const auth = cfg.auth;
    if (!auth) return; // not one of ours (404 handler, static files)
    const token = cfg.ignoreSession ? undefined : request.cookies[opts.cookieName];
    if (token) request.actor = await opts.sessions.resolve(token);

    if (auth === 'public') {
      if (request.actor && UNSAFE.has(request.method)) checkCsrf(request);
      return;
    }
    const actor = request.actor;
    if (!actor) refuse('UNAUTHENTICATED', token ? '登录已超时，请重新登录。' : '请先登录。');
    if (UNSAFE.has(request.method)) checkCsrf(request);
    // a password set by someone else is changed first; only then may the owner bind a second factor
    if (actor.mustChangePassword && cfg.allowPending !== 'all') {
      refuse('PASSWORD_CHANGE_REQUIRED', '您的密码由他人设置，请先修改密码后再继续。');
    }
    if (!cfg.allowPending && opts.mfaRequiredRoles.includes(actor.role) && !actor.mfaEnrolled) {
      refuse('MFA_ENROLMENT_REQUIRED', '您的角色须绑定动态口令（TOTP）后方可操作，请先完成绑定。');
    }
    if (!auth.includes(actor.role)) refuse('FORBIDDEN', '您的角色无权进行此操作。');
  });

  app.addHook('preValidation', async (request) => {
    const scope = request.routeOptions.config.scope;
    if (scope) await scope(request);
    // SEC-16: a route that declares no query parameters accepts none
    if (request.routeOptions.config.auth && !request.routeOptions.schema?.querystring) {
      const keys = Object.keys(request.query as object);
      if (keys.length) refuse('VALIDATION_FAILED', `此接口不接受查询参数：${keys.join('、')}。`);
    }
  });
}

function checkCsrf(request: FastifyRequest): void {
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !request.actor || !safeEqual(sent, request.actor.csrfToken)) {
    refuse('FORBIDDEN', '缺少或无效的安全令牌（X-CSRF-Token），请刷新页面后重试。');
  }
}
