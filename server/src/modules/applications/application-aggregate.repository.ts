import { CompiledQuery, sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';

import type { DbOrTx } from '../../platform/db/database.js';
import type { ApplicationCase } from '../../workflow/case.js';
import { shanghaiDateOf } from '../../workflow/time.js';

/** One application as the rules see it: loaded with everything decide() reads, in one statement. */

/** "The same occupation (work type)" of 三(四): code + work type; the printed name where there is no code. */
export function occupationKey(code: string | null, workType: string | null, name: string): string {
  return code ? `${code}|${workType ?? ''}` : `name:${name}`;
}

/** jsonb carries timestamps as ISO text and bigints as numbers: back to what the pg driver gives. */
const toDate = (v: unknown): Date => new Date(v as string);
const toDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));
const toText = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? v.toString() : JSON.stringify(v));
const toTextOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : toText(v));

/**
 * Everything stored about one application in one statement: the application with its campaign and
 * organisation, and each collection as a json array (one round trip instead of ten). With
 * `forUpdate` the application row is locked first, by a statement of its own, so the collections
 * are read by a later statement — under READ COMMITTED, after the lock is held, they show what the
 * previous holder committed. The organisation's other submissions (for the one-year rule) are read
 * only when `withPrior` is asked for: submitting and the checklist need them, nothing else does.
 */
