import { z } from 'zod';

const count = z.number().int().min(0);

/**
 * The three totals of one work list: what waits for the caller (`queue=mine`), what the caller
 * handled (`queue=handled`) and everything in the caller's scope (no `queue`) — each equal to the
 * `total` the list itself answers with the same query.
 */
export const queueCountsSchema = z
  .strictObject({
    mine: count.describe('待我处理：列表 queue=mine 的 total'),
    handled: count.describe('已处理：列表 queue=handled 的 total'),
    all: count.describe('全部：列表不带 queue 的 total'),
  })
  .meta({ id: 'QueueCounts' });

/**
 * GET /work-counts (issue 13): every count the back office's menu and work-list tabs show, in one
 * answer, scoped by role, district and authority exactly as the lists are. A list the caller may not
 * read is absent (an expert has no item list; the security auditor neither).
 */
export const workCountsSchema = z
  .strictObject({
    applications: queueCountsSchema.optional().describe('GET /applications 的三个计数（无筛选条件）'),
    applicationItems: queueCountsSchema.optional().describe('GET /application-items 的三个计数（无筛选条件）'),
    unreadMessages: count.describe('未读站内消息数（GET /inbox 的 unread）'),
  })
  .meta({ id: 'WorkCounts' });

export type QueueCounts = z.infer<typeof queueCountsSchema>;
export type WorkCounts = z.infer<typeof workCountsSchema>;
