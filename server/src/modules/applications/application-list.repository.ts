import { sql } from 'kysely';
import type { z } from 'zod';
import type { applicationListQuery } from '../../../../contract/applications.js';
import type { Db } from '../../platform/db/database.js';
import type { SessionActor } from '../../platform/http/types.js';
import { toShanghaiIso } from '../../workflow/time.js';
import { applicationQueue, myActs, scopeOf, searchOf } from './application-scope.repository.js';

type Query = z.infer<typeof applicationListQuery>;
interface MyRecommendation {
  decision: 'recommend' | 'decline';
  at: number;
  current: boolean;
}
interface MyReview {
  coi: boolean;
  score: number | null;
  rec: 'pass' | 'fail' | null;
  opinion: string;
  at: number;
}

const ORDER = {
  '-updatedAt': sql`a.updated_at desc, a.id`,
  updatedAt: sql`a.updated_at asc, a.id`,
  '-submittedAt': sql`a.submitted_at desc nulls last, a.id`,
  submittedAt: sql`a.submitted_at asc nulls last, a.id`,
  organizationName: sql`o.name asc, a.id`,
} as const;

/**
 * Lists exactly what the caller may see (api-v1 `GET /applications`), paged, sorted and counted by
 * the database; `queue` splits it into what waits for the caller (mine) and what the caller handled.
 * Each row says whether it waits for the caller, and carries the caller's own recommendation or
 * review, so a work list needs no request per row.
 */
export async function listApplications(db: Db, actor: SessionActor, q: Query) {
  const queue = applicationQueue(actor);
  let base = db.selectFrom('applications as a').innerJoin('organizations as o', 'o.id', 'a.organization_id').where(scopeOf(actor));
  if (q.campaignId) base = base.where('a.campaign_id', '=', q.campaignId);
  if (q.status) base = base.where('a.status', '=', q.status);
  if (q.q) base = base.where(searchOf(q.q));
  if (q.queue) base = base.where(queue[q.queue]);
  const acts = myActs(actor);
  const [{ total }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    base
      .select([
        'a.id',
        'a.campaign_id',
        'a.organization_id',
        'o.name',
        'o.uscc',
        'a.status',
        'a.industry_authority',
        'a.submitted_at',
        'a.correction_due_on',
        'a.updated_at',
      ])
      .select((eb) => [
        eb.selectFrom('application_items as i').select(eb.fn.countAll<string>().as('n')).whereRef('i.application_id', '=', 'a.id').as('item_count'),
        eb
          .selectFrom('sites as s')
          .select(sql<string[]>`array_agg(DISTINCT s.district ORDER BY s.district)`.as('d'))
          .whereRef('s.application_id', '=', 'a.id')
          .as('districts'),
        sql<boolean>`${queue.mine}`.as('awaiting_me'),
        sql<MyRecommendation | null>`${acts.recommendation}`.as('my_recommendation'),
        sql<MyReview | null>`${acts.review}`.as('my_review'),
      ])
      .orderBy(ORDER[q.sort])
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: r.id,
      campaignId: r.campaign_id,
      organizationId: r.organization_id,
      organizationName: r.name,
      uscc: r.uscc,
      status: r.status,
      industryAuthority: r.industry_authority,
      itemCount: Number(r.item_count ?? 0),
      districts: r.districts ?? [],
      ...(r.submitted_at ? { submittedAt: toShanghaiIso(new Date(r.submitted_at)) } : {}),
      ...(r.correction_due_on ? { correctionDueOn: r.correction_due_on } : {}),
      updatedAt: toShanghaiIso(new Date(r.updated_at)),
      awaitingMe: r.awaiting_me === true,
      ...(r.my_recommendation
        ? {
            myRecommendation: {
              decision: r.my_recommendation.decision,
              at: toShanghaiIso(new Date(Number(r.my_recommendation.at))),
              currentRound: r.my_recommendation.current,
            },
          }
        : {}),
      ...(r.my_review
        ? {
            myReview: {
              conflictOfInterest: r.my_review.coi,
              score: r.my_review.score === null ? null : Number(r.my_review.score),
              recommendation: r.my_review.rec,
              opinion: r.my_review.opinion,
              at: toShanghaiIso(new Date(Number(r.my_review.at))),
            },
          }
        : {}),
    })),
  };
}
