/**
 * Which of the wizard's six steps are done, and where to open it (issue 13, point 4): a step is ticked
 * only when its part is really complete — moving on with 下一步 ticks nothing — and an application
 * opens at the first step that still needs the applicant's work.
 */
import type { Application, Checklist } from '../../lib/types';
import type { WizardValues } from './draft-store';

export const STEP_COUNT = 6;
export const STEP_SUBMIT = 5;
const REQUESTED = ['awaiting_recommendation', 'recommended'];

export interface StepFacts {
  values: WizardValues;
  /** the catalogue's levels per item id (an item without levels is a 专项职业能力) */
  levelsOf: (itemId: string) => readonly number[] | undefined;
  app: Application | undefined;
  checklist: Checklist | undefined;
}

/** done[i] for each step; the submit step is done once the application has been submitted. */
export function stepsDone({ values, levelsOf, app, checklist }: StepFacts): boolean[] {
  const declared = !!values.declarations?.length && values.declarations.every(Boolean);
  const items = values.items ?? [];
  const sites = values.sites ?? [];
  const blockers = checklist?.blockers ?? [];
  const submitted = !!app && !['draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended', 'returned'].includes(app.status);
  return [
    !!values.industryAuthority && declared,
    items.length > 0 && items.every((i) => (levelsOf(i.itemId)?.length ?? 0) === 0 || i.levels.length > 0),
    sites.length > 0 && sites.every((s) => !!s.name?.trim() && !!s.address?.trim() && !!s.district),
    !!app && !!checklist && !blockers.some((b) => b.code === 'MATERIAL_MISSING'),
    !!app && (submitted || (REQUESTED.includes(app.status) && !!checklist && !blockers.some((b) => b.code === 'RECOMMENDATION_MISSING'))),
    submitted,
  ];
}

/**
 * Where the wizard opens when no step is asked for: the first step that needs work. Once
 * recommendations are asked for, items and sites are fixed and waiting is not work: the first of
 * materials or submit. A returned application opens at its materials (the usual correction).
 */
export function landingStep(facts: StepFacts): number {
  const { app } = facts;
  if (!app) return 0;
  const done = stepsDone(facts);
  if (app.status === 'returned') return done[3] ? STEP_SUBMIT : 3;
  if (REQUESTED.includes(app.status)) return done[3] ? STEP_SUBMIT : 3;
  const first = done.findIndex((d, i) => !d && i < STEP_SUBMIT);
  return first < 0 ? STEP_SUBMIT : first;
}
