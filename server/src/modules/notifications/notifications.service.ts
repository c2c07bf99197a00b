import type { z } from 'zod';
import type { inboxQuery, notificationSchema } from '../../../../contract/notifications.js';
import type { AppConfig } from '../../platform/config.js';
import type { ServiceContext } from '../../platform/context.js';
import crypto from 'node:crypto';
import type { DbOrTx, Tx } from '../../platform/db/database.js';
import { executeWrites, writes, type Writes } from '../../platform/db/one-statement.js';
import { organizationMessagesWrite } from './messages-many.repository.js';
import type { SessionActor } from '../../platform/http/types.js';
import type { ApplicationCase } from '../../workflow/case.js';
import type { Command, Decision } from '../../workflow/decide.js';
import { refuse } from '../../workflow/refusal.js';
import { toShanghaiIso } from '../../workflow/time.js';
import {
  applicationStatusMessage,
  expertAssignedMessage,
  filingMessage,
  itemStatusMessage,
  objectionMessage,
  recommendationRequestedMessage,
  type FilingNews,
  type Message,
} from './notification-messages.js';
import { openPersonal } from '../../platform/crypto/personal-data.js';
import {
  addInbox,
  addInboxMany,
  addOutboxMany,
  countUnread,
  eventsPart,
  inboxPart,
  outboxPart,
  applicationHeader,
  filingHeaders,
  type FilingHeader,
  insertEvent,
  insertEventsMany,
  organizationsAudience,
  itemHeader,
  listInbox,
  markRead,
  readOne,
  usersOf,
  type Audience,
} from './notifications.repository.js';

/**
 * The outbox side of every state change: called inside the transaction that makes the change, so a
 * message exists exactly when the change does (rolled back together). The in-app inbox row is the
 * message itself; email and SMS are outbox rows a worker delivers after commit.
 */
type NotifyConfig = Pick<AppConfig, 'mail' | 'smsDriver'>;

export async function notify(tx: Tx, config: NotifyConfig, m: Message, audiences: Audience[], at: Date): Promise<boolean> {
  const eventId = await insertEvent(tx, m, at);
  if (!eventId) return false; // told before (dedupe key)
  for (const a of audiences) {
    if ('organizationId' in a) await tellOrganizations(tx, config, [{ organizationId: a.organizationId, message: m, eventId }], at);
    else await addInbox(tx, eventId, await usersOf(tx, a), at);
  }
  return true;
}

/**
 * After a decision on an application (a command or a deadline): the applicant hears of every status
 * change of its application and its items; recommenders hear when asked (三(一)); experts when
 * assigned (三(三)).
 */
export async function notifyDecision(tx: Tx, config: NotifyConfig, c: ApplicationCase, cmd: Command | null, d: Decision, at: Date): Promise<void> {
  if (!tellsAnyone(c, cmd, d)) return;
  // read after the decision was written: its recommendation round is the one after it
  const h = await applicationHeader(tx, c.id);
  const w = writes();
  const header = { docNumber: h.doc_number, orgName: h.org_name, round: h.recommendation_round, contactEmail: h.contact_email, contactPhone: h.contact_phone };
  notifyDecisionWrites(tx, w, config, c, header, cmd, d, at);
  await executeWrites(tx, w);
}

const changesOf = (d: Decision) => d.events.filter((e) => e.to && e.to !== e.from);
const newExpertsOf = (c: ApplicationCase, cmd: Command | null) => (cmd?.type === 'assign_experts' ? cmd.expertIds.filter((id) => !c.experts.includes(id)) : []);
const tellsAnyone = (c: ApplicationCase, cmd: Command | null, d: Decision) => changesOf(d).length > 0 || newExpertsOf(c, cmd).length > 0;

/** What a decision's messages say of the case, as the command read it (no read of its own). */
export interface DecisionHeader {
  docNumber: string;
  orgName: string;
  /** the recommendation round after the decision */
  round: number;
  contactEmail: string | null;
  /** as stored (encrypted, SEC personal data) */
  contactPhone: string | null;
}

/**
 * notifyDecision as parts of the command's single write statement: the same messages to the same
 * people, written if and only if the decision is (platform/db/one-statement.ts). The audiences are
 * resolved by the statement itself; the organisation's contact comes with the case.
 */
