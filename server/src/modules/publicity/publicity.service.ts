import crypto from 'node:crypto';
import { maskPhone, openPersonal, sealPersonal } from '../../platform/crypto/personal-data.js';
import type { z } from 'zod';
import type { objectionInput, publicityInput } from '../../../../contract/publicity.js';
import type { ObjectionStatus } from '../../../../contract/enums.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import type { DbOrTx, Tx } from '../../platform/db/database.js';
import type { SessionActor } from '../../platform/http/types.js';
import { SYSTEM_ACTOR } from '../../platform/http/request-context.js';
import { lockApplicationsInOrder, recordHistory } from '../applications/applications.service.js';
import { workingCalendar } from '../calendar/calendar.service.js';
import type { FilingsService } from '../filings/filings.service.js';
import { notifyItemStatus, notifyObjection } from '../notifications/notifications.service.js';
import {
  hasEnded,
  isOpen,
  itemOutcome,
  noticeWorkingDays,
  publicityPeriod,
  requireOpenForObjections,
  requirePendingObjection,
} from '../../workflow/publicity.js';
import { refuse } from '../../workflow/refusal.js';
import { addDays, endOfShanghaiDay, shanghaiDateOf, toShanghaiIso, type IsoDate } from '../../workflow/time.js';
import {
  applicationOfItem,
  applicationsOfItems,
  closePublicity,
  findObjection,
  findPublicity,
  insertObjection,
  insertPublicity,
  insertPublicityDeadline,
  isOnPublicity,
  itemsOfPublicities,
  itemsToPublish,
  itemStates,
  latestPublicities,
  listObjectionRows,
  membersOf,
  objectionsOfItems,
  publicitiesEndingSince,
  resolveObjection,
  setItemObjectionUpheld,
  type PublicityRow,
} from './publicity.repository.js';

export { maskPhone };

