import type { z } from 'zod';
import { DECLARATION_CLAUSES, type applicationInput, type applicationPatch, type DeclarationClause } from '../../../../contract/applications.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import type { AppliedScope, ProposedScope } from '../../workflow/correction.js';
import { NO_CALENDAR } from '../../workflow/calendar.js';
import { decide } from '../../workflow/decide.js';
import { refuse } from '../../workflow/refusal.js';
import { toShanghaiIso } from '../../workflow/time.js';
import { requireListedAuthority } from '../authorities/authorities.service.js';
import { notifyDecision } from '../notifications/notifications.service.js';
import type { Aggregate } from './application-aggregate.repository.js';
import { toCase } from './application-aggregate.repository.js';
import {
  campaignItems,
  catalogueItemNames,
  findApplicationOf,
  findCampaign,
  insertApplication,
  knownDistricts,
  replaceItemsAndSites,
  updateApplication,
} from './application-drafts.repository.js';
import { insertEvents, persistDecision } from './applications.repository.js';
import type { ApplicationsService, Caller } from './applications.service.js';
import type { ApplicationView } from './applications.view.js';

/**
 * The applicant's drafts: creating an application and saving its fields (authority, items and
 * levels, sites, the declarations of 一(一)–(六)) — checked against the call's catalogue (二), the
 * city's districts (一(四)) and, once submitted and returned, what may still change (四(二)).
 */

type Input = z.infer<typeof applicationInput>;
type Patch = z.infer<typeof applicationPatch>;

export async function createDraft(ctx: ServiceContext, apps: ApplicationsService, caller: Caller, input: Input): Promise<ApplicationView> {
  const orgId = caller.actor.organizationId;
  if (!orgId) refuse('FORBIDDEN', '只有申报单位可以创建申报。');
  const now = ctx.clock.now();
  const id = await ctx.db
    .transaction()
    .execute(async (tx) => {
      const campaign = await findCampaign(tx, input.campaignId);
      if (!campaign) refuse('VALIDATION_FAILED', '征集批次不存在，请从当前开放的征集批次中选择。');
      if (now >= new Date(campaign.closes_at)) refuse('WINDOW_CLOSED', '该批次申报已截止，系统已关闭申报功能。', '四(二)');
      const existing = await findApplicationOf(tx, input.campaignId, orgId);
      if (existing)
        refuse('DUPLICATE', '本单位在该批次已有一份申报，请在原申报上继续填写（每个单位每批次一份申报）。', undefined, { applicationId: existing.id });
      await validateSelection(tx, input.campaignId, input.items, input.sites);
      await requireListedAuthority(tx, input.industryAuthority);
      const declared = input.declarations ? declarationChange(null, input.declarations.clauses, caller.actor.id, now) : null;
      const id = await insertApplication(tx, {
        campaign_id: input.campaignId,
        organization_id: orgId,
        status: 'draft',
        industry_authority: input.industryAuthority,
        created_at: now,
        updated_at: now,
        ...(declared ? declared.columns : {}),
      });
      await replaceItemsAndSites(tx, id, input.items, input.sites, { replaceItems: true, replaceSites: true });
      const actor = { id: caller.actor.id, label: caller.audit.label };
      await insertEvents(tx, id, [{ action: '创建申报', to: 'draft' }], actor, now);
      if (declared?.event) await insertEvents(tx, id, [declared.event], actor, now);
      await appendAudit(
        tx,
        caller.audit,
        {
          action: 'application.create',
          entityType: 'application',
          entityId: id,
          after: { ...input, ...(declared ? { declaredAt: declared.declaredAt } : {}) },
        },
        now,
      );
      return id;
    })
    .catch(uniqueToDuplicate);
  return apps.view(id);
}

export async function updateDraft(
  ctx: ServiceContext,
  apps: ApplicationsService,
  caller: Caller,
  id: string,
  patch: Patch,
  ifVersion?: number,
): Promise<ApplicationView> {
  const now = ctx.clock.now();
  await apps.catchUp(id);
  await ctx.db.transaction().execute(async (tx) => {
    const g = await apps.lockVisible(tx, caller, id);
    const c = toCase(g);
    const expected = patch.version ?? ifVersion;
    if (expected !== undefined && expected !== g.app.version) {
      refuse('CONFLICT', `申报已被他人修改（当前版本 ${g.app.version}，您提交的是版本 ${expected}），请刷新后重新修改。`);
    }
    if (patch.industryAuthority !== undefined && patch.industryAuthority !== c.industryAuthority) await requireListedAuthority(tx, patch.industryAuthority);
    const newDistricts = patch.sites ? [...new Set(patch.sites.map((s) => s.district))].sort().join() : null;
    const oldDistricts = [...new Set(c.sites.map((s) => s.district))].sort().join();
    const changed =
      (patch.industryAuthority !== undefined && patch.industryAuthority !== c.industryAuthority) || (newDistricts !== null && newDistricts !== oldDistricts);
    // 四(二): what the PATCH would apply for, compared by the rules with what was applied for
    const scope = { before: appliedScopeOf(g), after: await proposedScopeOf(tx, g, patch) };
    const decision = decide(c, { type: 'edit', recommendationFieldsChanged: changed, scope }, caller.actor, { now, calendar: NO_CALENDAR });
    await validateSelection(tx, g.app.campaign_id, patch.items, patch.sites);
    const declared = patch.declarations ? declarationChange(g.app, patch.declarations.clauses, caller.actor.id, now) : null;
    if (patch.industryAuthority !== undefined || declared) {
      await updateApplication(tx, id, {
        ...(patch.industryAuthority !== undefined ? { industry_authority: patch.industryAuthority } : {}),
        ...(declared ? declared.columns : {}),
      });
    }
    await replaceItemsAndSites(tx, id, patch.items ?? [], patch.sites ?? [], { replaceItems: !!patch.items, replaceSites: !!patch.sites });
    const actor = { id: caller.actor.id, label: caller.audit.label };
    await persistDecision(tx, c, decision, actor, now);
    if (declared?.event) await insertEvents(tx, id, [declared.event], actor, now);
    await notifyDecision(tx, ctx.config, c, null, decision, now);
    await appendAudit(
      tx,
      caller.audit,
      {
        action: 'application.update',
        entityType: 'application',
        entityId: id,
        before: {
          industryAuthority: c.industryAuthority,
          status: c.status,
          ...(declared ? { declarations: g.app.declarations, declaredAt: g.app.declared_at ? toShanghaiIso(g.app.declared_at) : null } : {}),
        },
        after: { ...patch, ...(declared ? { declaredAt: declared.declaredAt } : {}) },
      },
      now,
    );
  });
  return apps.view(id);
}

