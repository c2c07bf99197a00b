import type { z } from 'zod';
import type { applicationInput, applicationItemListQuery, applicationListQuery, applicationPatch } from '../../../../contract/applications.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { DbOrTx, Tx } from '../../platform/db/database.js';
import type { Writes } from '../../platform/db/one-statement.js';
import type { ServiceContext } from '../../platform/context.js';
import type { SessionActor } from '../../platform/http/types.js';
import { SYSTEM_ACTOR } from '../../platform/http/request-context.js';
import type { ApplicationCase, CaseEvent } from '../../workflow/case.js';
import { submissionBlockers } from '../../workflow/checklist.js';
import { authorityAccountExists } from '../authorities/authorities.service.js';
import { decide, inScope, type Command } from '../../workflow/decide.js';
import { applyDeadlines } from '../../workflow/deadlines.js';
import { refuse } from '../../workflow/refusal.js';
import { CalendarCache, workingCalendar } from '../calendar/calendar.service.js';
import { createDraft, updateDraft } from './application-drafts.service.js';
import { NO_CALENDAR } from '../../workflow/calendar.js';
import {
  applicationIdOfItem,
  hasDueDeadline,
  insertEvents,
  insertEventsMany,
  eventsManyWrite,
  lockApplications,
  persistDecision,
  scopeFacts,
  type EventActor,
} from './applications.repository.js';
import { loadAggregate, toCase, type Aggregate } from './application-aggregate.repository.js';
import { districtNames } from './application-drafts.repository.js';
import { listApplications } from './application-list.repository.js';
import { listApplicationItems } from './application-item-list.repository.js';
import { toViewOn, type ApplicationView } from './applications.view.js';
import { shanghaiDateOf } from '../../workflow/time.js';
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

/** `recordHistoryMany` as a part of a single write statement (platform/db/one-statement.ts). */
export function recordHistoryManyWrite(w: Writes, rows: readonly { applicationId: string; event: CaseEvent }[], actor: EventActor, at: Date): void {
  eventsManyWrite(w, rows, actor, at);
}

export class ApplicationsService {
  constructor(private readonly ctx: ServiceContext) {}
  private readonly calendar = new CalendarCache();
  /** The case as API v1 answers it, as seen today. */
  present(g: Aggregate): Promise<ApplicationView> {
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

  /** A new application (draft) of the caller's organisation — application-drafts.service.ts. */
  create(caller: Caller, input: Input): Promise<ApplicationView> {
    return createDraft(this.ctx, this, caller, input);
  }

  /** Saves a draft's or a returned application's fields — application-drafts.service.ts. */
  update(caller: Caller, id: string, patch: Patch, ifVersion?: number): Promise<ApplicationView> {
    return updateDraft(this.ctx, this, caller, id, patch, ifVersion);
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

/** Bytes of the live (not deleted) materials — what counts against MAX_APPLICATION_UPLOAD_MIB. */
function liveBytesOf(g: Aggregate): number {
  return g.materials.reduce((sum, m) => sum + Number(m.size), 0);
}

/** Only a return (退回补正) counts working days; other commands need no calendar (NO_CALENDAR refuses any use). */
export async function calendarFor(tx: DbOrTx, cmd: Command) {
  return cmd.type === 'acceptance' ? workingCalendar(tx) : NO_CALENDAR;
}
