import { joinAuthorityList } from '../authorities/authorities.service.js';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import type { z } from 'zod';
import type { createUserBody, eligibilityReviewBody, registerBody, userListQuery } from '../../../../contract/accounts.js';
import { appendAudit, recordAudit, type AuditActor } from '../../platform/audit/audit.js';
import { dummyHash, generatePassword, hashPassword, passwordProblems, verifyPassword } from '../../platform/auth/passwords.js';
import type { SessionStore } from '../../platform/auth/sessions.js';
import { newToken, tokenHash } from '../../platform/auth/tokens.js';
import type { ServiceContext } from '../../platform/context.js';
import type { SessionActor } from '../../platform/http/types.js';
import { refuse } from '../../workflow/refusal.js';
import { checkUscc, classifyEligibility } from '../../workflow/uscc.js';
import {
  beginLoginAttempt,
  clearFailedLogins,
  confirmTotpEnrolment,
  countChallengeAttempt,
  deleteLoginChallenge,
  findUserById,
  findUserByUsername,
  insertAdminIfAbsent,
  insertLoginChallenge,
  insertOrganization,
  insertUser,
  listUsersPage,
  listEnabledExperts,
  lockAccount,
  publicUser,
  setPassword,
  startTotpEnrolment,
  unlockUser,
  usccTaken,
  useTotpStep,
} from './accounts.repository.js';
import { toShanghaiIso } from '../../workflow/time.js';
import type { Selectable } from 'kysely';
import type { OrganizationsTable } from '../../platform/db/schema.js';
import { openPersonal, sealPersonal } from '../../platform/crypto/personal-data.js';
import { reviewEligibility, type EligibilityReviewView } from './eligibility-review.service.js';

/** SEC-02: 5 consecutive failures lock the account for 30 minutes. */
export const LOCK_AFTER = 5;
export const LOCK_MS = 30 * 60_000;
const CHALLENGE_MS = 5 * 60_000;

export type LoginResult =
  { kind: 'session'; user: ReturnType<typeof publicUser>; token: string; csrfToken: string; mustChangePassword: boolean } | { kind: 'mfa'; challenge: string };

function requirePolicy(password: string, username: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length)
    refuse('VALIDATION_FAILED', `密码不符合要求：${problems.join('；')}。`, undefined, { errors: problems.map((m) => ({ path: 'password', message: m })) });
}

