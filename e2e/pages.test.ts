/**
 * Every role's pages on the demo data set (the same seeding `npm run demo` uses, driven through the
 * real API): each page renders without a page error, passes axe-core (no serious or critical finding)
 * at desktop width, and the public pages also on a phone and in English.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../server/src/bootstrap/demo.js';
import type { TestSystem } from '../server/src/test-support/harness.js';
import { axe, context, launch, shot, watch, type AxeFinding } from './support/browser.js';
import { startServer } from './support/server.js';
import { choose, login, seeText } from './support/steps.js';

let sys: TestSystem;
let base: string;
let browser: Browser;
const findings: AxeFinding[] = [];
const problems: string[] = [];
const contexts: BrowserContext[] = [];

async function open(opts: { phone?: boolean } = {}): Promise<Page> {
  const ctx = await context(browser, base, opts);
  contexts.push(ctx);
  const page = await ctx.newPage();
  watch(page, problems);
  return page;
}

/** Opens a page, waits for its heading and data, checks it. */
async function visit(page: Page, url: string, label: string, screenshot?: string): Promise<void> {
  await page.goto(url);
  await page.locator('h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  expect(await page.locator('.ant-result-403').count(), `${label}: forbidden`).toBe(0);
  findings.push(...(await axe(page, label)));
  if (screenshot) await shot(page, screenshot);
}

describe("every role's pages on the demo data", { timeout: 240_000 }, () => {
  beforeAll(async () => {
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    // the demo's own seeding, through the real API (accounts, an earlier call with filings, cases in several states)
    await seedDemo(sys, () => {});
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await sys?.close();
  });

  it('public site: home, the notice with its catalogue, on desktop and phone', async () => {
    const page = await open();
    await page.goto('/');
    await seeText(page, '沪人社职〔2024〕270号');
    await page.getByRole('timer').waitFor();
    findings.push(...(await axe(page, 'home')));
    await shot(page, 'home', { fullPage: true });
    await page.getByRole('link', { name: '阅读通知全文与项目范围' }).click();
    await seeText(page, '上海市人力资源和社会保障局关于开展安全防范系统安装维护员等社会培训评价组织征集遴选工作的通知');
    await seeText(page, '共 89 项');
    await page.getByRole('searchbox', { name: '搜索职业（工种）、别名或职业编码' }).fill('茶艺');
    await seeText(page, /共 89 项，显示 2 项/);
    findings.push(...(await axe(page, 'notice')));
    await shot(page, 'notice');
    // the filter is in the address: a shared link shows the same rows
    expect(page.url()).toContain('q=');

    const phone = await open({ phone: true });
    await phone.goto('/');
    await phone.getByRole('timer').waitFor();
    findings.push(...(await axe(phone, 'home (phone)')));
    await shot(phone, 'home', { fullPage: true });
  });

  it('public pages, on desktop, on a phone and in English', async () => {
    for (const phone of [false, true]) {
      const page = await open({ phone });
      const tag = phone ? ' (phone)' : '';
      await visit(page, '/', `home${tag}`);
      await page.getByRole('link', { name: /2024年第一批/ }).click();
      await page.getByText('共 8 项').first().waitFor();
      findings.push(...(await axe(page, `earlier call${tag}`)));
      await visit(page, '/publicity', `public notices${tag}`);
      await visit(page, '/directory', `directory${tag}`);
      await page.getByText('共找到 3 家单位').waitFor();
      await visit(page, '/verify', `verify form${tag}`);
      if (phone) continue;
      await visit(page, '/login', `login${tag}`);
      await visit(page, '/register', `register${tag}`);
    }
    const en = await open();
    await en.goto('/');
    await en.getByRole('button', { name: 'English' }).click();
    await en.getByRole('heading', { name: 'Selection of Social Training Evaluation Organisations', level: 1 }).waitFor();
    expect(await en.evaluate(() => document.documentElement.lang)).toBe('en');
    await visit(en, '/', 'home (English)', 'home-en');
    await visit(en, '/directory', 'directory (English)');
    await en.getByText('3 organisation(s) found').waitFor();
  });

  it('applicant', async () => {
    const page = await open();
    await login(page, 'demo_org');
    await visit(page, '/app/my', 'applicant: dashboard (with filings)');
    await page.getByText('SHPB-2024-00004').first().waitFor();
    await page.getByRole('link', { name: '查看进度' }).first().click();
    await page.locator('[aria-current="step"]').first().waitFor();
    findings.push(...(await axe(page, 'applicant: application (recommended)')));
    await page.getByRole('link', { name: '继续填报' }).click();
    await page.getByRole('heading', { name: '填报申请' }).waitFor();
    findings.push(...(await axe(page, 'applicant: wizard (read-only fields)')));
    await visit(page, '/app/inbox', 'applicant: inbox', 'inbox');
    await visit(page, '/app/account/password', 'change password');
    await visit(page, '/app/account/mfa', 'second factor');

    // the back office on a phone: the menu folds away behind a button in the header
    const phone = await open({ phone: true });
    await login(phone, 'demo_new');
    await visit(phone, '/app/my', 'applicant: dashboard (phone)');
    await phone.getByRole('button', { name: '功能菜单' }).click();
    await phone.getByRole('link', { name: '我的申报' }).waitFor();
    findings.push(...(await axe(phone, 'applicant: menu open (phone)')));
    await phone.getByRole('button', { name: '功能菜单' }).click();
    await phone.locator('#work-menu.ant-layout-sider-collapsed').waitFor();
    const wizard = await phone.getByRole('link', { name: '继续填报' }).first().getAttribute('href');
    await visit(phone, wizard!, 'applicant: wizard (phone)');
    await shot(phone, 'wizard', { fullPage: true });
  });

  it('recommenders', async () => {
    for (const u of ['industry', 'hr_pudong']) {
      const page = await open();
      await login(page, u);
      await visit(page, '/app/recommend', `${u}: queue`);
      // the queue shows what waits for this department; all its applications are one click away
      await page.locator('.ant-segmented-item', { hasText: '全部' }).click();
      await page
        .getByRole('link', { name: /^办理 / })
        .first()
        .click();
      await page.getByRole('heading', { name: /^推荐：/ }).waitFor();
      await page.waitForLoadState('networkidle');
      findings.push(...(await axe(page, `${u}: application`)));
    }
  });

  it('centre', async () => {
    const page = await open();
    await login(page, 'center');
    await visit(page, '/app/center', 'centre: dashboard', 'demo-centre-dashboard');
    await page.getByText('项目评估期限（3个月）').first().waitFor();
    // one call's figures: the choice goes into the address, and the counts are that call's alone
    const total = () => page.locator('.ant-statistic').filter({ hasText: '合计' }).locator('.ant-statistic-content-value').innerText();
    const all = await total();
    await choose(page, '批次', '沪人社职〔2024〕270号');
    await page.waitForURL(/campaignId=/);
    await expect.poll(total).not.toBe(all);
    findings.push(...(await axe(page, 'centre: dashboard (one call)')));
    await visit(page, '/app/center/applications', 'centre: applications', 'centre-applications');
    // the search runs on the server: a part of the name finds the application, whatever page it was on
    await page.getByRole('searchbox', { name: '单位名称或信用代码' }).fill('餐饮烹饪');
    await page.getByRole('searchbox', { name: '单位名称或信用代码' }).press('Enter');
    await page.waitForURL(/q=/);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect
      .poll(async () => {
        const texts = await rows.allTextContents();
        return texts.length > 0 && texts.every((r) => r.includes('上海市餐饮烹饪行业协会'));
      })
      .toBe(true);
    await page.goto('/app/center/applications?status=submitted');
    await page.getByRole('link', { name: '上海市餐饮烹饪行业协会' }).click();
    await page.getByText('受理（通知 三(二)）').waitFor();
    findings.push(...(await axe(page, 'centre: case (submitted)')));
    await page.goto('/app/center/applications?status=institution_passed');
    await page.getByRole('link', { name: '上海徐汇现代服务业培训中心' }).first().click();
    await page.getByText('项目评估（通知 三(四)）').waitFor();
    findings.push(...(await axe(page, 'centre: case (project evaluation)')));
    await visit(page, '/app/center/publicities', 'centre: publicities');
    await visit(page, '/app/center/objections', 'centre: objections');
    await visit(page, '/app/center/filings', 'centre: filings', 'centre-filings');
    await visit(page, '/app/center/campaigns', 'centre: campaigns');
    await visit(page, '/app/center/calendar', 'centre: calendar');
  });

  it('expert, bureau and administrator', async () => {
    const expert = await open();
    await login(expert, 'expert1');
    await visit(expert, '/app/expert', 'expert: assigned');
    // the demo's expert1 has reviewed its cases: they are under 已处理, apart from 待我评审
    await expert.getByRole('tab', { name: /^已处理（[1-9]\d*）$/ }).click();
    await expert
      .getByRole('link', { name: /^查看 / })
      .first()
      .click();
    await expert.getByRole('heading', { name: /^评审：/ }).waitFor();
    findings.push(...(await axe(expert, 'expert: review (done)')));

    const bureau = await open();
    await login(bureau, 'bureau');
    await visit(bureau, '/app/bureau', 'bureau: approval queue');
    await visit(bureau, '/app/bureau/filings', 'bureau: filings (revocation)', 'bureau-filings');

    const admin = await open();
    await login(admin, 'admin', 'Chief-Passw0rd!');
    await visit(admin, '/app/admin/users', 'admin: users');
    await visit(admin, '/app/admin/calendar', 'admin: calendar');
    await visit(admin, '/app/admin/campaigns', 'admin: campaigns');
    await visit(admin, '/app/admin/audit', 'admin: audit', 'admin-audit');
    await visit(admin, '/app/admin/clock', 'admin: clock');
    // a page outside one's role says so, and offers the way back
    await admin.goto('/app/center');
    await admin.getByText('您的角色无权访问此页面。').waitFor();
  });

  it('security auditor (SEC-08: reads the log and verifies it, nothing else)', async () => {
    const page = await open();
    await login(page, 'auditor');
    await page.waitForURL(/\/app\/audit$/); // signs in to the audit page
    await visit(page, '/app/audit', 'auditor: audit log');
    await page.getByRole('button', { name: '校验哈希链' }).click();
    await page.getByRole('status').filter({ hasText: '哈希链完整' }).waitFor();
    await page.getByRole('button', { name: '更早的记录' }).click();
    await page.getByText('第 2 页').waitFor();
    await page.getByRole('button', { name: '展开行' }).first().click();
    await page.getByText('变更后').first().waitFor();
    findings.push(...(await axe(page, 'auditor: older page, chain verified, a record opened')));
    // the administrator's account work is there, by entity
    await page.getByLabel('对象类型').fill('user');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('当前条件：user').waitFor();
    await page.getByRole('cell', { name: 'user.create' }).first().waitFor();
    findings.push(...(await axe(page, 'auditor: log searched by entity type')));
    // nothing else of the back office is its to see
    await page.goto('/app/admin/users');
    await page.getByText('您的角色无权访问此页面。').waitFor();
  });

  it('no serious or critical accessibility finding and no page error on any page', () => {
    expect(problems).toEqual([]);
    expect(findings).toEqual([]);
  });
});
