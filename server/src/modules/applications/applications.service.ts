import type { z } from 'zod';
import {
  DECLARATION_CLAUSES,
  type applicationInput,
  type applicationItemListQuery,
  type applicationListQuery,
  type applicationPatch,
  type DeclarationClause,
} from '../../../../contract/applications.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { DbOrTx, Tx } from '../../platform/db/database.js';
import type { ServiceContext } from '../../platform/context.js';
import type { SessionActor } from '../../platform/http/types.js';
import { SYSTEM_ACTOR } from '../../platform/http/request-context.js';
import type { ApplicationCase, CaseEvent } from '../../workflow/case.js';
import { submissionBlockers } from '../../workflow/checklist.js';
import { authorityAccountExists, requireListedAuthority } from '../authorities/authorities.service.js';
import { decide, inScope, type Command } from '../../workflow/decide.js';
import { applyDeadlines } from '../../workflow/deadlines.js';
import { refuse } from '../../workflow/refusal.js';
import { CalendarCache, workingCalendar } from '../calendar/calendar.service.js';
import { makeCalendar } from '../../workflow/calendar.js';
import {
  applicationIdOfItem,
  hasDueDeadline,
  insertEvents,
  insertEventsMany,
  lockApplications,
  persistDecision,
  scopeFacts,
  type EventActor,
} from './applications.repository.js';
import { loadAggregate, toCase, type Aggregate } from './application-aggregate.repository.js';
import {
  campaignItems,
  catalogueItemNames,
  districtNames,
  findApplicationOf,
  findCampaign,
  insertApplication,
  knownDistricts,
  replaceItemsAndSites,
  updateApplication,
} from './application-drafts.repository.js';
import { listApplications } from './application-list.repository.js';
import { listApplicationItems } from './application-item-list.repository.js';
import type { AppliedScope, ProposedScope } from '../../workflow/correction.js';
import { toViewOn, type ApplicationView } from './applications.view.js';
import { shanghaiDateOf, toShanghaiIso } from '../../workflow/time.js';
import { notifyDecision } from '../notifications/notifications.service.js';

export interface Caller {
  actor: SessionActor;
  audit: AuditActor;
  /** the case as the route's scope check read it, at the instant the request was taken (0020) */
  read?: CaseRead;
}

/** A case read for a request: what its handler decides on first, and the request's instant. */
export interface CaseRead {
  g: Aggregate;
  at: Date;
}

type Input = z.infer<typeof applicationInput>;
type Patch = z.infer<typeof applicationPatch>;

const snapshot = (c: ApplicationCase) => ({ status: c.status, items: c.items.map((i) => ({ id: i.id, status: i.status })) });

/*
 * What other modules do to an application inside their own transaction (its repository stays
 * private): take the applications' locks in the commands' order, and add entries to their history.
 */

/** Locks these applications (in id order) and moves their version on, so a command that read one before decides again (0020). */
export function lockApplicationsInOrder(tx: Tx, applicationIds: readonly string[]): Promise<void> {
  return lockApplications(tx, applicationIds);
}

/** History entries of one application (publicity, filing steps). */
export function recordHistory(tx: Tx, applicationId: string, events: CaseEvent[], actor: EventActor, at: Date): Promise<void> {
  return insertEvents(tx, applicationId, events, actor, at);
}

/** History entries of several applications in one statement (a sweep). */
export function recordHistoryMany(tx: Tx, rows: readonly { applicationId: string; event: CaseEvent }[], actor: EventActor, at: Date): Promise<void> {
  return insertEventsMany(tx, rows, actor, at);
}

export class ApplicationsService {
  constructor(private readonly ctx: ServiceContext) {}
  private readonly calendar = new CalendarCache();
  private present(g: Aggregate): Promise<ApplicationView> {
    return toViewOn(g, shanghaiDateOf(this.ctx.clock.now()), (revision) => this.calendar.at(this.ctx.db, revision));
  }

