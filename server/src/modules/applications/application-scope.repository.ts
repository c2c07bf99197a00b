import { containing, startingWith } from '../../platform/db/like.js';
import { sql, type RawBuilder } from 'kysely';
import type { SessionActor } from '../../platform/http/types.js';

/**
 * The SQL conditions the work lists share (GET /applications, GET /application-items), over an
 * application aliased `a` (and an item aliased `i`): what the caller may see, and what waits for the
 * caller's own act. Values are bound parameters; the aliases are fixed by the callers.
 */
type Cond = RawBuilder<boolean>;
const NONE = '00000000-0000-0000-0000-000000000000';
const TRUE: Cond = sql<boolean>`true`;
const FALSE: Cond = sql<boolean>`false`;

/** Item statuses after the bureau's decision (its 已处理); with project_passed/failed the centre's. */
const BUREAU_DECIDED = sql.join(['approved', 'not_approved', 'in_publicity', 'objection_upheld', 'filed'].map((s) => sql.lit(s)));
const CENTER_EVALUATED = sql.join(
  ['project_passed', 'project_failed', 'approved', 'not_approved', 'in_publicity', 'objection_upheld', 'filed'].map((s) => sql.lit(s)),
);

/** api-v1 `GET /applications`: applicants their own; district_hr a site in its district; authority named; expert assigned. */
export function scopeOf(actor: SessionActor): Cond {
  switch (actor.role) {
    case 'applicant':
      return sql<boolean>`a.organization_id = ${actor.organizationId ?? NONE}`;
    case 'industry_authority':
      return sql<boolean>`a.industry_authority = ${actor.authority ?? ''}`;
    case 'district_hr':
      return sql<boolean>`exists (select 1 from sites s where s.application_id = a.id and s.district = ${actor.district ?? ''})`;
    case 'expert':
      return sql<boolean>`exists (select 1 from expert_assignments e where e.application_id = a.id and e.expert_id = ${actor.id})`;
    default:
      return TRUE;
  }
}

/** A recommendation row `r` given by the caller's own department (its line of requiredRecommendations). */
function myLine(actor: SessionActor): Cond {
  return actor.role === 'industry_authority'
    ? sql<boolean>`r.role = 'industry_authority' and r.authority = ${actor.authority ?? ''}`
    : sql<boolean>`r.role = 'district_hr' and r.district = ${actor.district ?? ''}`;
}

const hasItem = (statuses: RawBuilder<unknown>) =>
  sql<boolean>`exists (select 1 from application_items qi where qi.application_id = a.id and qi.status in (${statuses}))`;

/** Whether application `a` waits for the caller's act, and whether the caller has handled it (disjoint). */
export function applicationQueue(actor: SessionActor): { mine: Cond; handled: Cond } {
  switch (actor.role) {
    case 'industry_authority':
    case 'district_hr': {
      // its line not yet given in the current round (a new round after a decline asks again)
      const mine = sql<boolean>`(a.status = 'awaiting_recommendation' and not exists (select 1 from recommendations r where r.application_id = a.id and r.round = a.recommendation_round and ${myLine(actor)}))`;
      const handled = sql<boolean>`(not ${mine} and exists (select 1 from recommendations r where r.application_id = a.id and ${myLine(actor)}))`;
      return { mine, handled };
    }
    case 'expert': {
      const reviewed = sql<boolean>`exists (select 1 from expert_reviews r where r.application_id = a.id and r.expert_id = ${actor.id})`;
      return { mine: sql<boolean>`(a.status = 'accepted' and not ${reviewed})`, handled: reviewed };
    }
    case 'center': {
      // acceptance (submitted), experts, inspections and the institution evaluation (accepted), project evaluations
      const mine = sql<boolean>`(a.status in ('submitted', 'accepted') or (a.status = 'institution_passed' and ${hasItem(sql.join([sql.lit('project_evaluation'), sql.lit('project_submitted')]))}))`;
      const handled = sql<boolean>`(not ${mine} and a.status in ('returned', 'rejected', 'institution_passed', 'institution_failed'))`;
      return { mine, handled };
    }
    case 'bureau': {
      const mine = hasItem(sql.lit('project_passed'));
      return { mine, handled: sql<boolean>`(not ${mine} and ${hasItem(BUREAU_DECIDED)})` };
    }
    case 'applicant': {
      const mine = sql<boolean>`(a.status in ('draft', 'recommendation_declined', 'recommended', 'returned') or (a.status = 'institution_passed' and ${hasItem(sql.lit('project_evaluation'))}))`;
      return { mine, handled: sql<boolean>`(not ${mine})` };
    }
    default:
      return { mine: FALSE, handled: FALSE };
  }
}

/** Whether item `i` (of application `a`) waits for the caller's act, and whether the caller has handled it. */
export function itemQueue(actor: SessionActor): { mine: Cond; handled: Cond } {
  switch (actor.role) {
    case 'center':
      return { mine: sql<boolean>`i.status in ('project_evaluation', 'project_submitted')`, handled: sql<boolean>`i.status in (${CENTER_EVALUATED})` };
    case 'bureau':
      return { mine: sql<boolean>`i.status = 'project_passed'`, handled: sql<boolean>`i.status in (${BUREAU_DECIDED})` };
    case 'applicant':
      return {
        mine: sql<boolean>`(i.status = 'project_evaluation' and a.status = 'institution_passed')`,
        handled: sql<boolean>`i.status not in ('pending', 'project_evaluation')`,
      };
    default:
      return { mine: FALSE, handled: FALSE };
  }
}

/** The caller's own recommendation (recommenders) and review (experts), as json, for a list row. */
export function myActs(actor: SessionActor): { recommendation: RawBuilder<unknown>; review: RawBuilder<unknown> } {
  const isRecommender = actor.role === 'industry_authority' || actor.role === 'district_hr';
  return {
    recommendation: isRecommender
      ? sql`(select json_build_object('decision', r.decision, 'at', extract(epoch from r.at) * 1000, 'current', r.round = a.recommendation_round)
          from recommendations r where r.application_id = a.id and ${myLine(actor)} order by r.round desc, r.at desc limit 1)`
      : sql`null`,
    review:
      actor.role === 'expert'
        ? sql`(select json_build_object('coi', r.conflict_of_interest, 'score', r.score, 'rec', r.recommendation, 'opinion', r.opinion, 'at', extract(epoch from r.at) * 1000)
          from expert_reviews r where r.application_id = a.id and r.expert_id = ${actor.id} order by r.at desc limit 1)`
        : sql`null`,
  };
}

/** NFKC-folded search: any part of the organisation's name (`o`), or the start of its USCC. */
export function searchOf(q: string): Cond {
  const uscc = q
    .normalize('NFKC')
    .replace(/[\s-]+/g, '')
    .toUpperCase();
  return sql<boolean>`(o.name ilike ${containing(q)} or o.uscc like ${startingWith(uscc)})`;
}
