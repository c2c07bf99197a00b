import '@fastify/cookie';
import type { Role } from '../../../../contract/enums.js';
import type { Actor } from '../../workflow/case.js';

/** The signed-in person as every layer sees them. */
export interface SessionActor extends Actor {
  username: string;
  displayName: string;
  sessionIdHash: string;
  csrfToken: string;
  mustChangePassword: boolean;
  mfaEnrolled: boolean;
}

/** Per-route access rule, declared next to the route and enforced before the body is validated. */
export type RouteAuth = 'public' | readonly Role[];

declare module 'fastify' {
  interface FastifyRequest {
    actor: SessionActor | null;
    /** filing events this process had written when the request arrived (the log waits for the ones it writes) */
    filingEventsSeen?: number;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
    /** public routes that must not consider a session cookie (objections: no session, no CSRF) */
    ignoreSession?: boolean;
    /** reachable while something is pending: 'all' (password change or MFA enrolment), 'mfa' (only MFA enrolment) */
    allowPending?: 'all' | 'mfa';
    /** checks the object is in the caller's scope before the body is validated (answers 404) */
    scope?: (request: FastifyRequest) => Promise<void>;
  }
}
