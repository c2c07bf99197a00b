import { FILING_STATUS_LABELS, type FilingStatus } from '../../../../contract/enums.js';
import { appendAudit, appendAuditMany, auditManyWrite, type AuditActor } from '../../platform/audit/audit.js';
import { executeWrites, writes } from '../../platform/db/one-statement.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import type { SessionActor } from '../../platform/http/types.js';
import { SYSTEM_ACTOR } from '../../platform/http/request-context.js';
import { recordHistory, recordHistoryMany, recordHistoryManyWrite } from '../applications/applications.service.js';
import { filingView } from '../applications/applications.view.js';
import { refuse } from '../../workflow/refusal.js';
import { recordFilingIntegrity, recordFilingIntegrityMany } from './integrity.service.js';
import { notifyFiling, notifyFilings, notifyFilingsWrite } from '../notifications/notifications.service.js';
import { endOfShanghaiDay, filingValidUntil, shanghaiDateOf, yearOf, type IsoDate } from '../../workflow/time.js';
import {
  allocateReceiptNumbers,
  applicationOfItem,
  existingDigests,
  factsOf,
  findFiling,
  filingEventsWrite,
  insertFilings,
  itemsToFile,
  listFilings,
  lockFiling,
  lockForExpiry,
  recordFilingEvents,
  setExpiredWrite,
  setRevoked,
  setSupervision,
  unloggedFilings,
  type ExpiryRow,
  type FilingRow,
} from './filings.repository.js';

export function toFiling(r: FilingRow) {
  return filingView(
    r,
    { id: r.org_id, name: r.org_name, uscc: r.uscc },
    { name: r.item_name, seq: r.seq, occupation_code: r.occupation_code, levels: r.levels },
  );
}

/** 备案回执 numbers: 沪评备 + year + a per-year sequence, allocated in the filing's transaction (no gaps). */
export function receiptNumber(year: number, n: number): string {
  return `SHPB-${year}-${String(n).padStart(5, '0')}`;
}

const notFound = (receiptNo: string): never => refuse('NOT_FOUND', `没有编号为“${receiptNo}”的备案回执，请核对回执编号。`);

export class FilingsService {
  constructor(private readonly ctx: ServiceContext) {}

  /**
   * 三(五) 出具备案回执: files items (inside the caller's transaction, which holds their applications'
   * locks) and returns their receipt numbers, in the order given. Valid for the call's
   * `filingValidityYears` (备案有效期为3年). Each filing's facts become a `filing.issued` leaf of the
   * transparency log; its SM3 digests are fixed and named in its audit record, so neither can be
   * rewritten unseen. Set-wise: the end of a public notice files all its items in a constant number of
   * statements, whatever their number.
   */
  async issueMany(tx: Tx, toFile: readonly { itemId: string; filedOn: IsoDate }[], actor: AuditActor, at: Date): Promise<string[]> {
    if (toFile.length === 0) return [];
    const items = await itemsToFile(
      tx,
      toFile.map((f) => f.itemId),
    );
    // receipt numbers per year of filing, consecutive in the order given
    const firstOf = new Map<number, number>();
    for (const f of toFile) firstOf.set(yearOf(f.filedOn), (firstOf.get(yearOf(f.filedOn)) ?? 0) + 1);
    for (const [year, count] of firstOf) firstOf.set(year, await allocateReceiptNumbers(tx, year, count));
    const filings = toFile.map((f, k) => {
      const year = yearOf(f.filedOn);
      const n = firstOf.get(year)!;
      firstOf.set(year, n + 1);
      const item = items[k]!; // itemsToFile answers each item asked, in order
      const validUntil = filingValidUntil(f.filedOn, item.rules.filingValidityYears);
      return {
        receiptNo: receiptNumber(year, n),
        itemId: f.itemId,
        organizationId: item.organization_id,
        filedOn: f.filedOn,
        validUntil,
        expiresAt: endOfShanghaiDay(validUntil),
        applicationId: item.application_id,
        from: item.status,
      };
    });
    const receiptNos = filings.map((f) => f.receiptNo);
    await insertFilings(tx, filings, at);
    await recordHistoryMany(
      tx,
      filings.map((f) => ({
        applicationId: f.applicationId,
        event: { action: '备案', itemId: f.itemId, from: f.from, to: 'filed', note: `备案回执 ${f.receiptNo}，有效期至 ${f.validUntil}` },
      })),
      { id: actor.id, label: actor.label },
      at,
    );
    const digests = await recordFilingIntegrityMany(tx, receiptNos, at); // SEC-14: the SM3 digests each receipt carries
    await recordFilingEvents(tx, receiptNos, 'filing.issued', at);
    await notifyFilings(tx, this.ctx.config, receiptNos, 'issued', at);
    await appendAuditMany(
      tx,
      actor,
      filings.map((f) => ({
        action: 'filing.issue',
        entityType: 'filing',
        entityId: f.receiptNo,
        after: { itemId: f.itemId, filedOn: f.filedOn, validUntil: f.validUntil, ...digests.get(f.receiptNo) },
      })),
      at,
    );
    return receiptNos;
  }

