import { sql } from 'kysely';
import type { z } from 'zod';
import type { applicationInput, applicationListQuery } from '../../../../contract/applications.js';
import type { ApplicationStatus } from '../../../../contract/enums.js';
import type { Db, Tx } from '../../platform/db/database.js';
import type { SessionActor } from '../../platform/http/types.js';
import { refuse } from '../../workflow/refusal.js';
import { toShanghaiIso } from '../../workflow/time.js';

type ItemInput = z.infer<typeof applicationInput>['items'];
type SiteInput = z.infer<typeof applicationInput>['sites'];

/** 二 and the attachment: every item must be in the campaign, once, with levels it offers. */
export async function validateSelection(tx: Tx, campaignId: string, items?: ItemInput, sites?: SiteInput): Promise<void> {
  if (items) {
    const seen = new Set<string>();
    for (const it of items) {
      if (seen.has(it.itemId)) refuse('VALIDATION_FAILED', '同一职业（工种）不能重复选择。');
      seen.add(it.itemId);
    }
    const rows = items.length
      ? await tx.selectFrom('campaign_items').select(['id', 'name', 'levels', 'kind']).where('campaign_id', '=', campaignId).where('id', 'in', items.map((i) => i.itemId)).execute()
      : [];
    for (const it of items) {
      const row = rows.find((r) => r.id === it.itemId);
      if (!row) refuse('VALIDATION_FAILED', '所选职业（工种）不在本批次征集范围内，请从附件所列项目中选择。', '二');
      const levels = [...new Set(it.levels)];
      if (levels.length !== it.levels.length) refuse('VALIDATION_FAILED', `“${row.name}”的等级有重复。`);
      if (row.kind === 'special_ability') {
        if (levels.length) refuse('VALIDATION_FAILED', `“${row.name}”为专项职业能力，不分等级，请不要选择等级。`, '二');
        continue;
      }
      if (levels.length === 0) refuse('VALIDATION_FAILED', `请为“${row.name}”选择至少一个申报等级（可选：${row.levels.join('、')}级）。`, '二');
      const bad = levels.filter((l) => !row.levels.includes(l));
      if (bad.length) {
        refuse('VALIDATION_FAILED', `“${row.name}”本次只征集 ${row.levels.join('、')} 级，不含 ${bad.join('、')} 级，请重新选择。`, '二');
      }
    }
  }
  if (sites) {
    const codes = [...new Set(sites.map((s) => s.district))];
    if (codes.length) {
      const known = await tx.selectFrom('districts').select('code').where('code', 'in', codes).execute();
      const unknown = codes.filter((c) => !known.some((k) => k.code === c));
      if (unknown.length) refuse('VALIDATION_FAILED', `考核点所在区 ${unknown.join('、')} 不是本市的区，请从本市 16 个区中选择。`, '一(四)');
    }
  }
}

/** Names of catalogue items of a campaign, by id (for the words of a refusal). */
export async function catalogueItemNames(tx: Tx, campaignId: string, ids: string[]): Promise<Map<string, string>> {
  const rows = await tx.selectFrom('campaign_items').select(['id', 'name']).where('campaign_id', '=', campaignId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Replaces the item and site lists; kept items keep their id (and their sample papers). */
export async function replaceItemsAndSites(tx: Tx, applicationId: string, items: ItemInput, sites: SiteInput, opts: { replaceItems: boolean; replaceSites: boolean }) {
  if (opts.replaceItems) {
    const existing = await tx.selectFrom('application_items').select(['id', 'campaign_item_id']).where('application_id', '=', applicationId).execute();
    const keep = new Set(items.map((i) => i.itemId));
    const gone = existing.filter((e) => !keep.has(e.campaign_item_id)).map((e) => e.id);
    if (gone.length) {
      await tx.updateTable('materials').set({ deleted_at: new Date() }).where('item_id', 'in', gone).where('deleted_at', 'is', null).execute();
      await tx.deleteFrom('application_items').where('id', 'in', gone).execute();
    }
    for (const [position, it] of items.entries()) {
      const levels = [...it.levels].sort((a, b) => b - a);
      const found = existing.find((e) => e.campaign_item_id === it.itemId);
      if (found) await tx.updateTable('application_items').set({ levels, position }).where('id', '=', found.id).execute();
      else await tx.insertInto('application_items').values({ application_id: applicationId, campaign_item_id: it.itemId, levels, position }).execute();
    }
  }
  if (opts.replaceSites) {
    await tx.deleteFrom('sites').where('application_id', '=', applicationId).execute();
    if (sites.length) {
      await tx.insertInto('sites').values(sites.map((s, position) => ({ application_id: applicationId, name: s.name, address: s.address, district: s.district, position }))).execute();
    }
  }
}

/** Lists exactly what the caller may see (api-v1 `GET /applications`). */
export async function listApplications(db: Db, actor: SessionActor, q: z.infer<typeof applicationListQuery>) {
  let base = db.selectFrom('applications as a').innerJoin('organizations as o', 'o.id', 'a.organization_id');
  switch (actor.role) {
    case 'applicant':
      base = base.where('a.organization_id', '=', actor.organizationId ?? '00000000-0000-0000-0000-000000000000');
      break;
    case 'industry_authority':
      base = base.where('a.industry_authority', '=', actor.authority ?? '');
      break;
    case 'district_hr':
      base = base.where(({ exists, selectFrom }) =>
        exists(selectFrom('sites as s').select('s.id').whereRef('s.application_id', '=', 'a.id').where('s.district', '=', actor.district ?? '')),
      );
      break;
    case 'expert':
      base = base.where(({ exists, selectFrom }) =>
        exists(selectFrom('expert_assignments as e').select('e.expert_id').whereRef('e.application_id', '=', 'a.id').where('e.expert_id', '=', actor.id)),
      );
      break;
    default:
      break;
  }
  if (q.campaignId) base = base.where('a.campaign_id', '=', q.campaignId);
  if (q.status) base = base.where('a.status', '=', q.status);
  const [{ total }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    base
      .select(['a.id', 'a.campaign_id', 'a.organization_id', 'o.name', 'o.uscc', 'a.status', 'a.industry_authority', 'a.submitted_at', 'a.correction_due_on', 'a.updated_at'])
      .select((eb) => [
        eb.selectFrom('application_items as i').select(eb.fn.countAll<string>().as('n')).whereRef('i.application_id', '=', 'a.id').as('item_count'),
        eb.selectFrom('sites as s').select(sql<string[]>`array_agg(DISTINCT s.district ORDER BY s.district)`.as('d')).whereRef('s.application_id', '=', 'a.id').as('districts'),
      ])
      .orderBy('a.updated_at', 'desc')
      .orderBy('a.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: r.id,
      campaignId: r.campaign_id,
      organizationId: r.organization_id,
      organizationName: r.name,
      uscc: r.uscc,
      status: r.status as ApplicationStatus,
      industryAuthority: r.industry_authority,
      itemCount: Number(r.item_count ?? 0),
      districts: r.districts ?? [],
      ...(r.submitted_at ? { submittedAt: toShanghaiIso(new Date(r.submitted_at)) } : {}),
      ...(r.correction_due_on ? { correctionDueOn: r.correction_due_on } : {}),
      updatedAt: toShanghaiIso(new Date(r.updated_at)),
    })),
  };
}