/** The case's one statement, built for the given values (see `aggregateStatement`). */
function aggregateQuery(db: DbOrTx, id: string, dueBy: Date | null, withPrior: boolean, byItem: boolean) {
  return (
    db
      .selectFrom('applications as a')
      .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
      .innerJoin('organizations as o', 'o.id', 'a.organization_id')
      .selectAll('a')
      .select(['c.opens_at', 'c.closes_at', 'c.rules', 'c.doc_number', 'c.title as campaign_title'])
      .select([
        'o.name as org_name',
        'o.uscc',
        'o.legal_form',
        'o.district as org_district',
        'o.address as org_address',
        'o.legal_representative',
        'o.contact_name',
        'o.contact_phone',
        'o.contact_email',
        'o.eligibility',
      ])
      // whether a statutory clock of the case has run out by `dueBy` and is still to be applied (a
      // command then applies it first), and the working-day calendar's revision (a node's copy is
      // current when it has this one) — so a command reads nothing else before it decides (0020)
      .select((eb) => [
        eb
          .exists(
            eb
              .selectFrom('deadlines as d')
              .select('d.id')
              .where('d.applied_at', 'is', null)
              .where('d.cancelled_at', 'is', null)
              .where('d.due_at', '<=', dueBy)
              .where((x) =>
                x.or([
                  x('d.subject_id', '=', sql<string>`a.id::text`),
                  x(
                    'd.subject_id',
                    'in',
                    x
                      .selectFrom('application_items as di')
                      .select(sql<string>`di.id::text`.as('id'))
                      .whereRef('di.application_id', '=', 'a.id'),
                  ),
                ]),
              ),
          )
          .as('has_due_deadline'),
        eb.selectFrom('calendar_revision').select('revision').where('id', '=', 1).as('calendar_revision'),
      ])
      // the centre's eligibility review in force (一; 0011), shown with the organisation
      .select((eb) =>
        jsonObjectFrom(
          eb
            .selectFrom('organization_eligibility_reviews as er')
            .select(['er.decision', 'er.reason', 'er.reviewed_at', 'er.reviewer_name'])
            .whereRef('er.organization_id', '=', 'a.organization_id')
            .orderBy('er.reviewed_at', 'desc')
            .orderBy('er.id', 'desc')
            .limit(1),
        ).as('eligibility_review'),
      )
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('application_items as i')
            .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
            .select([
              'i.id',
              'i.campaign_item_id',
              'i.levels',
              'i.status',
              'i.project_evaluation_due_on',
              'ci.seq',
              'ci.name',
              'ci.occupation_code',
              'ci.work_type',
              'ci.levels as offered_levels',
            ])
            .whereRef('i.application_id', '=', 'a.id')
            .orderBy('i.position'),
        ).as('items'),
        jsonArrayFrom(eb.selectFrom('sites as s').selectAll('s').whereRef('s.application_id', '=', 'a.id').orderBy('s.position')).as('sites'),
        jsonArrayFrom(
          eb
            .selectFrom('materials as m')
            .selectAll('m')
            .whereRef('m.application_id', '=', 'a.id')
            .where('m.deleted_at', 'is', null)
            .orderBy('m.uploaded_at')
            .orderBy('m.id'),
        ).as('materials'),
        jsonArrayFrom(
          eb
            .selectFrom('recommendations as r')
            .innerJoin('users as ru', 'ru.id', 'r.by_user')
            .selectAll('r')
            .select('ru.display_name as by_display_name')
            .whereRef('r.application_id', '=', 'a.id')
            .orderBy('r.at')
            .orderBy('r.id'),
        ).as('recommendations'),
        jsonArrayFrom(
          eb
            .selectFrom('expert_assignments as e')
            .innerJoin('users as u', 'u.id', 'e.expert_id')
            .select(['e.expert_id', 'e.assigned_at', 'u.display_name'])
            .whereRef('e.application_id', '=', 'a.id')
            .orderBy('e.assigned_at')
            .orderBy('e.expert_id'),
        ).as('experts'),
        jsonArrayFrom(
          eb
            .selectFrom('expert_reviews as r')
            .innerJoin('users as u', 'u.id', 'r.expert_id')
            .selectAll('r')
            .select('u.display_name')
            .whereRef('r.application_id', '=', 'a.id')
            .orderBy('r.at')
            .orderBy('r.id'),
        ).as('reviews'),
        jsonArrayFrom(eb.selectFrom('site_inspections as si').selectAll('si').whereRef('si.application_id', '=', 'a.id').orderBy('si.at').orderBy('si.id')).as(
          'inspections',
        ),
        jsonArrayFrom(eb.selectFrom('application_events as ev').selectAll('ev').whereRef('ev.application_id', '=', 'a.id').orderBy('ev.id')).as('events'),
        jsonArrayFrom(
          eb
            .selectFrom('filings as f')
            .innerJoin('application_items as fi', 'fi.id', 'f.application_item_id')
            .select([
              'f.receipt_no',
              'f.application_item_id',
              'f.filed_on',
              'f.valid_until',
              'f.status',
              'f.revoked_at',
              'f.revoke_reason',
              'f.suspended_at',
              'f.suspend_reason',
              'f.reported_at',
            ])
            .whereRef('fi.application_id', '=', 'a.id'),
        ).as('filings'),
        // 三(四) one-year rule: every item this organisation submitted in any other application, as it was
        // submitted (submitted_items, 0012) — removing an item or withdrawing afterwards changes nothing
        jsonArrayFrom(
          eb
            .selectFrom('submitted_items as ps')
            .select(['ps.application_id', 'ps.submitted_at as first_submitted_at', 'ps.occupation_code', 'ps.work_type', 'ps.name'])
            .whereRef('ps.organization_id', '=', 'a.organization_id')
            .whereRef('ps.application_id', '<>', 'a.id')
            .where(sql<boolean>`${withPrior}`),
        ).as('prior'),
      ])
      .$if(!byItem, (q) => q.where('a.id', '=', id))
      .$if(byItem, (q) => q.where('a.id', '=', (eb) => eb.selectFrom('application_items').select('application_id').where('id', '=', id)))
  );
}

type AggregateRow = NonNullable<Awaited<ReturnType<ReturnType<typeof aggregateQuery>['executeTakeFirst']>>>;

/**
 * The statement is the same text every time: built and compiled once per shape (by application or by
 * item) with stand-ins for its three values, which each call puts in their places — Kysely's building
 * was ~16 % of a node's CPU in the transitions bench, the text is what PostgreSQL prepares (0020).
 */
const ID = { stand: 'id' };
const DUE = { stand: 'dueBy' };
const PRIOR = { stand: 'withPrior' };
const compiledShapes = new Map<boolean, { sql: string; parameters: readonly unknown[] }>();
function aggregateStatement(db: DbOrTx, byItem: boolean, values: { id: string; dueBy: Date | null; withPrior: boolean }) {
  let shape = compiledShapes.get(byItem);
  if (!shape) {
    const c = aggregateQuery(db, ID as unknown as string, DUE as unknown as Date, PRIOR as unknown as boolean, byItem).compile();
    shape = { sql: c.sql, parameters: c.parameters };
    compiledShapes.set(byItem, shape);
  }
  const parameters = shape.parameters.map((p) => (p === ID ? values.id : p === DUE ? values.dueBy : p === PRIOR ? values.withPrior : p));
  return CompiledQuery.raw(shape.sql, parameters);
}

