import type { Role } from '../../../../contract/enums.js';
import type { WorkCounts } from '../../../../contract/work-counts.js';
import type { ServiceContext } from '../../platform/context.js';
import type { SessionActor } from '../../platform/http/types.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { countWork } from './work-counts.repository.js';

/** Who may read each list (the `auth` of GET /applications and GET /application-items in applications.routes.ts). */
export const APPLICATION_LIST_ROLES: readonly Role[] = ['applicant', 'industry_authority', 'district_hr', 'center', 'expert', 'bureau', 'admin'];
export const ITEM_LIST_ROLES: readonly Role[] = ['applicant', 'center', 'bureau', 'admin'];

/**
 * The back office's counts in one answer (issue 13): the work lists' totals per queue, for the lists
 * the caller may read, and its unread messages — what the menu and the lists' tabs show.
 */
export class WorkCountsService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly notifications: NotificationsService,
  ) {}

  async counts(actor: SessionActor): Promise<WorkCounts> {
    const lists = { applications: APPLICATION_LIST_ROLES.includes(actor.role), items: ITEM_LIST_ROLES.includes(actor.role) };
    const [work, unreadMessages] = await Promise.all([
      lists.applications || lists.items ? countWork(this.ctx.db, actor, lists) : {},
      this.notifications.unreadCount(actor),
    ]);
    return { ...work, unreadMessages };
  }
}
