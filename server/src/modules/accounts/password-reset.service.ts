import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { generatePassword, hashPassword, passwordProblems } from '../../platform/auth/passwords.js';
import type { SessionStore } from '../../platform/auth/sessions.js';
import { newToken, tokenHash } from '../../platform/auth/tokens.js';
import type { ServiceContext } from '../../platform/context.js';
import { refuse } from '../../workflow/refusal.js';
import type { EmailSender } from '../notifications/channels.js';
import {
  claimReset,
  endResets,
  findLiveReset,
  findResetCandidate,
  findUserName,
  insertReset,
  recentResets,
  setPasswordAfterReset,
} from './password-reset.repository.js';

/** How long a link is good for, and how many a user can be sent in an hour. */
export const RESET_TTL_MS = 30 * 60_000;
export const RESETS_PER_HOUR = 3;

/** The same answer whether or not the username and e-mail matched: nobody learns which accounts exist. */
export const RESET_REQUESTED =
  '如用户名与登记的联系邮箱一致，重置密码的链接已发送至该邮箱，30 分钟内有效，只能使用一次。未收到请检查垃圾邮件；工作人员账号或无法收取邮件的，请联系市职鉴中心，由系统管理员核实身份后重置。';

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * 忘记密码 (issue 13): an applicant locked out in the week of the deadline gets back in by a one-time link
 * sent to the contact e-mail its organisation registered; anyone else — staff, or an organisation whose
 * mailbox is gone — is reset by the administrator, who hands over a temporary password that must be
 * changed at the next sign-in. Every reset ends the user's sessions and other links, and is audited.
 * Timers are security timers on the real clock (like sessions), injectable for tests.
 */
export class PasswordResetService {
  constructor(
    private readonly ctx: Pick<ServiceContext, 'db' | 'clock' | 'config'>,
    private readonly sessions: SessionStore,
    private readonly email: EmailSender | undefined,
    private readonly log: { warn(m: string): void },
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Records a token and returns the neutral answer at once; `delivery` settles when the e-mail has
   * been handed to the SMTP server (or failed — logged, never told to the caller).
   */
  async request(username: string, email: string, who: AuditActor): Promise<{ detail: string; delivery: Promise<void> }> {
    const user = await findResetCandidate(this.ctx.db, username.trim());
    const now = this.now();
    if (!user || user.disabled || user.role !== 'applicant' || !user.contact_email || !sameEmail(user.contact_email, email)) {
      return { detail: RESET_REQUESTED, delivery: Promise.resolve() };
    }
    if ((await recentResets(this.ctx.db, user.id, new Date(now.getTime() - 3_600_000))) >= RESETS_PER_HOUR) {
      return { detail: RESET_REQUESTED, delivery: Promise.resolve() };
    }
    const token = newToken();
    await this.ctx.db.transaction().execute(async (tx) => {
      await insertReset(tx, { userId: user.id, tokenHash: tokenHash(token), createdAt: now, expiresAt: new Date(now.getTime() + RESET_TTL_MS) });
      await appendAudit(
        tx,
        who,
        { action: 'auth.password_reset_requested', entityType: 'user', entityId: user.id, after: { channel: this.email ? 'email' : 'none' } },
        this.ctx.clock.now(),
      );
    });
    return { detail: RESET_REQUESTED, delivery: this.send(user.contact_email, user.display_name, token) };
  }

  private async send(to: string, name: string, token: string): Promise<void> {
    if (!this.email) {
      this.log.warn('password reset requested, but e-mail is off (SMTP_URL / SMTP_HOST): no link was sent');
      return;
    }
    const base = this.ctx.config.publicBaseUrl?.replace(/\/+$/, '') ?? '';
    const link = `${base}/reset-password#token=${token}`;
    const text = [
      `${name}：`,
      '',
      '有人（可能是您）申请重置社会培训评价组织征集遴选系统的登录密码。请在 30 分钟内打开以下链接设置新密码（只能使用一次）：',
      '',
      link,
      '',
      base ? '' : `如链接无法打开，请在系统登录页点“忘记密码”→“已有重置码”，输入重置码：${token}`,
      '如不是您本人申请，请忽略本邮件，您的密码不会改变。',
      '',
      '——',
      '上海市职业技能鉴定中心 · 社会培训评价组织征集遴选系统（此邮件由系统自动发送，请勿直接回复）',
    ]
      .filter((l, i, all) => l !== '' || all[i - 1] !== '')
      .join('\n');
    try {
      await this.email.send(to, '【社评组织征集遴选】重置登录密码', text);
    } catch (err) {
      this.log.warn(`password reset e-mail failed: ${(err as Error).message}`);
    }
  }

  /** Sets the new password with a live token; the token is used up, the user's sessions end. */
  async confirm(token: string, newPassword: string, who: AuditActor): Promise<void> {
    const now = this.now();
    const reset = await findLiveReset(this.ctx.db, tokenHash(token.trim()), now);
    if (!reset || reset.disabled)
      refuse('VALIDATION_FAILED', '重置链接无效、已使用或已过期，请回到登录页点“忘记密码”重新申请。', undefined, {
        errors: [{ path: 'token', message: '重置链接无效或已过期' }],
      });
    const problems = passwordProblems(newPassword, reset.username);
    if (problems.length)
      refuse('VALIDATION_FAILED', `密码不符合要求：${problems.join('；')}。`, undefined, {
        errors: problems.map((m) => ({ path: 'newPassword', message: m })),
      });
    const hash = await hashPassword(newPassword);
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await claimReset(tx, reset.id, now)))
        refuse('VALIDATION_FAILED', '重置链接已被使用，请回到登录页重新申请。', undefined, { errors: [{ path: 'token', message: '重置链接已被使用' }] });
      await setPasswordAfterReset(tx, reset.user_id, hash, false);
      await endResets(tx, reset.user_id, now);
      await appendAudit(
        tx,
        { ...who, id: reset.user_id, label: reset.username },
        { action: 'auth.password_reset', entityType: 'user', entityId: reset.user_id, after: { by: 'email_link' } },
        this.ctx.clock.now(),
      );
    });
    await this.sessions.destroyAllFor(reset.user_id);
  }

  /** The administrator's reset: a temporary password, shown once, to be changed at the next sign-in. */
  async adminReset(userId: string, who: AuditActor): Promise<{ temporaryPassword: string }> {
    const now = this.now();
    const user = (await findUserName(this.ctx.db, userId)) ?? refuse('NOT_FOUND', '用户不存在。');
    const temp = generatePassword(user.username);
    const hash = await hashPassword(temp);
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await setPasswordAfterReset(tx, userId, hash, true))) refuse('NOT_FOUND', '用户不存在。');
      await endResets(tx, userId, now);
      await appendAudit(
        tx,
        who,
        { action: 'user.password_reset', entityType: 'user', entityId: userId, after: { username: user.username, mustChangePassword: true } },
        this.ctx.clock.now(),
      );
    });
    await this.sessions.destroyAllFor(userId);
    return { temporaryPassword: temp };
  }
}