  private notFound(): never {
    return refuse('NOT_FOUND', '未找到该申报，或您无权查看。');
  }

  /** Loads a case visible to the caller (out of scope → 404), with every passed deadline applied. */
  async get(caller: Caller, id: string): Promise<ApplicationView> {
    // the scope check's read answers, unless a clock of the case had run out by then
    const read = caller.read?.g.app.id === id ? caller.read.g : undefined;
    if (read && !read.app.has_due_deadline) return this.present(read);
    await this.catchUp(id);
    const g = await loadAggregate(this.ctx.db, id);
    if (!g || !inScope(toCase(g), caller.actor)) this.notFound();
    return this.present(g);
  }

  /**
   * SEC-07: whether the actor may see this application (or this item's application) — the 404 a
   * route answers before the body is validated. One statement (two for an item).
   */
  async visible(actor: SessionActor, id: string, kind: 'application' | 'item' = 'application'): Promise<boolean> {
    const appId = kind === 'item' ? await applicationIdOfItem(this.ctx.db, id) : id;
    const facts = appId ? await scopeFacts(this.ctx.db, appId) : null;
    return !!facts && inScope(facts, actor);
  }

  /**
   * SEC-07 and the handler's first read in one statement: the whole case (by its id or an item's),
   * with whether a clock has run out by now — or null when it is not there or not the caller's to see.
   */
  async readForRequest(actor: SessionActor, id: string, kind: 'application' | 'item'): Promise<CaseRead | null> {
    const at = this.ctx.clock.now();
    const g = await loadAggregate(this.ctx.db, id, { withPrior: actor.role === 'applicant', dueBy: at, byItem: kind === 'item' });
    return g && inScope(toCase(g), actor) ? { g, at } : null;
  }

  async list(caller: Caller, q: z.infer<typeof applicationListQuery>) {
    return listApplications(this.ctx.db, caller.actor, q);
  }

  async listItems(caller: Caller, q: z.infer<typeof applicationItemListQuery>) {
    return listApplicationItems(this.ctx.db, caller.actor, q);
  }

  async checklist(caller: Caller, id: string) {
    await this.catchUp(id);
    const g = await loadAggregate(this.ctx.db, id, { withPrior: true });
    if (!g || !inScope(toCase(g), caller.actor)) this.notFound();
    const names = await districtNames(this.ctx.db);
    const authorityHasAccount = await authorityAccountExists(this.ctx.db, g.app.industry_authority);
    const blockers = submissionBlockers(toCase(g), this.ctx.clock.now(), (d) => names.get(d) ?? d, { authorityHasAccount });
    return { ready: blockers.length === 0, blockers };
  }

  async create(caller: Caller, input: Input): Promise<ApplicationView> {
    const orgId = caller.actor.organizationId;
    if (!orgId) refuse('FORBIDDEN', '只有申报单位可以创建申报。');
    const now = this.ctx.clock.now();
    const id = await this.ctx.db
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
    return this.view(id);
  }

