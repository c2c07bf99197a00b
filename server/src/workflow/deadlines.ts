import type { ApplicationCase } from './case.js';
import type { Decision } from './decide.js';
import { AWAITING_APPLICANT } from './decide.js';
import { addDays, endOfShanghaiDay, type IsoDate } from './time.js';

/** The statutory clocks of one application, as instants (24:00 Shanghai of the due day). */
export interface DeadlineInstant {
  kind: 'correction' | 'project_evaluation';
  subjectId: string;
  dueAt: Date;
}

export function deadlinesOf(c: ApplicationCase): DeadlineInstant[] {
  const out: DeadlineInstant[] = [];
  if (c.correctionDueOn && AWAITING_APPLICANT.includes(c.status)) {
    out.push({ kind: 'correction', subjectId: c.id, dueAt: endOfShanghaiDay(c.correctionDueOn) });
  }
  for (const i of c.items) {
    if (i.status === 'project_evaluation' && i.projectEvaluationDueOn) {
      out.push({ kind: 'project_evaluation', subjectId: i.id, dueAt: endOfShanghaiDay(i.projectEvaluationDueOn) });
    }
  }
  return out;
}

/**
 * What the passage of time has done to the case by `now`: a lapsed correction period rejects the
 * application (逾期未补正 — the call's own rule, not the notice's); a lapsed 3-month clock abandons the item (视作放弃, 三(四)).
 * The sweeper writes exactly this; reads and commands apply it first, so all three agree.
 */
export function applyDeadlines(c: ApplicationCase, now: Date): Decision | null {
  if (c.correctionDueOn && AWAITING_APPLICANT.includes(c.status) && now >= endOfShanghaiDay(c.correctionDueOn)) {
    return {
      status: 'rejected',
      patch: { correctionDueOn: c.correctionDueOn },
      items: [],
      events: [{ action: '逾期未补正', from: c.status, to: 'rejected', note: `补正期限 ${c.correctionDueOn} 24时届满，未重新提交，依本批次规则不予受理。` }],
    };
  }
  const lapsed = c.items.filter((i) => i.status === 'project_evaluation' && i.projectEvaluationDueOn && now >= endOfShanghaiDay(i.projectEvaluationDueOn));
  if (lapsed.length === 0) return null;
  return {
    status: c.status,
    patch: {},
    items: lapsed.map((i) => ({ id: i.id, status: 'abandoned' as const })),
    events: lapsed.map((i) => ({
      action: '逾期未完成项目评估，视作放弃',
      itemId: i.id,
      from: 'project_evaluation',
      to: 'abandoned',
      note: `项目评估期限 ${i.projectEvaluationDueOn} 24时届满。`,
    })),
  };
}

/** The first Shanghai day on which a deadline due at the end of `day` has passed. */
export function dayAfter(day: IsoDate): IsoDate {
  return addDays(day, 1);
}
