import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { SimulatedClock } from '../../platform/clock/clock.js';
import type { ServiceContext } from '../../platform/context.js';
import { refuse } from '../../workflow/refusal.js';
import { toShanghaiIso } from '../../workflow/time.js';
import type { Sweeper } from '../deadlines/sweeper.js';
import { auditRecords, ping, storeSimulatedClock } from './system.repository.js';

/** Health, readiness and the business clock. */
export class SystemService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly sweeper: Sweeper,
  ) {}

  /** GET /audit: a page of audit records, newest first; one row more than asked tells whether an older page exists. */
  async auditPage(q: { entityType?: string; entityId?: string; beforeSeq?: string; limit: number }) {
    const rows = await auditRecords(this.ctx.db, { ...q, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((r) => ({
        seq: r.seq,
        at: toShanghaiIso(new Date(r.at)),
        businessAt: toShanghaiIso(new Date(r.business_at)),
        actor: r.actor_label,
        actorId: r.actor_id,
        actorRole: r.actor_role,
        ip: r.ip,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        result: r.result,
        before: r.before,
        after: r.after,
      })),
      ...(rows.length > page.length ? { nextBeforeSeq: page[page.length - 1]!.seq } : {}),
    };
  }

  async ready(): Promise<{ status: 'ready' }> {
    await ping(this.ctx.db);
    return { status: 'ready' };
  }

  clock() {
    return { now: toShanghaiIso(this.ctx.clock.now()), simulated: this.ctx.clock instanceof SimulatedClock };
  }

  /**
   * Simulated time only (APP_CLOCK): moves the clock, then applies every deadline passed by then.
   * The new instant and its audit record commit together; the record carries the business time at
   * which the move was made (the clock's reading before it), its before/after the two instants.
   */
  async moveClock(now: string, who: AuditActor) {
    const clock = this.ctx.clock;
    if (!(clock instanceof SimulatedClock)) refuse('NOT_FOUND', '未启用模拟时间。');
    const before = clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      await storeSimulatedClock(tx, new Date(now), new Date());
      await appendAudit(tx, who, { action: 'system.clock', entityType: 'system', entityId: 'clock', before: { now: before }, after: { now } }, before);
    });
    // this node follows what was committed at once; the others on their next sync
    await clock.refresh();
    this.sweeper.invalidate();
    const applied = await this.sweeper.sweep();
    return { now: toShanghaiIso(clock.now()), simulated: true as const, applied };
  }
}
