import type { FastifyRequest } from 'fastify';
import { ROLE_LABELS } from '../../../../contract/enums.js';
import type { AuditActor } from '../audit/audit.js';
import type { SessionActor } from './types.js';

/** Who did it, as the audit log and the case history record it. */
export function auditActor(request: FastifyRequest): AuditActor {
  const a = request.actor;
  return {
    id: a?.id ?? null,
    role: a?.role ?? null,
    label: a ? actorLabel(a) : '公众',
    ip: request.ip,
    requestId: request.id,
  };
}

export function actorLabel(a: Pick<SessionActor, 'displayName' | 'role'>): string {
  return `${a.displayName}（${ROLE_LABELS[a.role]}）`;
}

export const SYSTEM_ACTOR: AuditActor = { id: null, role: null, label: '系统（期限届满自动处理）' };
