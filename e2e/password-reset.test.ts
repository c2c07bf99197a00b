/**
 * A way back into an account, in a real browser (issue 13): an applicant who forgot its password asks
 * from the login page, gets the link by e-mail (a real SMTP server), is told the policy while typing
 * (once, at the field), sets a new password and signs in; the administrator resets a staff member's
 * password after confirming, sees the temporary password once, and its holder must change it first.
 */
import type { Page } from 'playwright-core';
import type { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey } from '../server/src/bootstrap/journey.js';
import type { TestSystem } from '../server/src/test-support/harness.js';
import { captureSmtp, type Mail } from '../server/src/test-support/smtp-capture.js';
import { usccCheckChar } from '../server/src/workflow/uscc.js';
import { BrowserRun, stepwise } from './support/run.js';
import { startServer } from './support/server.js';
import { login, seeText } from './support/steps.js';

let sys: TestSystem;
let base: string;
let smtp: SMTPServer;
const mails: Mail[] = [];
const run = new BrowserRun();
const { open, check } = run;
let j: Journey;

describe('browser: forgotten passwords', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    const capture = await captureSmtp(mails);
    smtp = capture.server;
    ({ sys, baseUrl: base } = await startServer({ env: { SMTP_URL: `smtp://127.0.0.1:${capture.port}`, MAIL_FROM: 'noreply@pingjia.example.gov.cn' } }));
    await run.start(base);
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    const body = '91310115MA1K5E2E0';
    await j.registerOrg({ username: 'lostpw', name: '上海忘记密码评价有限公司', uscc: `${body}${usccCheckChar(body)}`, contactEmail: 'lostpw@example.cn' });
    await j.staff({ username: 'newclerk', role: 'center', displayName: '新经办人' });
  }, 120_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  let page: Page;
  it('from the login page: 忘记密码 → username and contact e-mail → the same neutral answer', async () => {
    page = await open();
    await page.goto('/login');
    // the password's show/hide eye is a target of at least 24 × 24 px (WCAG 2.2, 2.5.8)
    const eye = await page.locator('.ant-input-password-icon').first().boundingBox();
    expect(Math.min(eye!.width, eye!.height)).toBeGreaterThanOrEqual(24);
    await page.getByRole('link', { name: '忘记密码？' }).click();
    await page.waitForURL(/\/forgot-password$/);
    await check(page, 'forgot password');
    await page.getByLabel('用户名').fill('lostpw');
    await page.getByLabel('注册时登记的联系邮箱').fill('LOSTPW@example.cn');
    await page.getByRole('button', { name: '发送重置链接' }).click();
    await seeText(page, /如用户名与登记的联系邮箱一致，重置密码的链接已发送至该邮箱/);
    await check(page, 'forgot password: sent');
    await expect.poll(() => mails.length, { timeout: 10_000 }).toBe(1);
  });

  it('the link from the e-mail: the policy told at the field as one types, then the new password works', async () => {
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(mails[0]!.text)![1]!;
    await page.goto(`/reset-password#token=${token}`);
    await page.getByLabel('新密码', { exact: true }).fill('abcdefgh');
    await page.getByLabel('确认密码').fill('abcdefgh');
    await page.getByRole('button', { name: '设置新密码' }).click();
    await seeText(page, /密码须包含大写字母、小写字母、数字、特殊字符中的至少三类/);
    // said once, at the field — no second copy in an alert below
    await expect.poll(() => page.getByText(/至少三类/).count()).toBe(2); // the hint under the field and the error
    expect(await page.getByRole('alert').count()).toBe(0);
    await check(page, 'reset password: policy at the field');
    await page.getByLabel('新密码', { exact: true }).fill('Xinmima#2024ok');
    await page.getByLabel('确认密码').fill('Xinmima#2024ok');
    await page.getByRole('button', { name: '设置新密码' }).click();
    await seeText(page, '新密码已生效，请用新密码登录。');
    await login(page, 'lostpw', 'Xinmima#2024ok');
    await page.waitForURL(/\/app\/my/);
  });

  it('the administrator resets a staff password after confirming; the temporary one is shown once and must be changed', async () => {
    const admin = await open();
    await login(admin, 'admin', 'Chief-Passw0rd!');
    await admin.goto('/app/admin/users');
    await admin.getByRole('button', { name: '重置密码 newclerk' }).click();
    const confirm = admin.getByRole('dialog').filter({ hasText: '重置“newclerk”的密码？' });
    await confirm.waitFor();
    await check(admin, 'admin: reset confirmation');
    await confirm.getByRole('button', { name: '重置密码' }).click();
    const issued = admin.getByRole('dialog', { name: '“newclerk”的临时密码' });
    await issued.waitFor();
    const temp = (await issued.locator('.ant-typography').first().textContent())!.trim();
    expect(temp).toHaveLength(16); // platform/auth/passwords.ts generatePassword: 16 characters of all four classes
    await check(admin, 'admin: temporary password');
    await issued.getByRole('button', { name: '已交给本人，关闭' }).click();

    const clerk = await open();
    await login(clerk, 'newclerk', temp);
    await clerk.waitForURL(/\/app\/account\/password$/);
    await seeText(clerk, '您的密码由管理员设置，请先设置自己的新密码后再继续。');
  });

  it('no page errors, no accessibility findings', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
