import crypto from 'node:crypto';
import { maskPhone, openPersonal, sealPersonal } from '../../platform/crypto/personal-data.js';
import type { z } from 'zod';
import type { objectionInput, publicityInput } from '../../../../contract/publicity.js';
import type { ItemStatus, ObjectionStatus } from '../../../../contract/enums.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import type { CampaignRulesRow } from '../../platform/db/schema.js';
import type { SessionActor } from '../../platform/http/types.js';
import { SYSTEM_ACTOR } from '../../platform/http/request-context.js';
import { insertEvents } from '../applications/applications.repository.js';
import { loadCalendar } from '../calendar/calendar.repository.js';
import type { FilingsService } from '../filings/filings.service.js';
import { notifyItemStatus, notifyObjection } from '../notifications/notifications.service.js';
import { hasEnded, isOpen, itemOutcome, publicityPeriod, requireOpenForObjections } from '../../workflow/publicity.js';
import { refuse } from '../../workflow/refusal.js';
import { addDays, endOfShanghaiDay, shanghaiDateOf, toShanghaiIso } from '../../workflow/time.js';

export { maskPhone };

export class PublicityService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly filings: FilingsService,
  ) {}

  private itemsQuery(db: ServiceContext['db'] | Tx) {
    return db
      .selectFrom('publicity_items as pi')
      .innerJoin('application_items as i', 'i.id', 'pi.application_item_id')
      .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
      .innerJoin('applications as a', 'a.id', 'i.application_id')
      .innerJoin('organizations as o', 'o.id', 'a.organization_id')
      .select(['pi.publicity_id', 'i.id', 'i.status', 'i.levels', 'i.application_id', 'ci.name', 'ci.seq', 'o.id as org_id', 'o.name as org_name', 'o.uscc']);
  }

  private async views(rows: { id: string; title: string; starts_on: string; ends_on: string; status: string }[], db: ServiceContext['db'] | Tx = this.ctx.db) {
    if (rows.length === 0) return [];
    const items = await this.itemsQuery(db).where('pi.publicity_id', 'in', rows.map((r) => r.id)).orderBy('o.name').orderBy('ci.seq').execute();
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
          applicationItemId: i.id, applicationId: i.application_id, organizationId: i.org_id, organizationName: i.org_name, uscc: i.uscc,
          itemName: i.name, itemSeq: i.seq, levels: i.levels, status: i.status as ItemStatus,
        })),
    }));
  }

  /** 三(五) 由市职鉴中心向社会公示: approved items go on a notice of N working days. */
  async create(input: z.infer<typeof publicityInput>, actor: SessionActor, who: AuditActor) {
    const now = this.ctx.clock.now();
    const ids = [...new Set(input.applicationItemIds)];
    return this.ctx.db.transaction().execute(async (tx) => {
      const owners = await tx.selectFrom('application_items').select(['id', 'application_id']).where('id', 'in', ids).execute();
      if (owners.length !== ids.length) refuse('VALIDATION_FAILED', '部分申报项目不存在，请刷新后重新选择。');
      const appIds = [...new Set(owners.map((o) => o.application_id))].sort();
      // lock the applications in a fixed order, as every command does, so nothing changes under us
      await tx.selectFrom('applications').select('id').where('id', 'in', appIds).orderBy('id').forUpdate().execute();
      const items = await tx
        .selectFrom('application_items as i')
        .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
        .innerJoin('applications as a', 'a.id', 'i.application_id')
        .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
        .select(['i.id', 'i.status', 'i.application_id', 'ci.name', 'c.rules'])
        .where('i.id', 'in', ids)
        .execute();
      const notApproved = items.filter((i) => i.status !== 'approved');
      if (notApproved.length) {
        refuse('CONFLICT', `以下项目尚未经市人社局同意，不能公示：${notApproved.map((i) => i.name).join('、')}。`, '三(五)');
      }
      const days = Math.max(...items.map((i) => (i.rules as CampaignRulesRow).publicityWorkingDays));
      const period = publicityPeriod(await loadCalendar(tx), now, days);
      const p = await tx
        .insertInto('publicities')
        .values({ title: input.title, starts_on: period.startsOn, ends_on: period.endsOn, status: 'open', created_by: actor.id, created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      await tx.insertInto('publicity_items').values(ids.map((id) => ({ publicity_id: p.id, application_item_id: id }))).execute();
      await tx.updateTable('application_items').set({ status: 'in_publicity' }).where('id', 'in', ids).execute();
      for (const i of items) {
        await insertEvents(tx, i.application_id, [{ action: '公示', itemId: i.id, from: 'approved', to: 'in_publicity', note: `公示期 ${period.startsOn} 至 ${period.endsOn}` }], { id: actor.id, label: who.label }, now);
        await notifyItemStatus(tx, this.ctx.config, i.id, { from: 'approved', to: 'in_publicity', note: `公示期 ${period.startsOn} 至 ${period.endsOn}` }, now);
      }
      await tx.insertInto('deadlines').values({ kind: 'publicity_end', subject_id: p.id, due_at: endOfShanghaiDay(period.endsOn) }).execute();
      await appendAudit(tx, who, { action: 'publicity.create', entityType: 'publicity', entityId: p.id, after: { ...input, startsOn: period.startsOn, endsOn: period.endsOn } }, now);
      const [view] = await this.views([p], tx);
      return { ...view!, skipped: period.skipped };
    });
  }

  async listPublic() {
    const since = addDays(shanghaiDateOf(this.ctx.clock.now()), -30);
    const rows = await this.ctx.db.selectFrom('publicities').selectAll().where('ends_on', '>=', since).orderBy('starts_on', 'desc').execute();
    return this.views(rows);
  }

  async listAll() {
    const rows = await this.ctx.db.selectFrom('publicities').selectAll().orderBy('starts_on', 'desc').limit(200).execute();
    return this.views(rows);
  }

  async get(id: string) {
    const row = await this.ctx.db.selectFrom('publicities').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) refuse('NOT_FOUND', '公示不存在。');
    return (await this.views([row]))[0]!;
  }

  /** The public objects during the notice (no session; rate-limited by IP in the route). */
  async object(publicityId: string, input: z.infer<typeof objectionInput>, who: AuditActor) {
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction().execute(async (tx) => {
      const p = await tx.selectFrom('publicities').selectAll().where('id', '=', publicityId).executeTakeFirst();
      if (!p) refuse('NOT_FOUND', '公示不存在。');
      const member = await tx.selectFrom('publicity_items').select('application_item_id').where('publicity_id', '=', publicityId).where('application_item_id', '=', input.applicationItemId).executeTakeFirst();
      if (!member) refuse('VALIDATION_FAILED', '所选项目不在本次公示名单中，请从公示名单中选择。');
      requireOpenForObjections({ startsOn: p.starts_on, endsOn: p.ends_on }, now);
      const reference = `YY${shanghaiDateOf(now).replace(/-/g, '')}${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
      const o = await tx
        .insertInto('objections')
        .values({ reference, publicity_id: publicityId, application_item_id: input.applicationItemId, name: sealPersonal(input.name), phone: sealPersonal(input.phone), content: input.content, created_at: now, ip: who.ip ?? null })
        .returning(['id', 'reference'])
        .executeTakeFirstOrThrow();
      await notifyObjection(tx, this.ctx.config, { reference: o.reference, itemId: input.applicationItemId, publicityId }, now);
      await appendAudit(tx, who, { action: 'objection.create', entityType: 'objection', entityId: o.id, after: { publicityId, applicationItemId: input.applicationItemId, reference } }, now);
      return o;
    });
  }

  async listObjections(q: { status?: ObjectionStatus }) {
    let base = this.ctx.db
      .selectFrom('objections as ob')
      .innerJoin('application_items as i', 'i.id', 'ob.application_item_id')
      .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
      .innerJoin('applications as a', 'a.id', 'i.application_id')
      .innerJoin('organizations as o', 'o.id', 'a.organization_id')
      .selectAll('ob')
      .select(['o.name as org_name', 'ci.name as item_name']);
    if (q.status) base = base.where('ob.status', '=', q.status);
    const rows = await base.orderBy('ob.created_at', 'desc').limit(500).execute();
    return {
      items: rows.map((r) => ({
        id: r.id, reference: r.reference, publicityId: r.publicity_id, applicationItemId: r.application_item_id, organizationName: r.org_name,
        itemName: r.item_name, name: openPersonal(r.name), phone: maskPhone(openPersonal(r.phone)), content: r.content, status: r.status as ObjectionStatus,
        ...(r.reason ? { reason: r.reason } : {}), createdAt: toShanghaiIso(new Date(r.created_at)),
        ...(r.resolved_at ? { resolvedAt: toShanghaiIso(new Date(r.resolved_at)) } : {}),
      })),
    };
  }

  /** Upheld or dismissed; once the notice has ended, the item's fate is settled right away. */
  async resolve(objectionId: string, decision: 'upheld' | 'dismissed', reason: string, actor: SessionActor, who: AuditActor) {
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const o = await tx.selectFrom('objections').selectAll().where('id', '=', objectionId).executeTakeFirst();
      if (!o) refuse('NOT_FOUND', '异议不存在。');
      const item = await tx.selectFrom('application_items').select('application_id').where('id', '=', o.application_item_id).executeTakeFirstOrThrow();
      await tx.selectFrom('applications').select('id').where('id', '=', item.application_id).forUpdate().execute();
      const fresh = await tx.selectFrom('objections').selectAll().where('id', '=', objectionId).forUpdate().executeTakeFirstOrThrow();
      if (fresh.status !== 'pending') refuse('CONFLICT', '该异议已处理，不能重复处理。');
      await tx.updateTable('objections').set({ status: decision, reason, resolved_at: now, resolved_by: actor.id }).where('id', '=', objectionId).execute();
      await insertEvents(tx, item.application_id, [{ action: decision === 'upheld' ? '异议成立' : '异议不成立', itemId: o.application_item_id, note: `${o.reference}：${reason}` }], { id: actor.id, label: who.label }, now);
      const p = await tx.selectFrom('publicities').selectAll().where('id', '=', o.publicity_id).executeTakeFirstOrThrow();
      if (hasEnded({ endsOn: p.ends_on }, now)) await this.settleItem(tx, o.application_item_id, p.ends_on, who, now);
      await appendAudit(tx, who, { action: 'objection.resolve', entityType: 'objection', entityId: objectionId, before: { status: 'pending' }, after: { status: decision, reason } }, now);
    });
    const lists = await this.listObjections({});
    return lists.items.find((x) => x.id === objectionId)!;
  }

  /** Applies a notice's end (24:00 of endsOn) to each of its items. Idempotent; the sweeper calls it. */
  async close(publicityId: string, now: Date): Promise<void> {
    await this.ctx.db.transaction().execute((tx) => this.closeInTx(tx, publicityId, now));
  }

  async closeInTx(tx: Tx, publicityId: string, now: Date): Promise<void> {
    {
      const p = await tx.selectFrom('publicities').selectAll().where('id', '=', publicityId).forUpdate().executeTakeFirst();
      if (!p || !hasEnded({ endsOn: p.ends_on }, now)) return;
      const members = await tx
        .selectFrom('publicity_items as pi')
        .innerJoin('application_items as i', 'i.id', 'pi.application_item_id')
        .select(['i.id', 'i.application_id'])
        .where('pi.publicity_id', '=', publicityId)
        .execute();
      const appIds = [...new Set(members.map((m) => m.application_id))].sort();
      if (appIds.length) await tx.selectFrom('applications').select('id').where('id', 'in', appIds).orderBy('id').forUpdate().execute();
      for (const m of members) await this.settleItem(tx, m.id, p.ends_on, SYSTEM_ACTOR, now);
      if (p.status !== 'closed') {
        await tx.updateTable('publicities').set({ status: 'closed' }).where('id', '=', publicityId).execute();
        await appendAudit(tx, SYSTEM_ACTOR, { action: 'publicity.close', entityType: 'publicity', entityId: publicityId, after: { endsOn: p.ends_on } }, now);
      }
    }
  }

  private async settleItem(tx: Tx, itemId: string, endsOn: string, who: AuditActor, now: Date): Promise<void> {
    const item = await tx.selectFrom('application_items').select(['id', 'status', 'application_id']).where('id', '=', itemId).executeTakeFirstOrThrow();
    if (item.status !== 'in_publicity') return;
    const objections = await tx.selectFrom('objections').select(['status', 'resolved_at']).where('application_item_id', '=', itemId).execute();
    const outcome = itemOutcome(endsOn, objections.map((o) => ({ status: o.status as ObjectionStatus, resolvedAt: o.resolved_at ? new Date(o.resolved_at) : null })));
    if (outcome.to === 'wait') return;
    if (outcome.to === 'objection_upheld') {
      await tx.updateTable('application_items').set({ status: 'objection_upheld' }).where('id', '=', itemId).execute();
      await insertEvents(tx, item.application_id, [{ action: '公示期满，异议成立，不予备案', itemId, from: 'in_publicity', to: 'objection_upheld' }], { id: who.id, label: who.label }, now);
      await notifyItemStatus(tx, this.ctx.config, itemId, { from: 'in_publicity', to: 'objection_upheld', note: '公示期满，异议成立，不予备案' }, now);
      await appendAudit(tx, who, { action: 'item.objection_upheld', entityType: 'application_item', entityId: itemId, before: { status: 'in_publicity' }, after: { status: 'objection_upheld' } }, now);
      return;
    }
    await this.filings.issue(tx, itemId, outcome.filedOn, who, now);
  }
}