  async update(caller: Caller, id: string, patch: Patch, ifVersion?: number): Promise<ApplicationView> {
    const now = this.ctx.clock.now();
    await this.catchUp(id);
    await this.ctx.db.transaction().execute(async (tx) => {
      const g = await this.lockVisible(tx, caller, id);
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
      await notifyDecision(tx, this.ctx.config, c, null, decision, now);
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
    return this.view(id);
  }

  /**
   * For the materials module: checks the rules allow the change, inside the caller's transaction,
   * with the application locked. Returns the case and the bytes of its live materials (the
   * per-application total is checked under that lock, so two uploads cannot race past it).
   */
  async guardInTx(tx: Tx, caller: Caller, id: string, cmd: Command): Promise<{ c: ApplicationCase; liveBytes: number }> {
    const g = await this.lockVisible(tx, caller, id);
    const c = toCase(g);
    decide(c, cmd, caller.actor, { now: this.ctx.clock.now(), calendar: await calendarFor(tx, cmd) });
    return { c, liveBytes: liveBytesOf(g) };
  }

  /**
   * The same check without a lock or a transaction — an early answer before a byte of an upload is
   * stored (the binding check is `guardInTx`, when the upload commits). One statement.
   */
  async precheck(caller: Caller, id: string, cmd: Command): Promise<{ liveBytes: number }> {
    const g = await loadAggregate(this.ctx.db, id);
    if (!g || !inScope(toCase(g), caller.actor)) this.notFound();
    decide(toCase(g), cmd, caller.actor, { now: this.ctx.clock.now(), calendar: await calendarFor(this.ctx.db, cmd) });
    return { liveBytes: liveBytesOf(g) };
  }

  /**
   * Applies whatever the clock has done to this case (逾期未补正, 视作放弃) in its own transaction,
   * so a refused command still leaves the deadline applied. Idempotent; the sweeper calls it too.
   */
  async catchUp(id: string, at?: Date): Promise<boolean> {
    const now = at ?? this.ctx.clock.now();
    // the clocks are rows kept in step with each case: one indexed look-up in the common case
    if (!(await hasDueDeadline(this.ctx.db, id, now))) return false;
    return this.ctx.db.transaction().execute((tx) => this.applyDeadlinesInTx(tx, id, now));
  }

  /** The sweeper's entry: the caller's transaction already holds the application's lock. */
  async applyDeadlinesInTx(tx: Tx, id: string, now: Date): Promise<boolean> {
    const g = await loadAggregate(tx, id, { forUpdate: true });
    if (!g) return false;
    const c = toCase(g);
    const d = applyDeadlines(c, now);
    if (!d) return false;
    await persistDecision(tx, c, d, { id: null, label: SYSTEM_ACTOR.label }, now);
    await notifyDecision(tx, this.ctx.config, c, null, d, now);
    await appendAudit(
      tx,
      SYSTEM_ACTOR,
      { action: 'application.deadline', entityType: 'application', entityId: id, before: snapshot(c), after: { status: d.status, items: d.items } },
      now,
    );
    return true;
  }

  async view(id: string): Promise<ApplicationView> {
    const g = await loadAggregate(this.ctx.db, id);
    if (!g) this.notFound();
    return this.present(g);
  }

  /**
   * Reads a case visible to the caller (out of scope → 404) without a lock, with whether a clock of it
   * has run out by `dueBy`: a command's read, its write guarded by the version read (0020).
   */
  async readVisible(caller: Caller, id: string, prior: boolean, dueBy: Date): Promise<Aggregate> {
    const g = await loadAggregate(this.ctx.db, id, { withPrior: prior, dueBy });
    if (!g || !inScope(toCase(g), caller.actor)) this.notFound();
    return g;
  }

  /** Locks a case visible to the caller (out of scope → 404) and loads it; for ApplicationCommands and guardInTx. */
  async lockVisible(tx: Tx, caller: Caller, id: string, prior = false): Promise<Aggregate> {
    const g = await loadAggregate(tx, id, { forUpdate: true, withPrior: prior });
    if (!g || !inScope(toCase(g), caller.actor)) this.notFound();
    return g;
  }
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

/** Bytes of the live (not deleted) materials — what counts against MAX_APPLICATION_UPLOAD_MIB. */
function liveBytesOf(g: Aggregate): number {
  return g.materials.reduce((sum, m) => sum + Number(m.size), 0);
}

function uniqueToDuplicate(err: unknown): never {
  if ((err as { code?: string }).code === '23505') refuse('DUPLICATE', '本单位在该批次已有一份申报，请在原申报上继续填写。');
  throw err;
}

/** Only a return (退回补正) counts working days; other commands need no calendar. An empty one refuses any use. */
export const NO_CALENDAR = makeCalendar([], []);
export async function calendarFor(tx: DbOrTx, cmd: Command) {
  return cmd.type === 'acceptance' ? workingCalendar(tx) : NO_CALENDAR;
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