  async list(actor: SessionActor, q: { status?: FilingStatus; page: number; pageSize: number }) {
    // an applicant sees its own organisation's filings only (an applicant without one: none)
    const organizationId = actor.role === 'applicant' ? (actor.organizationId ?? '00000000-0000-0000-0000-000000000000') : undefined;
    const { rows, total } = await listFilings(this.ctx.db, { ...q, organizationId });
    return { items: rows.map(toFiling), total };
  }

  async get(receiptNo: string, actor: SessionActor | null) {
    const r = await findFiling(this.ctx.db, receiptNo);
    if (!r) return notFound(receiptNo);
    if (actor && actor.role === 'applicant' && actor.organizationId !== r.org_id) return notFound(receiptNo);
    return toFiling(r);
  }

  /** 撤销备案 (bureau): from active or suspended; final. */
  async revoke(receiptNo: string, reason: string, who: AuditActor) {
    return this.supervise(receiptNo, who, ['active', 'suspended'], async (tx, f, now) => {
      await setRevoked(tx, receiptNo, reason, now);
      return {
        type: 'filing.revoked',
        history: '撤销备案',
        note: `${receiptNo}：${reason}`,
        notify: 'revoked',
        audit: { action: 'filing.revoke', before: { status: f.status }, after: { status: 'revoked', reason } },
      };
    });
  }

  /** 暂停 (bureau, centre): a supervision measure — not valid, out of the directory, until resumed. */
  async suspend(receiptNo: string, reason: string, who: AuditActor) {
    return this.supervise(receiptNo, who, ['active'], async (tx, f, now) => {
      await setSupervision(tx, receiptNo, { status: 'suspended', suspendedAt: now, reason });
      return {
        type: 'filing.suspended',
        history: '暂停备案',
        note: `${receiptNo}：${reason}`,
        notify: 'suspended',
        audit: { action: 'filing.suspend', before: { status: f.status }, after: { status: 'suspended', reason } },
      };
    });
  }

  /** 恢复 (bureau, centre): a suspended filing becomes valid again (its validity period is unchanged). */
  async resume(receiptNo: string, reason: string, who: AuditActor) {
    return this.supervise(receiptNo, who, ['suspended'], async (tx, f) => {
      await setSupervision(tx, receiptNo, { status: 'active', suspendedAt: null, reason: null });
      return {
        type: 'filing.resumed',
        history: '恢复备案',
        note: `${receiptNo}：${reason}`,
        notify: 'resumed',
        audit: {
          action: 'filing.resume',
          before: { status: f.status, suspendedAt: f.suspended_at, suspendReason: f.suspend_reason },
          after: { status: 'active', reason },
        },
      };
    });
  }

