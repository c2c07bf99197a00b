import type { ServiceContext } from '../../platform/context.js';
import type { Delivery, EmailSender, SmsSender } from './channels.js';
import { filingExpiryReminder, projectDeadlineReminder, type Message } from './notification-messages.js';
import { claimOutbox, existingDedupeKeys, markFailedAttempt, markDelivered, upcomingDeadlines, type Audience } from './notifications.repository.js';
import { notify } from './notifications.service.js';

const DAY_MS = 86_400_000;
/** 三(四): reminders 30, 7 and 1 days before a project evaluation is due; 三(五): 90 and 30 before a filing ends. */
export const PROJECT_REMINDER_DAYS = [30, 7, 1] as const;
export const FILING_REMINDER_DAYS = [90, 30] as const;

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;
const BATCH = 20;

/** Exponential backoff: 30 s, 1 min, 2 min, … capped at 1 h, with a little jitter so nodes spread out. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base * (1 + 0.1 * random()));
}

/**
 * The smallest reminder threshold already reached, if any: with thresholds 30/7/1, a deadline 5
 * days away is at its 7-day reminder. Only that one is sent, so a clock that jumps (simulated time,
 * a node that was down) never sends a stale "30 days left" after the "7 days left".
 */
export function reminderThreshold(dueAt: Date, now: Date, days: readonly number[]): number | null {
  const left = dueAt.getTime() - now.getTime();
  if (left <= 0) return null;
  const reached = days.filter((d) => left <= d * DAY_MS);
  return reached.length ? Math.min(...reached) : null;
}

export interface WorkerLog {
  info(msg: string): void;
  warn(msg: string): void;
}

/**
 * Runs on every node: sends the reminders that have come due (each once: dedupe keys), then
 * delivers the outbox — claimed with SKIP LOCKED so nodes never send the same row at once; a
 * failure is retried with backoff up to MAX_ATTEMPTS, then marked failed (the inbox copy stays).
 */
export class NotificationWorker {
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly channels: { email?: EmailSender; sms?: SmsSender },
    private readonly log: WorkerLog,
  ) {}

  /** One round; concurrent calls on this node share it. */
  tick(): Promise<unknown> {
    this.running ??= (async () => {
      await this.sweepReminders(this.ctx.clock.now());
      await this.deliver();
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async sweepReminders(now: Date): Promise<number> {
    const { projects, filings } = await upcomingDeadlines(this.ctx.db, now);
    const due: { message: Message; audience: Audience }[] = [];
    for (const p of projects) {
      const n = reminderThreshold(new Date(p.due_at), now, PROJECT_REMINDER_DAYS);
      if (n === null || !p.due_on) continue;
      const r = {
        itemId: p.item_id,
        applicationId: p.application_id,
        itemName: p.item_name,
        orgName: p.org_name,
        dueOn: p.due_on,
        daysLeft: Math.ceil((new Date(p.due_at).getTime() - now.getTime()) / DAY_MS),
      };
      const key = `reminder:project_evaluation:${p.item_id}:${p.due_on}:${n}`;
      due.push({ message: projectDeadlineReminder('applicant', r, `${key}:applicant`), audience: { organizationId: p.org_id } });
      due.push({ message: projectDeadlineReminder('center', r, `${key}:center`), audience: { role: 'center' } });
    }
    for (const f of filings) {
      const n = reminderThreshold(new Date(f.due_at), now, FILING_REMINDER_DAYS);
      if (n === null) continue;
      const r = {
        receiptNo: f.subject_id,
        itemName: f.item_name,
        orgName: f.org_name,
        validUntil: f.valid_until,
        daysLeft: Math.ceil((new Date(f.due_at).getTime() - now.getTime()) / DAY_MS),
      };
      const key = `reminder:filing_expiry:${f.subject_id}:${f.valid_until}:${n}`;
      due.push({ message: filingExpiryReminder('applicant', r, `${key}:applicant`), audience: { organizationId: f.org_id } });
      due.push({ message: filingExpiryReminder('center', r, `${key}:center`), audience: { role: 'center' } });
    }
    const told = await existingDedupeKeys(
      this.ctx.db,
      due.map((d) => d.message.dedupeKey!),
    );
    let sent = 0;
    for (const d of due.filter((x) => !told.has(x.message.dedupeKey!))) {
      // the dedupe key makes a race with another node harmless: the second insert does nothing
      if (await this.ctx.db.transaction().execute((tx) => notify(tx, this.ctx.config, d.message, [d.audience], now))) sent++;
    }
    return sent;
  }

  /**
   * Delivers what is due in the outbox; returns how many a gateway took (`sent`), how many a driver
   * only wrote to the log (`logged`, SMS_DRIVER=log) and how many attempts failed.
   */
  async deliver(now: () => Date = () => new Date()): Promise<{ sent: number; logged: number; failed: number }> {
    let sent = 0;
    let logged = 0;
    let failed = 0;
    for (;;) {
      const rows = await claimOutbox(this.ctx.db, now(), LEASE_MS, BATCH);
      for (const r of rows) {
        try {
          const outcome = await this.send(r);
          await markDelivered(this.ctx.db, r.id, now(), outcome);
          if (outcome === 'sent') sent++;
          else logged++;
        } catch (err) {
          failed++;
          const last = r.attempts >= MAX_ATTEMPTS;
          const msg = err instanceof Error ? err.message : String(err);
          await markFailedAttempt(this.ctx.db, r.id, msg, last ? null : new Date(now().getTime() + backoffMs(r.attempts)));
          this.log.warn(`notification ${r.channel} #${r.id} attempt ${r.attempts} failed${last ? ' (giving up)' : ''}: ${msg}`);
        }
      }
      if (rows.length < BATCH) return { sent, logged, failed };
    }
  }

  private async send(r: { channel: string; address: string; title: string; body: string; link: string | null }): Promise<Delivery> {
    if (r.channel === 'email') {
      if (!this.channels.email) throw new Error('email channel is not configured (SMTP_URL / SMTP_HOST)');
      const base = this.ctx.config.publicBaseUrl?.replace(/\/+$/, '');
      const link = r.link && base ? `\n\n查看详情：${base}${r.link}` : '';
      return this.channels.email.send(
        r.address,
        `【社评组织征集遴选】${r.title}`,
        `${r.body}${link}\n\n——\n上海市职业技能鉴定中心 · 社会培训评价组织征集遴选系统（此邮件由系统自动发送，请勿直接回复）`,
      );
    }
    if (!this.channels.sms) throw new Error('SMS channel is off (SMS_DRIVER=off)');
    return this.channels.sms.send(r.address, `【上海职业技能鉴定】${r.title}。${r.body}`.slice(0, 300));
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.tick().catch((err) => this.log.warn(`notification worker: ${(err as Error).message}`)), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => {});
    this.channels.email?.close();
  }
}
