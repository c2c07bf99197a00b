import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';

import type { DbOrTx, Tx } from '../../platform/db/database.js';
import { addWrite, executeWrites, writes, type Writes } from '../../platform/db/one-statement.js';
import type { ApplicationCase, CaseEvent } from '../../workflow/case.js';
import type { Decision } from '../../workflow/decide.js';
import { deadlinesOf } from '../../workflow/deadlines.js';

export interface EventActor {
  id: string | null;
  label: string;
}

export async function insertEvents(tx: Tx, applicationId: string, events: CaseEvent[], actor: EventActor, at: Date): Promise<void> {
  if (events.length === 0) return;
  await eventsInsert(tx, applicationId, events, actor, at).execute();
}

/** A history line as stored (`application_events`, without its serial id). */
export function eventRow(applicationId: string, e: CaseEvent, actor: EventActor, at: Date) {
  return {
    application_id: applicationId,
    item_id: e.itemId ?? null,
    at,
    actor_id: actor.id,
    actor_label: actor.label,
    action: e.action,
    from_status: e.from ?? null,
    to_status: e.to ?? null,
    note: e.note ?? null,
  };
}

function eventsInsert(db: DbOrTx, applicationId: string, events: CaseEvent[], actor: EventActor, at: Date) {
  return db.insertInto('application_events').values(events.map((e) => eventRow(applicationId, e, actor, at)));
}

/** History of several applications in one insert (a sweep applying many deadlines). */
export async function insertEventsMany(tx: Tx, rows: readonly { applicationId: string; event: CaseEvent }[], actor: EventActor, at: Date): Promise<void> {
  const w = writes();
  eventsManyWrite(w, rows, actor, at);
  await executeWrites(tx, w);
}

/**
 * `insertEventsMany` as a part of a single write statement: the per-line columns as arrays
 * (`unnest`), the actor and the instant once — the statement does not grow with the set.
 */
export function eventsManyWrite(w: Writes, rows: readonly { applicationId: string; event: CaseEvent }[], actor: EventActor, at: Date): void {
  if (rows.length === 0) return;
  const col = (f: (r: { applicationId: string; event: CaseEvent }) => string | null | undefined) => rows.map((r) => f(r) ?? null);
  addWrite(
    w,
    sql`INSERT INTO application_events (application_id, item_id, at, actor_id, actor_label, action, from_status, to_status, note)
      SELECT t.application_id, t.item_id, ${at}::timestamptz, ${actor.id}::uuid, ${actor.label}::text, t.action, t.from_status, t.to_status, t.note
      FROM unnest(${col((r) => r.applicationId)}::uuid[], ${col((r) => r.event.itemId)}::uuid[], ${col((r) => r.event.action)}::text[],
        ${col((r) => r.event.from)}::text[], ${col((r) => r.event.to)}::text[], ${col((r) => r.event.note)}::text[])
        AS t(application_id, item_id, action, from_status, to_status, note)`,
  );
}

/** Writes a decision: application row (version bump), items, history, and the statutory clocks — one statement. */
export async function persistDecision(tx: Tx, c: ApplicationCase, d: Decision, actor: EventActor, at: Date): Promise<void> {
  const w = writes();
  decisionWrites(tx, w, c, d, actor, at);
  await executeWrites(tx, w);
}

/**
 * A decision's writes as parts of one statement (platform/db/one-statement.ts). With
 * `expectedVersion`, the application's row is updated only if its version is still the one the case
 * was read at — the statement's guard: otherwise nothing of it is written (40001) and the command is
 * decided again (optimistic concurrency, docs/decisions/0020).
 */
export function decisionWrites(db: DbOrTx, w: Writes, c: ApplicationCase, d: Decision, actor: EventActor, at: Date, expectedVersion?: number): void {
  const p = d.patch;
  const row = addWrite(
    w,
    db
      .updateTable('applications')
      .set((eb) => ({
        status: d.status,
        version: eb('version', '+', 1),
        updated_at: at,
        ...(p.submittedAt ? { submitted_at: p.submittedAt } : {}),
        ...(p.firstSubmittedAt ? { first_submitted_at: p.firstSubmittedAt } : {}),
        ...(p.correctionDueOn !== undefined ? { correction_due_on: p.correctionDueOn } : {}),
        ...(p.institutionPassedOn ? { institution_passed_on: p.institutionPassedOn } : {}),
        ...(p.newRecommendationRound ? { recommendation_round: eb('recommendation_round', '+', 1) } : {}),
      }))
      .where('id', '=', c.id)
      .$if(expectedVersion !== undefined, (q) => q.where('version', '=', expectedVersion!))
      .returning('id'),
  );
  if (expectedVersion !== undefined) w.guard = row;
  for (const it of d.items) {
    addWrite(
      w,
      db
        .updateTable('application_items')
        .set({ status: it.status, ...(it.projectEvaluationDueOn !== undefined ? { project_evaluation_due_on: it.projectEvaluationDueOn } : {}) })
        .where('id', '=', it.id)
        .where('application_id', '=', c.id),
    );
  }
  if (p.submittedAt) addWrite(w, submittedItemsWrite(c, p.submittedAt));
  if (d.events.length) addWrite(w, eventsInsert(db, c.id, d.events, actor, at));
  const next: ApplicationCase = {
    ...c,
    status: d.status,
    correctionDueOn: p.correctionDueOn !== undefined ? p.correctionDueOn : c.correctionDueOn,
    items: c.items.map((i) => {
      const ch = d.items.find((x) => x.id === i.id);
      return ch
        ? { ...i, status: ch.status, projectEvaluationDueOn: ch.projectEvaluationDueOn !== undefined ? ch.projectEvaluationDueOn : i.projectEvaluationDueOn }
        : i;
    }),
  };
  deadlineWrites(db, w, c, next);
}