export class AccountsService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly sessions: SessionStore,
  ) {}

  async register(input: z.infer<typeof registerBody>, who: AuditActor) {
    const check = checkUscc(input.organization.uscc);
    if (!check.ok) refuse('INVALID_USCC', `统一社会信用代码“${input.organization.uscc.trim()}”无效：${check.reason}`, '一');
    const eligibility = classifyEligibility(check);
    if (!eligibility.eligible) refuse('NOT_ELIGIBLE', eligibility.detail, eligibility.clause);
    requirePolicy(input.password, input.username);
    const passwordHash = await hashPassword(input.password);
    const now = this.ctx.clock.now();
    try {
      return await this.ctx.db.transaction().execute(async (tx) => {
        const taken = await findUserByUsername(tx, input.username);
        if (taken) refuse('DUPLICATE', `用户名“${input.username}”已被使用，请换一个。`);
        if (await usccTaken(tx, check.uscc)) refuse('DUPLICATE', '该统一社会信用代码已注册。如忘记账号，请联系本单位经办人或市职鉴中心找回。');
        const o = input.organization;
        const org = await insertOrganization(tx, {
          name: o.name,
          uscc: check.uscc,
          legal_form: o.legalForm,
          district: o.district,
          address: o.address,
          legal_representative: o.legalRepresentative,
          contact_name: o.contactName,
          contact_phone: sealPersonal(o.contactPhone),
          contact_email: o.contactEmail,
          eligibility: eligibility.eligibility,
        });
        const user = await insertUser(tx, {
          username: input.username,
          password_hash: passwordHash,
          role: 'applicant',
          display_name: o.name,
          organization_id: org.id,
        });
        await appendAudit(
          tx,
          { ...who, id: user.id, role: 'applicant', label: o.name },
          { action: 'account.register', entityType: 'organization', entityId: org.id, after: { uscc: org.uscc, name: org.name, eligibility: org.eligibility } },
          now,
        );
        return { user: publicUser(user), organization: organizationView(org) };
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') refuse('DUPLICATE', '用户名或统一社会信用代码已被注册。');
      if ((err as { code?: string }).code === '23503') refuse('VALIDATION_FAILED', '所在区不是本市的区，请从本市 16 个区中选择。');
      throw err;
    }
  }

  /** POST /organizations/:id/eligibility-review (center): 资格审核 (一). */
  async reviewEligibility(organizationId: string, input: z.infer<typeof eligibilityReviewBody>, actor: SessionActor, who: AuditActor) {
    return reviewEligibility(this.ctx, organizationId, input, actor, who);
  }

  async login(username: string, password: string, who: AuditActor, previousToken?: string): Promise<LoginResult> {
    const user = await findUserByUsername(this.ctx.db, username);
    const audit = (result: 'ok' | 'refused', note: string) =>
      recordAudit(
        this.ctx.db,
        { ...who, id: user?.id ?? null, role: user?.role ?? null, label: user?.display_name ?? username },
        { action: 'auth.login', entityType: 'user', entityId: user?.id ?? null, result, after: { username, note } },
        this.ctx.clock.now(),
      );
    if (!user || user.disabled) {
      await verifyPassword(await dummyHash(), password); // same time as a real check
      await audit('refused', 'unknown user or disabled');
      refuse('UNAUTHENTICATED', '用户名或密码错误。');
    }
    const attempt = await beginLoginAttempt(this.ctx.db, user.id, new Date());
    if (attempt === null || attempt > LOCK_AFTER) {
      if (attempt !== null) await lockAccount(this.ctx.db, user.id, new Date(Date.now() + LOCK_MS));
      const fresh = await findUserById(this.ctx.db, user.id);
      const until = fresh?.locked_until ? new Date(fresh.locked_until) : new Date(Date.now() + LOCK_MS);
      await audit('refused', 'locked');
      refuse('UNAUTHENTICATED', `连续登录失败次数过多，账户已锁定至 ${toShanghaiIso(until)}，请稍后再试或联系管理员解锁。`, undefined, {
        lockedUntil: until.toISOString(),
      });
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      const locked = attempt >= LOCK_AFTER;
      if (locked) await lockAccount(this.ctx.db, user.id, new Date(Date.now() + LOCK_MS));
      await audit('refused', locked ? 'wrong password; locked' : 'wrong password');
      refuse('UNAUTHENTICATED', locked ? `连续 ${LOCK_AFTER} 次登录失败，账户已锁定 30 分钟。` : '用户名或密码错误。');
    }
    await clearFailedLogins(this.ctx.db, user.id);
    if (user.totp_confirmed) {
      const challenge = newToken();
      await insertLoginChallenge(this.ctx.db, tokenHash(challenge), user.id, new Date(Date.now() + CHALLENGE_MS));
      await audit('ok', 'password ok; second factor required');
      return { kind: 'mfa', challenge };
    }
    const s = await this.sessions.create(user.id, who.ip ?? null, previousToken);
    await audit('ok', 'signed in');
    return { kind: 'session', user: publicUser(user), token: s.token, csrfToken: s.csrfToken, mustChangePassword: user.must_change_password };
  }

  /** Second step of a login: the challenge is single-use and bound to that attempt (SEC-04). */
  async loginTotp(challenge: string, code: string, who: AuditActor, previousToken?: string): Promise<LoginResult> {
    const idHash = tokenHash(challenge);
    // the attempt is counted before the code is checked, atomically (no parallel guessing)
    const row = await countChallengeAttempt(this.ctx.db, idHash);
    if (!row || new Date(row.expires_at).getTime() < Date.now() || row.attempts > 5) {
      if (row) await deleteLoginChallenge(this.ctx.db, idHash);
      refuse('UNAUTHENTICATED', '登录验证已过期或尝试次数过多，请重新输入用户名和密码。');
    }
    const user = await findUserById(this.ctx.db, row.user_id);
    if (!user?.totp_secret || !(await this.checkTotp(user.id, user.totp_secret, code, user.totp_last_step))) {
      await recordAudit(
        this.ctx.db,
        { ...who, id: row.user_id, role: user?.role ?? null, label: user?.display_name ?? '' },
        { action: 'auth.totp', entityType: 'user', entityId: row.user_id, result: 'refused' },
        this.ctx.clock.now(),
      );
      refuse('UNAUTHENTICATED', '动态口令错误，请重新输入。');
    }
    if (!(await deleteLoginChallenge(this.ctx.db, idHash))) refuse('UNAUTHENTICATED', '登录验证已使用，请重新登录。');
    const s = await this.sessions.create(user.id, who.ip ?? null, previousToken);
    await recordAudit(
      this.ctx.db,
      { ...who, id: user.id, role: user.role, label: user.display_name },
      { action: 'auth.totp', entityType: 'user', entityId: user.id },
      this.ctx.clock.now(),
    );
    return { kind: 'session', user: publicUser(user), token: s.token, csrfToken: s.csrfToken, mustChangePassword: user.must_change_password };
  }

  /** Ends the session (if any) and records it. */
  async logout(token: string | undefined, who: AuditActor): Promise<void> {
    if (token) await this.sessions.destroy(token);
    await recordAudit(this.ctx.db, who, { action: 'auth.logout', entityType: 'user', entityId: who.id }, this.ctx.clock.now());
  }

  /** RFC 6238 with one step of drift; a code (time step) is accepted once only. */
  private async checkTotp(userId: string, secret: string, code: string, lastStep: string | null): Promise<boolean> {
    const result = await verifyTotp({ secret, token: code, epochTolerance: 30, ...(lastStep !== null ? { afterTimeStep: Number(lastStep) } : {}) });
    if (!result.valid) return false;
    const step = (result as { timeStep?: number }).timeStep ?? Math.floor(Date.now() / 30_000);
    return useTotpStep(this.ctx.db, userId, step);
  }

  async enrollTotp(actor: SessionActor) {
    if (actor.mfaEnrolled) refuse('CONFLICT', '已绑定动态口令。如需更换设备，请联系系统管理员重置后重新绑定。');
    const secret = generateSecret();
    await startTotpEnrolment(this.ctx.db, actor.id, secret);
    return { secret, otpauthUrl: generateURI({ issuer: '上海社评组织遴选', label: actor.username, secret }) };
  }

  async confirmTotp(actor: SessionActor, code: string, who: AuditActor) {
    const user = await findUserById(this.ctx.db, actor.id);
    if (!user?.totp_secret) refuse('CONFLICT', '请先开始绑定动态口令。');
    if (!(await this.checkTotp(user.id, user.totp_secret, code, user.totp_last_step)))
      refuse('VALIDATION_FAILED', '动态口令错误，请核对手机上的 6 位数字后重试。');
    await this.ctx.db.transaction().execute(async (tx) => {
      await confirmTotpEnrolment(tx, actor.id);
      await appendAudit(tx, who, { action: 'auth.totp_enrolled', entityType: 'user', entityId: actor.id }, this.ctx.clock.now());
    });
    return { mfaEnrolled: true };
  }

  async changePassword(actor: SessionActor, current: string, next: string, who: AuditActor) {
    const user = await findUserById(this.ctx.db, actor.id);
    if (!user || !(await verifyPassword(user.password_hash, current))) refuse('VALIDATION_FAILED', '当前密码不正确。');
    if (current === next) refuse('VALIDATION_FAILED', '新密码不能与当前密码相同。');
    requirePolicy(next, user.username);
    const hash = await hashPassword(next);
    await this.ctx.db.transaction().execute(async (tx) => {
      await setPassword(tx, actor.id, hash);
      await appendAudit(tx, who, { action: 'auth.password_changed', entityType: 'user', entityId: actor.id }, this.ctx.clock.now());
    });
    await this.sessions.destroyAllFor(actor.id, actor.sessionIdHash);
    return { user: publicUser({ ...user, must_change_password: false }) };
  }

  async createUser(input: z.infer<typeof createUserBody>, who: AuditActor) {
    if (input.role === 'applicant') refuse('VALIDATION_FAILED', '申报单位账号须由单位自行注册（需统一社会信用代码），管理员只能创建工作人员账号。');
    if (input.role === 'district_hr' && !input.district) refuse('VALIDATION_FAILED', '区人社部门账号须填写所在区（district，6 位区划代码）。');
    if (input.role === 'industry_authority' && !input.authority) refuse('VALIDATION_FAILED', '行业主管部门账号须填写部门名称（authority）。');
    requirePolicy(input.password, input.username);
    const hash = await hashPassword(input.password);
    try {
      return await this.ctx.db.transaction().execute(async (tx) => {
        if (await findUserByUsername(tx, input.username)) refuse('DUPLICATE', `用户名“${input.username}”已被使用。`);
        const user = await insertUser(tx, {
          username: input.username,
          password_hash: hash,
          role: input.role,
          display_name: input.displayName,
          district: input.role === 'district_hr' ? (input.district ?? null) : null,
          authority: input.role === 'industry_authority' ? (input.authority ?? null) : null,
          must_change_password: true,
        });
        // an authority given an account joins the maintained list (api-v1 second reading)
        if (user.role === 'industry_authority' && user.authority) await joinAuthorityList(tx, user.authority);
        await appendAudit(
          tx,
          who,
          {
            action: 'user.create',
            entityType: 'user',
            entityId: user.id,
            after: { username: user.username, role: user.role, district: user.district, authority: user.authority },
          },
          this.ctx.clock.now(),
        );
        return { user: publicUser(user) };
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') refuse('DUPLICATE', `用户名“${input.username}”已被使用。`);
      if ((err as { code?: string }).code === '23503') refuse('VALIDATION_FAILED', '所在区不是本市的区。');
      throw err;
    }
  }

  async unlock(userId: string, who: AuditActor) {
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await unlockUser(tx, userId))) refuse('NOT_FOUND', '用户不存在。');
      await appendAudit(tx, who, { action: 'user.unlock', entityType: 'user', entityId: userId }, this.ctx.clock.now());
    });
  }

  /** The signed-in user as the API shows it. */
  async me(userId: string) {
    return publicUser((await findUserById(this.ctx.db, userId))!);
  }

  async listUsers(q: z.infer<typeof userListQuery>) {
    const { rows, total } = await listUsersPage(this.ctx.db, q);
    return { items: rows.map((u) => ({ ...publicUser(u), locked: !!u.locked_until && new Date(u.locked_until).getTime() > Date.now() })), total };
  }

  /** The experts the centre may assign (三(三)): enabled accounts of role expert, no personal data. */
  async listExperts() {
    return { items: await listEnabledExperts(this.ctx.db) };
  }

  /** SEC-06: the first admin — password from ADMIN_PASSWORD, or generated, printed once and to be changed. */
  async ensureAdmin(log: (msg: string) => void): Promise<void> {
    const existing = await findUserByUsername(this.ctx.db, 'admin');
    if (existing) return;
    const given = this.ctx.config.adminPassword;
    if (given) {
      const problems = passwordProblems(given, 'admin');
      if (problems.length) throw new Error(`环境变量 ADMIN_PASSWORD 不符合密码策略：${problems.join('；')}`);
    }
    const password = given ?? generatePassword('admin');
    await insertAdminIfAbsent(this.ctx.db, {
      username: 'admin',
      password_hash: await hashPassword(password),
      role: 'admin',
      display_name: '系统管理员',
      must_change_password: !given,
    });
    if (!given) log(`首次启动：已创建管理员账号 admin，初始密码（仅显示一次，首次登录须修改）：${password}`);
  }
}

export function organizationView(o: Omit<Selectable<OrganizationsTable>, 'created_at'>, eligibilityReview: EligibilityReviewView | null = null) {
  return {
    id: o.id,
    name: o.name,
    uscc: o.uscc,
    legalForm: o.legal_form,
    district: o.district,
    address: o.address,
    legalRepresentative: o.legal_representative,
    contactName: o.contact_name,
    contactPhone: openPersonal(o.contact_phone),
    contactEmail: o.contact_email,
    eligibility: o.eligibility,
    eligibilityReview,
  };
}
