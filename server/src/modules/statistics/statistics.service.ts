import type { z } from 'zod';
import type { statisticsQuery, statisticsSchema } from '../../../../contract/statistics.js';
import { APPLICATION_STATUSES, ITEM_STATUSES } from '../../../../contract/enums.js';
import type { ServiceContext } from '../../platform/context.js';
import { workingDaysLeft } from '../../workflow/calendar.js';
import { refuse } from '../../workflow/refusal.js';
import { shanghaiDateOf } from '../../workflow/time.js';
import { workingCalendar } from '../calendar/calendar.service.js';
import { applicationsByDistrict, applicationsByStatus, campaignExists, itemsByOccupation, itemsByStatus, upcomingDeadlines } from './statistics.repository.js';

/** At most this many open deadlines are listed (the counts are complete). */
export const UPCOMING_LIMIT = 200;

type Statistics = z.infer<typeof statisticsSchema>;

/** The centre's (and the bureau's) overview: counts computed by the database, from one snapshot. */
export class StatisticsService {
  constructor(private readonly ctx: Pick<ServiceContext, 'db' | 'clock'>) {}

  async overview(q: z.infer<typeof statisticsQuery>): Promise<Statistics> {
    const scope = { campaignId: q.campaignId };
    // one REPEATABLE READ snapshot: the counts agree with each other even while cases move
    const today = shanghaiDateOf(this.ctx.clock.now());
    return this.ctx.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (tx) => {
        if (scope.campaignId && !(await campaignExists(tx, scope.campaignId))) refuse('NOT_FOUND', '征集批次不存在。');
        const apps = await applicationsByStatus(tx, scope);
        const items = await itemsByStatus(tx, scope);
        const sum = (rows: { count: number }[]) => rows.reduce((t, r) => t + r.count, 0);
        // in the order of the vocabulary (the lifecycle), not the database's
        apps.sort((a, b) => APPLICATION_STATUSES.indexOf(a.status) - APPLICATION_STATUSES.indexOf(b.status));
        items.sort((a, b) => ITEM_STATUSES.indexOf(a.status) - ITEM_STATUSES.indexOf(b.status));
        // what is left of each deadline, in working days by the administrator's calendar (read only when something is due)
        const upcoming = await upcomingDeadlines(tx, scope, UPCOMING_LIMIT);
        const calendar = upcoming.length ? await workingCalendar(tx) : undefined;
        const left = (dueOn: string) => (calendar ? (workingDaysLeft(calendar, today, dueOn) ?? undefined) : undefined);
        return {
          ...(scope.campaignId ? { campaignId: scope.campaignId } : {}),
          applications: { total: sum(apps), byStatus: apps.map((r) => ({ status: r.status, count: r.count })) },
          items: { total: sum(items), byStatus: items.map((r) => ({ status: r.status, count: r.count })) },
          byOccupation: await itemsByOccupation(tx, scope),
          byDistrict: await applicationsByDistrict(tx, scope),
          upcoming: upcoming.map((d) => {
            const n = left(d.dueOn);
            return n === undefined ? d : { ...d, workingDaysLeft: n };
          }),
        };
      });
  }
}