/**
 * 三(四): what the organisation takes part in is fixed at the submit instant — the items and levels
 * submitted, with the catalogue's code, work type and name as they are now. An item already recorded
 * keeps its first instant; a resubmission can only add (items added while the window was open, levels).
 */
function submittedItemsWrite(c: ApplicationCase, submittedAt: Date) {
  return sql`
    INSERT INTO submitted_items (application_id, campaign_item_id, organization_id, occupation_code, work_type, name, levels, submitted_at)
    SELECT i.application_id, i.campaign_item_id, ${c.organizationId}::uuid, ci.occupation_code, ci.work_type, ci.name, i.levels, ${submittedAt}::timestamptz
    FROM application_items i JOIN campaign_items ci ON ci.id = i.campaign_item_id
    WHERE i.application_id = ${c.id}::uuid
    ON CONFLICT (application_id, campaign_item_id) DO UPDATE
      SET levels = ARRAY(SELECT DISTINCT l FROM unnest(submitted_items.levels || EXCLUDED.levels) AS l ORDER BY l DESC)
      WHERE NOT (EXCLUDED.levels <@ submitted_items.levels)`;
}

/**
 * Keeps the deadlines table equal to the clocks the case has now: cancels the stale ones and adds
 * the new — two parts on disjoint rows (a wanted clock is never among those cancelled).
 */
function deadlineWrites(db: DbOrTx, w: Writes, before: ApplicationCase, after: ApplicationCase): void {
  const subjects = [before.id, ...before.items.map((i) => i.id)];
  const wanted = deadlinesOf(after);
  addWrite(
    w,
    db
      .updateTable('deadlines')
      .set({ cancelled_at: new Date() })
      .where('subject_id', 'in', subjects)
      .where('kind', 'in', ['correction', 'project_evaluation'])
      .where('applied_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .$if(wanted.length > 0, (q) =>
        q.where(({ not, or, and, eb }) =>
          not(or(wanted.map((x) => and([eb('kind', '=', x.kind), eb('subject_id', '=', x.subjectId), eb('due_at', '=', x.dueAt)])))),
        ),
      ),
  );
  if (wanted.length) {
    addWrite(
      w,
      db
        .insertInto('deadlines')
        .values(wanted.map((x) => ({ kind: x.kind, subject_id: x.subjectId, due_at: x.dueAt })))
        .onConflict((oc) => oc.columns(['kind', 'subject_id', 'due_at']).doUpdateSet({ cancelled_at: null }).where('deadlines.applied_at', 'is', null)),
    );
  }
}

/**
 * Locks applications in id order (so two such writers never wait on each other) and moves their
 * version on: whoever changes a case outside its commands (a public notice, an objection, a filing)
 * tells a command that read it before — the command's guarded write then finds the version moved
 * and decides again (0020). One statement.
 */
export async function lockApplications(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .updateTable('applications')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('applications')
        .select('id')
        .where('id', 'in', [...ids].sort())
        .orderBy('id')
        .forUpdate(),
    )
    .execute();
}

export async function applicationIdOfItem(db: DbOrTx, itemId: string): Promise<string | null> {
  const r = await db.selectFrom('application_items').select('application_id').where('id', '=', itemId).executeTakeFirst();
  return r?.application_id ?? null;
}

/** Scope facts of an application, for the 404 check before a body is validated (one statement). */
export async function scopeFacts(db: DbOrTx, id: string) {
  const app = await db
    .selectFrom('applications as a')
    .select(['a.id', 'a.organization_id', 'a.industry_authority'])
    .select((eb) => [
      jsonArrayFrom(eb.selectFrom('sites as s').select(['s.id', 's.name', 's.district']).whereRef('s.application_id', '=', 'a.id').orderBy('s.position')).as(
        'sites',
      ),
      jsonArrayFrom(eb.selectFrom('expert_assignments as e').select('e.expert_id').whereRef('e.application_id', '=', 'a.id')).as('experts'),
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!app) return null;
  return { organizationId: app.organization_id, industryAuthority: app.industry_authority, sites: app.sites, experts: app.experts.map((e) => e.expert_id) };
}

/** Whether a statutory clock of this application has run out and is still to be applied. */
export async function hasDueDeadline(db: DbOrTx, id: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('deadlines as d')
    .select('d.id')
    .where('d.applied_at', 'is', null)
    .where('d.cancelled_at', 'is', null)
    .where('d.due_at', '<=', now)
    .where((eb) =>
      eb.or([
        eb('d.subject_id', '=', id),
        eb(
          'd.subject_id',
          'in',
          eb
            .selectFrom('application_items')
            .select(sql<string>`id::text`.as('id'))
            .where('application_id', '=', id),
        ),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return !!row;
}