export class PublicityService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly filings: FilingsService,
  ) {}

  private async views(rows: PublicityRow[], db: DbOrTx = this.ctx.db) {
    if (rows.length === 0) return [];
    const items = await itemsOfPublicities(
      db,
      rows.map((r) => r.id),
    );
    const now = this.ctx.clock.now();
    return rows.map((p) => ({
      id: p.id,
      title: p.title,
      startsOn: p.starts_on,
      endsOn: p.ends_on,
      status: p.status as 'open' | 'closed',
      open: isOpen({ startsOn: p.starts_on, endsOn: p.ends_on }, now),
      items: items
        .filter((i) => i.publicity_id === p.id)
        .map((i) => ({
          applicationItemId: i.id,
          applicationId: i.application_id,
          organizationId: i.org_id,
          organizationName: i.org_name,
          uscc: i.uscc,
          itemName: i.name,
          itemSeq: i.seq,
          levels: i.levels,
          status: i.status,
        })),
    }));
  }

  /** 三(五) 由市职鉴中心向社会公示: approved items go on a notice of N working days. */
  async create(input: z.infer<typeof publicityInput>, actor: SessionActor, who: AuditActor) {
    const now = this.ctx.clock.now();
    const ids = [...new Set(input.applicationItemIds)];
    return this.ctx.db.transaction().execute(async (tx) => {
      const owners = await applicationsOfItems(tx, ids);
      if (owners.length !== ids.length) refuse('VALIDATION_FAILED', '部分申报项目不存在，请刷新后重新选择。');
      // lock the applications in a fixed order, as every command does, so nothing changes under us
      await lockApplicationsInOrder(tx, [...new Set(owners.map((o) => o.application_id))]);
      const items = await itemsToPublish(tx, ids);
      const days = noticeWorkingDays(items.map((i) => ({ name: i.name, status: i.status, publicityWorkingDays: i.rules.publicityWorkingDays })));
      const period = publicityPeriod(await workingCalendar(tx), now, days);
      const p = await insertPublicity(tx, { title: input.title, startsOn: period.startsOn, endsOn: period.endsOn, createdBy: actor.id, at: now, itemIds: ids });
      for (const i of items) {
        await recordHistory(
          tx,
          i.application_id,
          [{ action: '公示', itemId: i.id, from: 'approved', to: 'in_publicity', note: `公示期 ${period.startsOn} 至 ${period.endsOn}` }],
          { id: actor.id, label: who.label },
          now,
        );
        await notifyItemStatus(tx, this.ctx.config, i.id, { from: 'approved', to: 'in_publicity', note: `公示期 ${period.startsOn} 至 ${period.endsOn}` }, now);
      }
      await insertPublicityDeadline(tx, p.id, endOfShanghaiDay(period.endsOn));
      await appendAudit(
        tx,
        who,
        { action: 'publicity.create', entityType: 'publicity', entityId: p.id, after: { ...input, startsOn: period.startsOn, endsOn: period.endsOn } },
        now,
      );
      const [view] = await this.views([p], tx);
      return { ...view!, skipped: period.skipped };
    });
  }

  /** The public's list, from the replica when there is one (a replication lag old, decision 0019). */
  async listPublic() {
    const since = addDays(shanghaiDateOf(this.ctx.clock.now()), -30);
    const rows = await publicitiesEndingSince(this.ctx.reads.db, since);
    return this.views(rows, this.ctx.reads.db);
  }

  async listAll() {
    const rows = await latestPublicities(this.ctx.db, 200);
    return this.views(rows);
  }

  /** A notice, from the replica; one published moments ago that the replica has not replayed yet, from the primary. */
  async get(id: string) {
    let db = this.ctx.reads.db;
    let row = await findPublicity(db, id);
    if (!row && this.ctx.reads.replica) row = await findPublicity((db = this.ctx.db), id);
    if (!row) refuse('NOT_FOUND', '公示不存在。');
    return (await this.views([row], db))[0]!;
  }

  /** The public objects during the notice (no session; rate-limited by IP in the route). */
  async object(publicityId: string, input: z.infer<typeof objectionInput>, who: AuditActor) {
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction().execute(async (tx) => {
      const p = await findPublicity(tx, publicityId);
      if (!p) refuse('NOT_FOUND', '公示不存在。');
      if (!(await isOnPublicity(tx, publicityId, input.applicationItemId))) refuse('VALIDATION_FAILED', '所选项目不在本次公示名单中，请从公示名单中选择。');
      requireOpenForObjections({ startsOn: p.starts_on, endsOn: p.ends_on }, now);
      const reference = `YY${shanghaiDateOf(now).replace(/-/g, '')}${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
      const o = await insertObjection(tx, {
        reference,
        publicity_id: publicityId,
        application_item_id: input.applicationItemId,
        name: sealPersonal(input.name),
        phone: sealPersonal(input.phone),
        content: input.content,
        created_at: now,
        ip: who.ip ?? null,
      });
      await notifyObjection(tx, this.ctx.config, { reference: o.reference, itemId: input.applicationItemId, publicityId }, now);
      await appendAudit(
        tx,
        who,
        { action: 'objection.create', entityType: 'objection', entityId: o.id, after: { publicityId, applicationItemId: input.applicationItemId, reference } },
        now,
      );
      return o;
    });
  }

  async listObjections(q: { status?: ObjectionStatus; q?: string; page: number; pageSize: number }) {
    const { rows, total } = await listObjectionRows(this.ctx.db, q);
    return { items: rows.map(objectionView), total };
  }

  private async objection(id: string) {
    const { rows } = await listObjectionRows(this.ctx.db, { id, page: 1, pageSize: 1 });
    if (!rows[0]) return refuse('NOT_FOUND', '异议不存在。');
    return objectionView(rows[0]);
  }

  /** Upheld or dismissed; once the notice has ended, the item's fate is settled right away. */
  async resolve(objectionId: string, decision: 'upheld' | 'dismissed', reason: string, actor: SessionActor, who: AuditActor) {
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const o = await findObjection(tx, objectionId);
      if (!o) refuse('NOT_FOUND', '异议不存在。');
      const applicationId = await applicationOfItem(tx, o.application_item_id);
      await lockApplicationsInOrder(tx, [applicationId]);
      const fresh = await findObjection(tx, objectionId, { forUpdate: true });
      requirePendingObjection({ status: fresh!.status });
      await resolveObjection(tx, objectionId, { decision, reason, at: now, by: actor.id });
      await recordHistory(
        tx,
        applicationId,
        [{ action: decision === 'upheld' ? '异议成立' : '异议不成立', itemId: o.application_item_id, note: `${o.reference}：${reason}` }],
        { id: actor.id, label: who.label },
        now,
      );
      const p = (await findPublicity(tx, o.publicity_id))!;
      if (hasEnded({ endsOn: p.ends_on }, now)) await this.settleItems(tx, [o.application_item_id], p.ends_on, who, now);
      await appendAudit(
        tx,
        who,
        { action: 'objection.resolve', entityType: 'objection', entityId: objectionId, before: { status: 'pending' }, after: { status: decision, reason } },
        now,
      );
    });
    return this.objection(objectionId);
  }

  /** Applies a notice's end (24:00 of endsOn) to each of its items. Idempotent; the sweeper calls it. */
  async close(publicityId: string, now: Date): Promise<void> {
    await this.ctx.db.transaction().execute((tx) => this.closeInTx(tx, publicityId, now));
  }

  async closeInTx(tx: Tx, publicityId: string, now: Date): Promise<void> {
    const p = await findPublicity(tx, publicityId, { forUpdate: true });
    if (!p || !hasEnded({ endsOn: p.ends_on }, now)) return;
    const members = await membersOf(tx, publicityId);
    await lockApplicationsInOrder(tx, [...new Set(members.map((m) => m.application_id))]);
    await this.settleItems(
      tx,
      members.map((m) => m.id),
      p.ends_on,
      SYSTEM_ACTOR,
      now,
    );
    if (p.status !== 'closed') {
      await closePublicity(tx, publicityId);
      await appendAudit(tx, SYSTEM_ACTOR, { action: 'publicity.close', entityType: 'publicity', entityId: publicityId, after: { endsOn: p.ends_on } }, now);
    }
  }

  /**
   * 三(五) once a notice ended: each item still in it is filed, or not filed (an objection upheld), or
   * waits (an objection pending). The items to file are filed together — a notice's end is where a
   * thousand filings fall due at once — in a constant number of statements.
   */
  private async settleItems(tx: Tx, itemIds: readonly string[], endsOn: string, who: AuditActor, now: Date): Promise<void> {
    const items = (await itemStates(tx, itemIds)).filter((i) => i.status === 'in_publicity');
    const objections = await objectionsOfItems(
      tx,
      items.map((i) => i.id),
    );
    const toFile: { itemId: string; filedOn: IsoDate }[] = [];
    for (const item of items) {
      const outcome = itemOutcome(endsOn, objections.get(item.id) ?? []);
      if (outcome.to === 'filed') toFile.push({ itemId: item.id, filedOn: outcome.filedOn });
      else if (outcome.to === 'objection_upheld') await this.notFiled(tx, item, who, now); // rare: one by one
    }
    await this.filings.issueMany(tx, toFile, who, now);
  }

  private async notFiled(tx: Tx, item: { id: string; application_id: string }, who: AuditActor, now: Date): Promise<void> {
    const itemId = item.id;
    await setItemObjectionUpheld(tx, itemId);
    await recordHistory(
      tx,
      item.application_id,
      [{ action: '公示期满，异议成立，不予备案', itemId, from: 'in_publicity', to: 'objection_upheld' }],
      { id: who.id, label: who.label },
      now,
    );
    await notifyItemStatus(tx, this.ctx.config, itemId, { from: 'in_publicity', to: 'objection_upheld', note: '公示期满，异议成立，不予备案' }, now);
    await appendAudit(
      tx,
      who,
      {
        action: 'item.objection_upheld',
        entityType: 'application_item',
        entityId: itemId,
        before: { status: 'in_publicity' },
        after: { status: 'objection_upheld' },
      },
      now,
    );
  }
}

/** An objection as the centre reads it: the objector's name opened, the phone masked (personal data). */
function objectionView(r: Awaited<ReturnType<typeof listObjectionRows>>['rows'][number]) {
  return {
    id: r.id,
    reference: r.reference,
    publicityId: r.publicity_id,
    applicationItemId: r.application_item_id,
    organizationName: r.org_name,
    itemName: r.item_name,
    name: openPersonal(r.name),
    phone: maskPhone(openPersonal(r.phone)),
    content: r.content,
    status: r.status,
    ...(r.reason ? { reason: r.reason } : {}),
    createdAt: toShanghaiIso(new Date(r.created_at)),
    ...(r.resolved_at ? { resolvedAt: toShanghaiIso(new Date(r.resolved_at)) } : {}),
  };
}