export interface LoadOptions {
  /** lock the application's row first (a statement of its own; see above) */
  forUpdate?: boolean;
  /** the organisation's submissions in other applications (the one-year rule) */
  withPrior?: boolean;
  /** answer `has_due_deadline`: whether a clock of the case has run out by this instant */
  dueBy?: Date | null;
  /** `id` names one of the application's items, not the application */
  byItem?: boolean;
}

export async function loadAggregate(db: DbOrTx, id: string, opts: LoadOptions = {}) {
  const { forUpdate = false, withPrior = false, dueBy = null, byItem = false } = opts;
  if (forUpdate) {
    const locked = await db.selectFrom('applications').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!locked) return null;
  }
  const { rows } = await db.executeQuery<AggregateRow>(aggregateStatement(db, byItem, { id, dueBy, withPrior }));
  const row = rows[0];
  if (!row) return null;
  const { items, sites, materials, recommendations, experts, reviews, inspections, events, filings, prior, ...app } = row;
  return {
    app,
    items,
    sites,
    materials: materials.map((m) => ({ ...m, size: toText(m.size), uploaded_at: toDate(m.uploaded_at), deleted_at: toDateOrNull(m.deleted_at) })),
    recommendations: recommendations.map((r) => ({ ...r, at: toDate(r.at) })),
    experts: experts.map((e) => ({ ...e, assigned_at: toDate(e.assigned_at) })),
    reviews: reviews.map((r) => ({ ...r, score: toTextOrNull(r.score), at: toDate(r.at) })),
    inspections: inspections.map((i) => ({ ...i, at: toDate(i.at) })),
    events: events.map((e) => ({ ...e, id: toText(e.id), at: toDate(e.at) })),
    filings: filings.map((f) => ({
      ...f,
      revoked_at: toDateOrNull(f.revoked_at),
      suspended_at: toDateOrNull(f.suspended_at),
      reported_at: toDateOrNull(f.reported_at),
    })),
    prior: prior.map((p) => ({ ...p, first_submitted_at: toDateOrNull(p.first_submitted_at) })),
  };
}

export type Aggregate = NonNullable<Awaited<ReturnType<typeof loadAggregate>>>;

export function toCase(g: Aggregate): ApplicationCase {
  const { app } = g;
  return {
    id: app.id,
    organizationId: app.organization_id,
    organizationEligibility: app.eligibility,
    status: app.status,
    industryAuthority: app.industry_authority,
    campaign: { opensAt: new Date(app.opens_at), closesAt: new Date(app.closes_at), rules: app.rules },
    items: g.items.map((i) => ({
      id: i.id,
      seq: i.seq,
      name: i.name,
      occupationKey: occupationKey(i.occupation_code, i.work_type, i.name),
      levels: i.levels,
      status: i.status,
      projectEvaluationDueOn: i.project_evaluation_due_on,
    })),
    sites: g.sites.map((s) => ({ id: s.id, name: s.name, district: s.district })),
    materials: g.materials.map((m) => ({ kind: m.kind, itemId: m.item_id })),
    recommendations: g.recommendations
      .filter((r) => r.round === app.recommendation_round)
      .map((r) => ({
        role: r.role as 'industry_authority' | 'district_hr',
        district: r.district,
        authority: r.authority,
        decision: r.decision as 'recommend' | 'decline',
      })),
    experts: g.experts.map((e) => e.expert_id),
    reviews: g.reviews.map((r) => ({
      expertId: r.expert_id,
      conflictOfInterest: r.conflict_of_interest,
      recommendation: r.recommendation as 'pass' | 'fail' | null,
    })),
    inspections: g.inspections.map((i) => ({ siteId: i.site_id, result: i.result as 'pass' | 'fail', at: new Date(i.at) })),
    correctionDueOn: app.correction_due_on,
    submittedAt: app.submitted_at ? new Date(app.submitted_at) : null,
    firstSubmittedAt: app.first_submitted_at ? new Date(app.first_submitted_at) : null,
    priorParticipations: g.prior.map((p) => ({
      occupationKey: occupationKey(p.occupation_code, p.work_type, p.name),
      itemName: p.name,
      submittedOn: shanghaiDateOf(new Date(p.first_submitted_at as Date)),
      applicationId: p.application_id,
    })),
  };
}
