import type { z } from 'zod';
import type { statisticsQuery, statisticsSchema } from '../../../../contract/statistics.js';
import { APPLICATION_STATUSES, ITEM_STATUSES, type ApplicationStatus, type ItemStatus } from '../../../../contract/enums.js';
import type { Db } from '../../platform/db/database.js';
import { refuse } from '../../workflow/refusal.js';
import { applicationsByDistrict, applicationsByStatus, campaignExists, itemsByOccupation, itemsByStatus, upcomingDeadlines } from './statistics.repository.js';

/** At most this many open deadlines are listed (the counts are complete). */
export const UPCOMING_LIMIT = 200;

type Statistics = z.infer<typeof statisticsSchema>;

/** The centre's (and the bureau's) overview: counts computed by the database, from one snapshot. */
export class StatisticsService {
  constructor(private readonly db: Db) {}

  async overview(q: z.infer<typeof statisticsQuery>): Promise<Statistics> {
    const scope = { campaignId: q.campaignId };
    // one REPEATABLE READ snapshot: the counts agree with each other even while cases move
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (tx) => {
        if (scope.campaignId && !(await campaignExists(tx, scope.campaignId))) refuse('NOT_FOUND', '征集批次不存在。');
        const apps = await applicationsByStatus(tx, scope);
        const items = await itemsByStatus(tx, scope);
        const sum = (rows: { count: number }[]) => rows.reduce((t, r) => t + r.count, 0);
        // in the order of the vocabulary (the lifecycle), not the database's
        apps.sort((a, b) => APPLICATION_STATUSES.indexOf(a.status as ApplicationStatus) - APPLICATION_STATUSES.indexOf(b.status as ApplicationStatus));
        items.sort((a, b) => ITEM_STATUSES.indexOf(a.status as ItemStatus) - ITEM_STATUSES.indexOf(b.status as ItemStatus));
        return {
          ...(scope.campaignId ? { campaignId: scope.campaignId } : {}),
          applications: { total: sum(apps), byStatus: apps.map((r) => ({ status: r.status as ApplicationStatus, count: r.count })) },
          items: { total: sum(items), byStatus: items.map((r) => ({ status: r.status as ItemStatus, count: r.count })) },
          byOccupation: await itemsByOccupation(tx, scope),
          byDistrict: await applicationsByDistrict(tx, scope),
          upcoming: await upcomingDeadlines(tx, scope, UPCOMING_LIMIT),
        };
      });
  }
}
