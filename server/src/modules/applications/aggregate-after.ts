import { isDeepStrictEqual } from 'node:util';
import type { Decision } from '../../workflow/decide.js';
import type { Aggregate } from './application-aggregate.repository.js';
import { eventRow, type EventActor } from './applications.repository.js';
import type { ApplicationView } from './applications.view.js';

/**
 * The case as a command's one statement leaves it, from the case it read and what it wrote — the
 * command's answer without reading the case again (docs/decisions/0020, "the answer"). The write was
 * guarded by the version read (or made under the case's lock), so nothing else changed it between:
 * the case after = the case read + the decision + the command's own rows. What it does mirrors
 * `decisionWrites` (applications.repository.ts) and the command's extra writes; in tests every
 * answer is compared with a fresh read of the case (`ApplicationCommands.checkAnswers`).
 */
export type Added = (g: Aggregate) => Aggregate;

export function aggregateAfter(g: Aggregate, d: Decision, actor: EventActor, at: Date, added?: Added): Aggregate {
  const p = d.patch;
  const app: Aggregate['app'] = {
    ...g.app,
    status: d.status,
    version: g.app.version + 1,
    updated_at: at,
    has_due_deadline: false,
    ...(p.submittedAt ? { submitted_at: p.submittedAt } : {}),
    ...(p.firstSubmittedAt ? { first_submitted_at: p.firstSubmittedAt } : {}),
    ...(p.correctionDueOn !== undefined ? { correction_due_on: p.correctionDueOn } : {}),
    ...(p.institutionPassedOn ? { institution_passed_on: p.institutionPassedOn } : {}),
    ...(p.newRecommendationRound ? { recommendation_round: g.app.recommendation_round + 1 } : {}),
  };
  const items = g.items.map((i) => {
    const ch = d.items.find((x) => x.id === i.id);
    if (!ch) return i;
    return { ...i, status: ch.status, ...(ch.projectEvaluationDueOn !== undefined ? { project_evaluation_due_on: ch.projectEvaluationDueOn } : {}) };
  });
  // the history's new lines, after the old (ordered by their serial id, which only grows)
  const events = [...g.events, ...d.events.map((e) => ({ id: '', ...eventRow(g.app.id, e, actor, at) }))];
  const after = { ...g, app, items, events };
  return added ? added(after) : after;
}

/**
 * A case's rows in the order its read gives them (application-aggregate.repository.ts): by their
 * instant, then by id (uuid order is the order of its lowercase text) — rows of one command share an instant.
 */
export function inCaseOrder<T>(rows: T[], at: (r: T) => Date, id: (r: T) => string): T[] {
  return rows.sort((a, b) => at(a).getTime() - at(b).getTime() || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

/**
 * The check of an answer against the case read again: null when they agree — or when the case moved
 * on in between (another version: a concurrent command, nothing to compare) —, else the top-level
 * fields that differ, as JSON.
 */
export function answerMismatch(answer: ApplicationView, fresh: ApplicationView): string | null {
  if (fresh.version !== answer.version || isDeepStrictEqual(answer, fresh)) return null;
  const keys = new Set([...Object.keys(answer), ...Object.keys(fresh)]) as Set<keyof ApplicationView>;
  return [...keys]
    .filter((k) => !isDeepStrictEqual(answer[k], fresh[k]))
    .map((k) => `${k}: answered ${JSON.stringify(answer[k])}, read ${JSON.stringify(fresh[k])}`)
    .join('\n');
}