  /**
   * One supervision step: lock, check the status, change, record (history, log leaf, message,
   * audit) in one transaction — then wait for the log to sign over the event before answering.
   */
  private async supervise(
    receiptNo: string,
    who: AuditActor,
    from: readonly FilingStatus[],
    change: (
      tx: Tx,
      f: NonNullable<Awaited<ReturnType<typeof lockFiling>>>,
      now: Date,
    ) => Promise<{
      type: 'filing.revoked' | 'filing.suspended' | 'filing.resumed';
      history: string;
      note: string;
      notify: 'revoked' | 'suspended' | 'resumed';
      audit: { action: string; before: unknown; after: unknown };
    }>,
  ) {
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const f = await lockFiling(tx, receiptNo);
      if (!f) return notFound(receiptNo);
      if (!from.includes(f.status)) {
        refuse(
          'CONFLICT',
          `该备案当前为“${FILING_STATUS_LABELS[f.status] ?? f.status}”，不能进行此操作（只有“${from.map((s) => FILING_STATUS_LABELS[s]).join('”或“')}”的备案可以）。`,
        );
      }
      const c = await change(tx, f, now);
      await recordHistory(
        tx,
        await applicationOfItem(tx, f.application_item_id),
        [{ action: c.history, itemId: f.application_item_id, note: c.note }],
        { id: who.id, label: who.label },
        now,
      );
      await recordFilingEvents(tx, [receiptNo], c.type, now);
      await notifyFiling(tx, this.ctx.config, receiptNo, c.notify, now);
      await appendAudit(tx, who, { action: c.audit.action, entityType: 'filing', entityId: receiptNo, before: c.audit.before, after: c.audit.after }, now);
    });
    await this.ctx.log.integrate();
    return this.get(receiptNo, null);
  }

  /**
   * Upgrading a register that kept filings before the transparency log (migration 0010): each filing
   * without any log event is adopted once — its SM3 digests fixed if it had none (marked backfilled),
   * a `filing.issued` leaf of its facts as they stand, and an audit record `filing.adopt` saying so.
   * The log vouches for such a filing from the adoption on (its leaf's `at`), not from its filing date.
   */
  async adoptUnlogged(): Promise<number> {
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction().execute(async (tx) => {
      const orphans = await unloggedFilings(tx);
      if (orphans.length === 0) return 0;
      const entries = [];
      for (const receiptNo of orphans) {
        const digests = (await existingDigests(tx, receiptNo)) ?? (await recordFilingIntegrity(tx, receiptNo, now, true));
        entries.push({
          action: 'filing.adopt',
          entityType: 'filing',
          entityId: receiptNo,
          after: { reason: '启用透明日志前的备案，按启用时的记录登记', ...digests },
        });
      }
      await recordFilingEvents(tx, orphans, 'filing.issued', now);
      await appendAuditMany(tx, SYSTEM_ACTOR, entries, now);
      return orphans.length;
    });
  }

  /** 备案有效期为3年: the sweeper marks a filing expired at 24:00 of `validUntil`. Idempotent. */
  async expire(tx: Tx, receiptNo: string, now: Date): Promise<void> {
    await this.expireMany(tx, [receiptNo], now);
  }

  /**
   * Expires every filing of `receiptNos` whose validity is over (active or suspended, past 24:00 of
   * `validUntil`) and returns their receipt numbers.
   */
  async expireMany(tx: Tx, receiptNos: readonly string[], now: Date): Promise<string[]> {
    return this.expireLocked(tx, await this.lockForExpiry(tx, receiptNos), now);
  }

  /** Locks filings for expiry (receipt order) with the facts `expireLocked` needs — one statement. */
  lockForExpiry(tx: Tx, receiptNos: readonly string[]): Promise<ExpiryRow[]> {
    return lockForExpiry(tx, receiptNos);
  }

  /**
   * `expireMany` over rows the caller locked with `lockForExpiry` (in this transaction) — ONE write
   * statement for a chunk of any size (platform/db/one-statement.ts), none of it a read of what the
   * lock already answered: history, log leaves, messages (events, inbox, outbox), audit, and the
   * status — its trigger bumps the directory's version (one row every filing change locks) at the end
   * of the statement, held to commit.
   */
  async expireLocked(tx: Tx, rows: readonly ExpiryRow[], now: Date): Promise<string[]> {
    const due = rows.filter((f) => (f.status === 'active' || f.status === 'suspended') && now >= endOfShanghaiDay(f.valid_until));
    if (due.length === 0) return [];
    const expired = due.map((f) => f.receipt_no);
    const w = writes();
    recordHistoryManyWrite(
      w,
      due.map((f) => ({
        applicationId: f.application_id,
        event: { action: '备案有效期届满', itemId: f.application_item_id, note: `${f.receipt_no} 有效期至 ${f.valid_until}` },
      })),
      { id: null, label: SYSTEM_ACTOR.label },
      now,
    );
    // the leaf states the facts as they now stand: the locked row, expired
    filingEventsWrite(
      w,
      due.map((f) => factsOf({ ...f, status: 'expired' })),
      'filing.expired',
      now,
    );
    notifyFilingsWrite(w, this.ctx.config, due, 'expired', now);
    const on = shanghaiDateOf(now);
    auditManyWrite(
      w,
      SYSTEM_ACTOR,
      due.map((f) => ({
        action: 'filing.expire',
        entityType: 'filing',
        entityId: f.receipt_no,
        before: { status: f.status },
        after: { status: 'expired', on },
      })),
      now,
    );
    setExpiredWrite(w, expired);
    await executeWrites(tx, w);
    return expired;
  }
}
