import { z } from 'zod';

/** Kinds of notification (stable keys; the text is in the message itself). */
export const NOTIFICATION_KINDS = [
  'status_changed',
  'item_status_changed',
  'recommendation_requested',
  'expert_assigned',
  'project_deadline_reminder',
  'filing_expiry_reminder',
  'filing_issued',
  'filing_revoked',
  'filing_expired',
  'filing_suspended',
  'filing_resumed',
  'objection_received',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const notificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string(),
    body: z.string(),
    /** a path of the web app (e.g. /applications/…), when the message is about something to open */
    link: z.string().optional(),
    entityType: z.string().optional(),
    entityId: z.string().optional(),
    createdAt: z.string(),
    readAt: z.string().optional(),
  })
  .meta({ id: 'Notification' });

export const inboxQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const inboxSchema = z.object({ items: z.array(notificationSchema), total: z.number().int(), unread: z.number().int() }).meta({ id: 'Inbox' });
