import type { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { captureSmtp, type Mail } from '../test-support/smtp-capture.js';
import { DEFAULT_PASSWORD, Journey, expectStatus } from '../bootstrap/journey.js';
import { RESET_REQUESTED } from '../modules/accounts/password-reset.service.js';
import { passwordProblems } from '../../../contract/password-policy.js';
import { usccCheckChar } from '../workflow/uscc.js';

const BASE = 'https://pingjia.example.gov.cn';
const NEW_PASSWORD = 'Xinmima#2024ok';

/**
 * Issue 13 "no way back into an account": 忘记密码 by a one-time link to the organisation's registered
 * contact e-mail (over a real SMTP server), and the administrator's reset with a temporary password.
 */
describe('a way back into an account', () => {
  let sys: TestSystem;
  let j: Journey;
  let smtp: SMTPServer;
  const mails: Mail[] = [];
  let userId = '';
  const anon = () => new Client(sys.app);
  const tokenOf = (m: Mail) => /#token=([A-Za-z0-9_-]{43})/.exec(m.text)?.[1];
  const waitForMail = async (n: number) => {
    for (let i = 0; i < 100 && mails.length < n; i++) await new Promise((r) => setTimeout(r, 20));
    expect(mails).toHaveLength(n);
    return mails[n - 1]!;
  };
  const audit = async (action: string) =>
    (
      (await j.admin.get(`/audit?entityType=user&entityId=${userId}&limit=500`)).json().items as {
        action: string;
        entityId: string;
        after?: Record<string, unknown>;
      }[]
    ).filter((a) => a.action === action);

  beforeAll(async () => {
    const capture = await captureSmtp(mails);
    smtp = capture.server;
    sys = await createTestSystem({ env: { SMTP_URL: `smtp://127.0.0.1:${capture.port}`, MAIL_FROM: 'noreply@pingjia.example.gov.cn', PUBLIC_BASE_URL: BASE } });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    const body = '91310115MA1K4R7T0';
    await j.registerOrg({
      username: 'forgetful',
      name: '上海健忘评价有限公司',
      uscc: `${body}${usccCheckChar(body)}`,
      contactEmail: 'Contact@Forgetful.example.cn',
    });
  });
  afterAll(async () => {
    await sys?.close();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  it('the same answer for a wrong e-mail, an unknown user and a staff account — and no mail', async () => {
    for (const body of [
      { username: 'forgetful', email: 'someone@else.example.cn' },
      { username: 'nobody-here', email: 'contact@forgetful.example.cn' },
      { username: 'admin', email: 'admin@example.cn' },
    ]) {
      const r = await anon().post('/auth/password-reset', body);
      expect(r.statusCode).toBe(202);
      expect(r.json()).toEqual({ detail: RESET_REQUESTED });
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(mails).toHaveLength(0);
  });

  it('the right username and e-mail (in any case) get a one-time link; the new password works, the old one and the sessions do not', async () => {
    const signedIn = anon();
    expectStatus(await signedIn.login('forgetful', DEFAULT_PASSWORD), 200, 'a session before the reset');
    const r = await anon().post('/auth/password-reset', { username: 'forgetful', email: ' contact@forgetful.EXAMPLE.cn ' });
    expect([r.statusCode, r.json().detail]).toEqual([202, RESET_REQUESTED]);
    const mail = await waitForMail(1);
    expect(mail.to.map((a) => a.toLowerCase())).toEqual(['contact@forgetful.example.cn']);
    expect(mail.subject).toBe('【社评组织征集遴选】重置登录密码');
    expect(mail.text).toContain(`${BASE}/reset-password#token=`);
    expect(mail.text).toContain('30 分钟内');
    const token = tokenOf(mail)!;
    expect(token).toBeTruthy();
    // the database keeps only a hash of the token
    const rows = await sys.database.db.selectFrom('password_resets').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token);
    userId = rows[0]!.user_id;

    // a weak password is refused without using the token up
    const weak = await anon().post('/auth/password-reset/confirm', { token, newPassword: 'abc' });
    expect([weak.statusCode, weak.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(weak.json().errors[0].path).toBe('newPassword');
    expectStatus(await anon().post('/auth/password-reset/confirm', { token, newPassword: NEW_PASSWORD }), 204, 'reset');
    expect((await signedIn.get('/auth/me')).statusCode).toBe(401); // every session ended
    expect((await anon().login('forgetful', DEFAULT_PASSWORD)).statusCode).toBe(401);
    expectStatus(await anon().login('forgetful', NEW_PASSWORD), 200, 'new password');
    // used once
    const again = await anon().post('/auth/password-reset/confirm', { token, newPassword: 'Another#2024ok' });
    expect([again.statusCode, again.json().detail]).toEqual([400, expect.stringContaining('无效、已使用或已过期')]);
    expect((await audit('auth.password_reset_requested')).map((a) => a.entityId)).toEqual([userId]);
    expect((await audit('auth.password_reset')).map((a) => [a.entityId, a.after?.by])).toEqual([[userId, 'email_link']]);
  });

  it('a link expires after 30 minutes; a newer reset ends older links; at most 3 links an hour', async () => {
    expectStatus(await anon().post('/auth/password-reset', { username: 'forgetful', email: 'contact@forgetful.example.cn' }), 202, 'second');
    const old = tokenOf(await waitForMail(2))!;
    await sys.database.db
      .updateTable('password_resets')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('used_at', 'is', null)
      .execute();
    const expired = await anon().post('/auth/password-reset/confirm', { token: old, newPassword: 'Another#2024ok' });
    expect(expired.json().detail).toContain('已过期');
    expectStatus(await anon().post('/auth/password-reset', { username: 'forgetful', email: 'contact@forgetful.example.cn' }), 202, 'third');
    const third = tokenOf(await waitForMail(3))!;
    // a fourth within the hour: the same answer, no mail
    expectStatus(await anon().post('/auth/password-reset', { username: 'forgetful', email: 'contact@forgetful.example.cn' }), 202, 'fourth');
    await new Promise((r) => setTimeout(r, 200));
    expect(mails).toHaveLength(3);
    // the administrator's reset ends the live link too
    const admin = await j.admin.post(`/users/${userId}/password-reset`, {});
    expect(admin.statusCode).toBe(200);
    expect((await anon().post('/auth/password-reset/confirm', { token: third, newPassword: 'Another#2024ok' })).statusCode).toBe(400);
  });

  it('the administrator’s reset: a temporary password shown once, to be changed at the next sign-in; only the admin may', async () => {
    const r = await j.admin.post(`/users/${userId}/password-reset`, {});
    const { temporaryPassword } = r.json();
    expect(passwordProblems(temporaryPassword, 'forgetful')).toEqual([]); // the one generator (platform/auth/passwords.ts)
    const c = anon();
    const login = await c.login('forgetful', temporaryPassword);
    expect(login.json().mustChangePassword).toBe(true);
    expect((await c.get('/applications')).statusCode).toBe(403); // nothing but changing the password
    expectStatus(await c.post('/auth/password', { currentPassword: temporaryPassword, newPassword: 'Zuixin#2024ok' }), 200, 'change');
    expect((await c.get('/applications')).statusCode).toBe(200);
    const center = (await j.staff({ username: 'pr_center', role: 'center', displayName: '中心' })).client;
    expect((await center.post(`/users/${userId}/password-reset`, {})).statusCode).toBe(403);
    expect((await j.admin.post('/users/00000000-0000-4000-8000-000000000000/password-reset', {})).statusCode).toBe(404);
    expect((await audit('user.password_reset')).map((a) => a.after?.mustChangePassword)).toEqual([true, true]);
  });
});
