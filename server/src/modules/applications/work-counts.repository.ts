import { sql, type RawBuilder } from 'kysely';
import type { QueueCounts } from '../../../../contract/work-counts.js';
import type { Db } from '../../platform/db/database.js';
import type { SessionActor } from '../../platform/http/types.js';
import { applicationQueue, itemQueue, scopeOf } from './application-scope.repository.js';

interface Raw {
  mine: string | number;
  handled: string | number;
  all: string | number;
}

/** The three totals of a list in one row: `count(*) filter (where …)` over the list's own FROM and WHERE. */
const totals = (q: { mine: RawBuilder<boolean>; handled: RawBuilder<boolean> }) =>
  sql<Raw>`json_build_object('mine', count(*) filter (where ${q.mine}), 'handled', count(*) filter (where ${q.handled}), 'all', count(*))`;

const toCounts = (r: Raw | null | undefined): QueueCounts => ({ mine: Number(r?.mine ?? 0), handled: Number(r?.handled ?? 0), all: Number(r?.all ?? 0) });

/**
 * GET /work-counts: the totals of `GET /applications` and `GET /application-items` for each `queue`,
 * in one statement. Each subquery has the joins and the conditions of its list (application-list and
 * application-item-list repositories: `scopeOf`, `applicationQueue`, `itemQueue`), so a count is the
 * `total` that list answers — the journey test compares them role by role.
 */
export async function countWork(db: Db, actor: SessionActor, lists: { applications: boolean; items: boolean }) {
  const row = await db
    .selectNoFrom((eb) => [
      (lists.applications
        ? eb
            .selectFrom('applications as a')
            .innerJoin('organizations as o', 'o.id', 'a.organization_id')
            .where(scopeOf(actor))
            .select(totals(applicationQueue(actor)).as('c'))
        : sql<Raw | null>`null`
      ).as('applications'),
      (lists.items
        ? eb
            .selectFrom('application_items as i')
            .innerJoin('applications as a', 'a.id', 'i.application_id')
            .innerJoin('organizations as o', 'o.id', 'a.organization_id')
            .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
            .where(scopeOf(actor))
            .select(totals(itemQueue(actor)).as('c'))
        : sql<Raw | null>`null`
      ).as('items'),
    ])
    .executeTakeFirstOrThrow();
  return {
    ...(lists.applications ? { applications: toCounts(row.applications) } : {}),
    ...(lists.items ? { applicationItems: toCounts(row.items) } : {}),
  };
}