type Clauses = Record<DeclarationClause, boolean>;
const allAffirmed = (clauses: Partial<Record<string, boolean>> | null | undefined): boolean =>
  !!clauses && DECLARATION_CLAUSES.every((k) => clauses[k] === true);

/**
 * What a declaration of 一(一)–(六) writes (docs/decisions/0010-declarations.md): the answers, and —
 * when all six are affirmed — who affirmed them and when. Sent again unchanged (the wizard sends it
 * with every save), an affirmation keeps its first moment; once any clause is withdrawn it is gone,
 * and affirming all six again is a new declaration. A new or withdrawn affirmation is a history entry.
 */
function declarationChange(
  before: { declarations: Record<string, boolean> | null; declared_at: Date | null; declared_by: string | null } | null,
  clauses: Clauses,
  actorId: string,
  now: Date,
) {
  const ordered = Object.fromEntries(DECLARATION_CLAUSES.map((k) => [k, clauses[k]])) as Clauses;
  const affirmed = allAffirmed(ordered);
  const wasAffirmed = !!before?.declared_at && allAffirmed(before.declarations);
  const declaredAt = affirmed ? (wasAffirmed ? before.declared_at! : now) : null;
  const declaredBy = affirmed ? (wasAffirmed ? before.declared_by : actorId) : null;
  const open = DECLARATION_CLAUSES.filter((k) => !ordered[k]);
  const event =
    affirmed && !wasAffirmed
      ? { action: '声明符合申报条件', note: `${DECLARATION_CLAUSES[0]}至${DECLARATION_CLAUSES[5]}六项条件均声明符合（通知 一）` }
      : !affirmed && wasAffirmed
        ? { action: '撤回申报条件声明', note: `未声明符合：${open.join('、')}` }
        : null;
  return {
    columns: { declarations: JSON.stringify(ordered), declared_at: declaredAt, declared_by: declaredBy },
    declaredAt: declaredAt ? toShanghaiIso(declaredAt) : null,
    event,
  };
}

/** What the application applies for now (四(二)): authority, catalogue items with levels, sites. */
function appliedScopeOf(g: Aggregate): AppliedScope {
  return {
    industryAuthority: g.app.industry_authority,
    items: g.items.map((i) => ({ itemId: i.campaign_item_id, name: i.name, levels: i.levels })),
    sites: g.sites.map((s) => ({ name: s.name, district: s.district })),
  };
}

/** What a PATCH proposes; names of catalogue items not yet applied for are looked up only when there are any. */
async function proposedScopeOf(tx: Tx, g: Aggregate, patch: Patch): Promise<ProposedScope> {
  const out: ProposedScope = {};
  if (patch.industryAuthority !== undefined) out.industryAuthority = patch.industryAuthority;
  if (patch.sites) out.sites = patch.sites.map((s) => ({ name: s.name, district: s.district }));
  if (patch.items) {
    const known = new Map(g.items.map((i) => [i.campaign_item_id, i.name]));
    const unknown = patch.items.map((i) => i.itemId).filter((id) => !known.has(id));
    const looked = unknown.length ? await catalogueItemNames(tx, g.app.campaign_id, unknown) : new Map<string, string>();
    out.items = patch.items.map((i) => ({ itemId: i.itemId, name: known.get(i.itemId) ?? looked.get(i.itemId) ?? '所选职业（工种）', levels: i.levels }));
  }
  return out;
}

function uniqueToDuplicate(err: unknown): never {
  if ((err as { code?: string }).code === '23505') refuse('DUPLICATE', '本单位在该批次已有一份申报，请在原申报上继续填写。');
  throw err;
}

type ItemInput = Input['items'];
type SiteInput = Input['sites'];

/** 二 and the attachment: every item must be in the campaign, once, with levels it offers; every site in a district of the city (一(四)). */
async function validateSelection(tx: Tx, campaignId: string, items?: ItemInput, sites?: SiteInput): Promise<void> {
  if (items) {
    const seen = new Set<string>();
    for (const it of items) {
      if (seen.has(it.itemId)) refuse('VALIDATION_FAILED', '同一职业（工种）不能重复选择。');
      seen.add(it.itemId);
    }
    const rows = items.length
      ? await campaignItems(
          tx,
          campaignId,
          items.map((i) => i.itemId),
        )
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
      const known = await knownDistricts(tx, codes);
      const unknown = codes.filter((c) => !known.has(c));
      if (unknown.length) refuse('VALIDATION_FAILED', `考核点所在区 ${unknown.join('、')} 不是本市的区，请从本市 16 个区中选择。`, '一(四)');
    }
  }
}
