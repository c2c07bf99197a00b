import type { Blocker, ErrorCode } from '../../../contract/errors.js';

/**
 * A rule refused a command. Carries a stable code, a sentence in Chinese that tells the
 * person what to do, and — when a rule of the notice refused it — the clause (e.g. `四(二)`).
 * Pure: the HTTP layer maps it to application/problem+json.
 */
export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly clause?: string,
    readonly extra: { blockers?: Blocker[]; [k: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'Refusal';
  }
}

export function refuse(code: ErrorCode, detail: string, clause?: string, extra?: Refusal['extra']): never {
  throw new Refusal(code, detail, clause, extra);
}