export function notifyDecisionWrites(
  db: DbOrTx,
  w: Writes,
  config: NotifyConfig,
  c: ApplicationCase,
  h: DecisionHeader,
  cmd: Command | null,
  d: Decision,
  at: Date,
): void {
  const changes = changesOf(d);
  const newExperts = newExpertsOf(c, cmd);
  if (changes.length === 0 && newExperts.length === 0) return;
  const a = { id: c.id, docNumber: h.docNumber, orgName: h.orgName, round: h.round };
  const told: { id: string; message: Message; audiences: Audience[] }[] = changes.map((e) => {
    const item = e.itemId ? c.items.find((i) => i.id === e.itemId) : undefined;
    const message = item
      ? itemStatusMessage(a, item, { from: e.from, to: e.to!, note: e.note })
      : applicationStatusMessage(a, { from: e.from, to: e.to!, note: e.note });
    return { id: crypto.randomUUID(), message, audiences: [{ organizationId: c.organizationId }] };
  });
  if (changes.some((e) => !e.itemId && e.to === 'awaiting_recommendation')) {
    const districts = [...new Set(c.sites.map((s) => s.district))];
    told.push({ id: crypto.randomUUID(), message: recommendationRequestedMessage(a), audiences: [{ authority: c.industryAuthority }, { districts }] });
  }
  if (newExperts.length) told.push({ id: crypto.randomUUID(), message: expertAssignedMessage(a), audiences: [{ userIds: newExperts }] });
  const events = eventsPart(db, w, told, at);
  const outbox: { eventId: string; channel: 'email' | 'sms'; address: string }[] = [];
  for (const t of told) {
    inboxPart(w, events, t.id, t.audiences, at);
    if (!t.audiences.some((x) => 'organizationId' in x)) continue;
    if (config.mail && h.contactEmail) outbox.push({ eventId: t.id, channel: 'email', address: h.contactEmail.trim() });
    if (t.message.sms && config.smsDriver !== 'off' && h.contactPhone)
      outbox.push({ eventId: t.id, channel: 'sms', address: openPersonal(h.contactPhone).trim() });
  }
  outboxPart(w, events, outbox);
}

/** An item's status changed outside a decision (public notice, upheld objection). */
export async function notifyItemStatus(tx: Tx, config: NotifyConfig, itemId: string, e: { from?: string; to: string; note?: string }, at: Date): Promise<void> {
  const item = await itemHeader(tx, itemId);
  const h = await applicationHeader(tx, item.application_id);
  await notify(tx, config, itemStatusMessage({ id: h.id, docNumber: h.doc_number }, item, e), [{ organizationId: h.organization_id }], at);
}

/** 备案 issued, revoked, expired — the applicant is told, with the receipt number. */
export async function notifyFiling(tx: Tx, config: NotifyConfig, receiptNo: string, what: FilingNews, at: Date): Promise<void> {
  await notifyFilings(tx, config, [receiptNo], what, at);
}

/** The same for many filings in one go (a public notice ending, a sweep of expiries): a handful of statements whatever their number. */
export async function notifyFilings(tx: Tx, config: NotifyConfig, receiptNos: readonly string[], what: FilingNews, at: Date): Promise<void> {
  await notifyFilingsOf(tx, config, await filingHeaders(tx, receiptNos), what, at);
}

/** The message of a filing's news, from the filing's facts as read. */
const filingMessageOf = (what: FilingNews, f: FilingHeader) =>
  filingMessage(what, { receiptNo: f.receipt_no, itemName: f.item_name, validUntil: f.valid_until, reason: f.revoke_reason, suspendReason: f.suspend_reason });

/** `notifyFilings` from the facts the caller already read (a sweep chunk reads them once, under its lock). */
export async function notifyFilingsOf(tx: Tx, config: NotifyConfig, headers: readonly FilingHeader[], what: FilingNews, at: Date): Promise<void> {
  await notifyOrganizations(
    tx,
    config,
    headers.map((f) => ({
      organizationId: f.organization_id,
      message: filingMessageOf(what, f),
    })),
    at,
  );
}

/**
 * `notifyFilingsOf` as parts of a single write statement (a sweep chunk): the same messages to the
 * same people, from facts the caller read under its lock — the organisation's contact included, so
 * nothing is read again (platform/db/one-statement.ts).
 */
export function notifyFilingsWrite(
  w: Writes,
  config: NotifyConfig,
  headers: readonly (FilingHeader & { contact_email: string | null; contact_phone: string | null })[],
  what: FilingNews,
  at: Date,
): void {
  const told = headers.map((f) => ({
    id: crypto.randomUUID(),
    organizationId: f.organization_id,
    message: filingMessageOf(what, f),
  }));
  const outbox: { eventId: string; channel: 'email' | 'sms'; address: string }[] = [];
  told.forEach((t, k) => {
    const f = headers[k]!;
    if (config.mail && f.contact_email) outbox.push({ eventId: t.id, channel: 'email', address: f.contact_email.trim() });
    if (t.message.sms && config.smsDriver !== 'off' && f.contact_phone)
      outbox.push({ eventId: t.id, channel: 'sms', address: openPersonal(f.contact_phone).trim() });
  });
  organizationMessagesWrite(w, told, outbox, at);
}

