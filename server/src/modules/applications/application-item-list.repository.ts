import { sql } from 'kysely';
import type { z } from 'zod';
import type { applicationItemListQuery } from '../../../../contract/applications.js';
import type { Db } from '../../platform/db/database.js';
import type { SessionActor } from '../../platform/http/types.js';
import { toShanghaiIso } from '../../workflow/time.js';
import { itemQueue, scopeOf, searchOf } from './application-scope.repository.js';

const ORDER = {
  '-updatedAt': sql`a.updated_at desc, a.id, ci.seq`,
  updatedAt: sql`a.updated_at asc, a.id, ci.seq`,
  organizationName: sql`o.name asc, a.id, ci.seq`,
  dueOn: sql`i.project_evaluation_due_on asc nulls last, o.name, ci.seq`,
} as const;

/**
 * `GET /application-items`: the items of the applications the caller may see, one row each, for
 * those who decide item by item (the centre's project evaluation, the bureau's consent); paged,
 * sorted and counted by the database, with the same `queue` split as the applications list.
 */
export async function listApplicationItems(db: Db, actor: SessionActor, q: z.infer<typeof applicationItemListQuery>) {
  const queue = itemQueue(actor);
  let base = db
    .selectFrom('application_items as i')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
    .where(scopeOf(actor));
  if (q.campaignId) base = base.where('a.campaign_id', '=', q.campaignId);
  if (q.status) base = base.where('i.status', '=', q.status);
  if (q.q) base = base.where(searchOf(q.q));
  if (q.queue) base = base.where(queue[q.queue]);
  const [{ total }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    base
      .select([
        'i.id',
        'i.application_id',
        'a.campaign_id',
        'a.organization_id',
        'o.name as org_name',
        'o.uscc',
        'ci.seq',
        'ci.name',
        'ci.occupation_code',
        'i.levels',
        'i.status',
        'a.status as app_status',
        'i.project_evaluation_due_on',
        'a.updated_at',
      ])
      .select(sql<boolean>`${queue.mine}`.as('awaiting_me'))
      .orderBy(ORDER[q.sort])
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: r.id,
      applicationId: r.application_id,
      campaignId: r.campaign_id,
      organizationId: r.organization_id,
      organizationName: r.org_name,
      uscc: r.uscc,
      seq: r.seq,
      name: r.name,
      occupationCode: r.occupation_code,
      levels: r.levels,
      status: r.status,
      applicationStatus: r.app_status,
      ...(r.project_evaluation_due_on ? { projectEvaluationDueOn: r.project_evaluation_due_on } : {}),
      awaitingMe: r.awaiting_me === true,
      updatedAt: toShanghaiIso(new Date(r.updated_at)),
    })),
  };
}