/**
 * `notify` for many messages, each to one organisation (its applicants' inboxes, its contact by email
 * and, for urgent ones, SMS) — the same rules, in one statement per table.
 */
export async function notifyOrganizations(
  tx: Tx,
  config: NotifyConfig,
  list: readonly { organizationId: string; message: Message }[],
  at: Date,
): Promise<void> {
  const eventIds = await insertEventsMany(
    tx,
    list.map((l) => l.message),
    at,
  );
  const told = list.map((l, i) => ({ ...l, eventId: eventIds[i] })).filter((l): l is typeof l & { eventId: string } => l.eventId !== null);
  await tellOrganizations(tx, config, told, at);
}

/** How an organisation is told of an event already recorded: its applicants' inboxes, its contact by email and, for urgent ones, SMS. */
async function tellOrganizations(
  tx: Tx,
  config: NotifyConfig,
  told: readonly { organizationId: string; message: Message; eventId: string }[],
  at: Date,
): Promise<void> {
  if (told.length === 0) return;
  const { users, contacts } = await organizationsAudience(
    tx,
    told.map((l) => l.organizationId),
  );
  await addInboxMany(
    tx,
    told.flatMap((l) => (users.get(l.organizationId) ?? []).map((userId) => ({ eventId: l.eventId, userId }))),
    at,
  );
  const outbox: { eventId: string; channel: 'email' | 'sms'; address: string }[] = [];
  for (const l of told) {
    const contact = contacts.get(l.organizationId);
    if (contact && config.mail && contact.contact_email) outbox.push({ eventId: l.eventId, channel: 'email', address: contact.contact_email.trim() });
    if (contact && l.message.sms && config.smsDriver !== 'off' && contact.contact_phone)
      outbox.push({ eventId: l.eventId, channel: 'sms', address: openPersonal(contact.contact_phone).trim() });
  }
  await addOutboxMany(tx, outbox);
}

/** An objection during a public notice: the centre must look into it. */
export async function notifyObjection(tx: Tx, config: NotifyConfig, o: { reference: string; itemId: string; publicityId: string }, at: Date): Promise<void> {
  const item = await itemHeader(tx, o.itemId);
  const h = await applicationHeader(tx, item.application_id);
  await notify(
    tx,
    config,
    objectionMessage({ reference: o.reference, orgName: h.org_name, itemName: item.name, publicityId: o.publicityId }),
    [{ role: 'center' }],
    at,
  );
}

type NotificationView = z.infer<typeof notificationSchema>;

function toView(r: NonNullable<Awaited<ReturnType<typeof readOne>>>): NotificationView {
  return {
    id: r.id,
    kind: r.kind as NotificationView['kind'],
    title: r.title,
    body: r.body,
    ...(r.link ? { link: r.link } : {}),
    ...(r.entity_type ? { entityType: r.entity_type } : {}),
    ...(r.entity_id ? { entityId: r.entity_id } : {}),
    createdAt: toShanghaiIso(new Date(r.created_at)),
    ...(r.read_at ? { readAt: toShanghaiIso(new Date(r.read_at)) } : {}),
  };
}

/** The in-app inbox of the signed-in user — only their own messages (others' ids → 404). */
export class NotificationsService {
  constructor(private readonly ctx: ServiceContext) {}

  async inbox(actor: SessionActor, q: z.infer<typeof inboxQuery>) {
    const r = await listInbox(this.ctx.db, actor.id, { unread: q.unread === 'true', page: q.page, pageSize: q.pageSize });
    return { items: r.rows.map(toView), total: r.total, unread: r.unread };
  }

  /** The inbox's `unread` alone (GET /work-counts). */
  async unreadCount(actor: SessionActor): Promise<number> {
    return countUnread(this.ctx.db, actor.id);
  }

  async read(actor: SessionActor, id: string): Promise<NotificationView> {
    const found = await readOne(this.ctx.db, actor.id, id);
    if (!found) refuse('NOT_FOUND', '未找到该消息。');
    if (!found.read_at) await markRead(this.ctx.db, actor.id, id, this.ctx.clock.now());
    return toView((await readOne(this.ctx.db, actor.id, id))!);
  }

  async readAll(actor: SessionActor): Promise<{ updated: number }> {
    return { updated: await markRead(this.ctx.db, actor.id, null, this.ctx.clock.now()) };
  }
}
