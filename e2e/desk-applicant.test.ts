/**
 * Every day at the desk, the applicant's side (issue 13, points 2, 4, 5, 6, 9, 10): refusals titled
 * for what happened (a wrong password, a taken username, a weak password said at the field), the
 * e-mail checked in the page's language, the USCC folded as typed or pasted and judged only when
 * complete, English registration; the wizard opening at the first step that needs work and ticking only
 * what is done, 提交申报 disabled with its reason, a ready application submitted from its overview;
 * the upload limit said first and a larger file refused before sending; dates as 2024年8月26日 10:00;
 * the checklist naming whom it waits for. axe-clean; screenshots at desktop and phone width.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, createDraft, makeCast, type Cast } from '../server/src/bootstrap/journey.js';
import type { Client, TestSystem } from '../server/src/test-support/harness.js';
import { usccCheckChar } from '../server/src/workflow/uscc.js';
import { shot } from './support/browser.js';
import { BrowserRun, stepwise } from './support/run.js';
import { startServer } from './support/server.js';
import { PASSWORD, login, seeText } from './support/steps.js';

// what the pages say (web/src/lib/messages.ts problemMessages, features/applicant and auth messages.ts,
// components/messages.ts) — written out: the browser tests do not compile the web's modules
const P = {
  login_t_UNAUTHENTICATED: '未能登录',
  login_a_UNAUTHENTICATED: '请核对用户名和密码（密码区分大小写）；忘记密码可点下方“忘记密码？”重新设置。',
  username_t_DUPLICATE: '用户名已被使用',
  username_a_DUPLICATE: '请换一个用户名再注册。',
  org_t_DUPLICATE: '本单位已经注册',
};
const A = {
  stepOrg: '单位与声明',
  stepItems: '职业（工种）与等级',
  stepSites: '考核点',
  stepMaterials: '申报材料',
  stepRecommend: '申请推荐',
  stepSubmit: '提交',
  stepsNav: '填报步骤（可点击跳转）',
  next: '下一步',
  submit: '提交申报',
  readyTitle: '申请已可提交',
  dashTitle: '我的申报',
};
const authMessages = {
  zh: { uscc: '统一社会信用代码', contactEmail: '电子邮箱', emailInvalid: '电子邮箱格式不正确，应如 name@example.com' },
  en: { uscc: 'Unified social credit code', legalForm: 'Legal form' },
};
const fileDropMessages = { zh: { limitPdf: '仅限 PDF，每个文件不超过 {max}', dismiss: '移除此行' } };
const withCheck = (first17: string) => first17 + usccCheckChar(first17);
const USCC_NEW = withCheck('91310115MA1H7XQ31');
const USCC_TAKEN = withCheck('91310115MA1H7XQ32');
const USCC_READY = withCheck('91310104MA1H7XQ33');
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const spaced = (s: string) => s.replace(/(.{4})/g, '$1 ').trim();

let sys: TestSystem;
let base: string;
const run = new BrowserRun();
const { open, check } = run;
let j: Journey;
let cast: Cast;
let draftOrg: Client;
let draftId = '';
let readyId = '';

/** The error under a form field (antd), by the field's label. */
const fieldError = (page: Page, label: string) =>
  page
    .locator('.ant-form-item')
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .locator('.ant-form-item-explain-error');
/** The title of the alert shown for a refusal. */
const alertTitle = (page: Page) => page.getByRole('alert').locator('.ant-alert-title');

describe('browser: the applicant at the desk', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    await run.start(base);
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { prefix: 'desk_', districts: ['310115', '310104'], experts: 1 });
    await j.registerOrg({ username: 'taken_user', name: '上海已注册有限公司', uscc: USCC_TAKEN });
    const campaign = await j.campaign2024();
    // a draft with its organisation part, items and sites done — nothing uploaded, nothing asked
    draftOrg = (await j.registerOrg({ username: 'desk_draft', name: '上海草稿培训有限公司', uscc: withCheck('91310115MA1H7XQ34') })).client;
    draftId = (
      await createDraft(cast, draftOrg, campaign, [82], [{ name: '浦东考核点', address: '上海市浦东新区示例路1号', district: '310115' }], { declare: true })
    ).id;
    // another organisation's application, recommended and complete: ready to submit
    const ready = await j.registerOrg({ username: 'desk_ready', name: '上海就绪培训有限公司', uscc: USCC_READY, district: '310104' });
    readyId = (await applyAndSubmit(j, cast, ready.client, campaign, [71], ['310104'], { submit: false, declare: true })).id;
  }, 180_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  it('a wrong password is titled 未能登录 with what to do, never 请先登录', async () => {
    const page = await open();
    await page.goto('/login');
    await page.getByLabel('用户名').fill('taken_user');
    await page.getByLabel('密码').fill('Wrong#Passw0rd');
    await page.getByRole('button', { name: '登录' }).click();
    await alertTitle(page).filter({ hasText: P.login_t_UNAUTHENTICATED }).waitFor();
    await seeText(page, '用户名或密码错误');
    await seeText(page, P.login_a_UNAUTHENTICATED);
    expect(await page.getByRole('alert').innerText()).not.toContain('请先登录');
    await check(page, 'login refused');
    await shot(page, 'desk-login-refused');
  });

  it('registration: the USCC is judged when complete, folded as typed (full width) and as pasted (with spaces)', async () => {
    const page = await open();
    await page.goto('/register');
    const uscc = page.getByLabel(authMessages.zh.uscc);
    // typed one character at a time: no red error from the first keystroke
    await uscc.pressSequentially('9131', { delay: 20 });
    await page.waitForTimeout(300);
    expect(await fieldError(page, authMessages.zh.uscc).count()).toBe(0);
    // leaving an incomplete code says what is wrong, once, at the field
    await page.getByLabel('通讯地址').click();
    await fieldError(page, authMessages.zh.uscc).filter({ hasText: '统一社会信用代码应为18位，您填写的是4位' }).waitFor();
    await expect.poll(() => page.getByText('统一社会信用代码应为18位').count()).toBe(1);
    // full-width characters from a Chinese IME, typed: converted as they come
    await uscc.fill('');
    await uscc.pressSequentially(fullWidth(USCC_NEW.slice(0, 10)), { delay: 20 });
    await expect.poll(() => uscc.inputValue()).toBe(USCC_NEW.slice(0, 10));
    expect(await fieldError(page, authMessages.zh.uscc).count()).toBe(0);
    // pasted from a licence with spaces: 22 characters in, 18 kept, none cut
    await uscc.fill(spaced(USCC_NEW));
    await expect.poll(() => uscc.inputValue()).toBe(USCC_NEW);
    await seeText(page, /代码校验通过：企业/);
    expect(await fieldError(page, authMessages.zh.uscc).count()).toBe(0);
    // a wrong check character: said when the 18th character is in, without leaving the field
    await uscc.fill(`${USCC_NEW.slice(0, 17)}${USCC_NEW.endsWith('0') ? '1' : '0'}`);
    await fieldError(page, authMessages.zh.uscc).filter({ hasText: '校验位（第18位）与前17位不符' }).waitFor();
    await uscc.fill(USCC_NEW);
    await fieldError(page, authMessages.zh.uscc).waitFor({ state: 'detached' });
  });

  it('registration: e-mail checked in Chinese by the form (no browser tooltip), a weak password said at the field before anything is sent', async () => {
    const page = await open();
    await page.goto('/register');
    const email = page.getByLabel(authMessages.zh.contactEmail);
    expect(await email.getAttribute('type')).not.toBe('email');
    await email.fill('chen@');
    await page.getByLabel('通讯地址').click();
    await fieldError(page, authMessages.zh.contactEmail).filter({ hasText: authMessages.zh.emailInvalid }).waitFor();
    expect(await fieldError(page, authMessages.zh.contactEmail).innerText()).not.toContain('请填写');
    let registerCalls = 0;
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/auth/register')) registerCalls += 1;
    });
    await page.getByLabel('用户名').fill('weakling');
    await page.getByLabel('密码', { exact: true }).fill('abc');
    await fieldError(page, '密码').filter({ hasText: '密码至少 8 位' }).waitFor();
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await page.waitForTimeout(500);
    expect(registerCalls).toBe(0);
    // said once: at the field, not again in an alert
    expect(await page.getByRole('alert').filter({ hasText: '密码至少 8 位' }).count()).toBe(0);
    await check(page, 'register: e-mail and weak password');
    await shot(page, 'desk-register-field-errors', { fullPage: true });
  });

  async function fillRegistration(page: Page, username: string, uscc: string): Promise<void> {
    await page.goto('/register');
    await page.getByLabel('单位名称（与登记证书一致）').fill('上海新申报有限公司');
    await page.getByLabel(authMessages.zh.uscc).fill(uscc);
    await page
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel('注册地所在区', { exact: true }) })
      .click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="浦东新区"]').click();
    await page.getByLabel('通讯地址').fill('上海市浦东新区张杨路500号');
    await page.getByLabel('法定代表人').fill('王建国');
    await page.getByLabel('联系人', { exact: true }).fill('陈晓');
    await page.getByLabel('联系电话').fill('021-58881234');
    await page.getByLabel(authMessages.zh.contactEmail).fill('chenxiao@example.cn');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByLabel('确认密码').fill(PASSWORD);
  }

  it('registration: a taken username is titled 用户名已被使用, an organisation registered before 本单位已经注册 — never 记录已存在', async () => {
    const page = await open();
    await fillRegistration(page, 'taken_user', USCC_NEW);
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await alertTitle(page).filter({ hasText: P.username_t_DUPLICATE }).waitFor();
    await seeText(page, P.username_a_DUPLICATE);
    await fieldError(page, '用户名').filter({ hasText: '已被使用' }).waitFor();
    expect(await page.getByRole('alert').first().innerText()).not.toContain('记录已存在');
    await check(page, 'register: username taken');
    await shot(page, 'desk-register-duplicate');

    await fillRegistration(page, 'brand_new_user', USCC_TAKEN);
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await alertTitle(page).filter({ hasText: P.org_t_DUPLICATE }).waitFor();
    await fieldError(page, authMessages.zh.uscc).filter({ hasText: '已注册' }).waitFor();
    expect(await page.getByRole('alert').first().innerText()).not.toContain('记录已存在');
  });

  it('registration in English: legal forms and every USCC message in English', async () => {
    const page = await open({ phone: true });
    await page.goto('/register');
    await page.getByRole('button', { name: 'English' }).click();
    const en = authMessages.en;
    await page.getByLabel(en.legalForm, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="Private non-enterprise unit"]').waitFor();
    expect(await page.locator('.ant-select-dropdown:visible').innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    await page.keyboard.press('Escape');
    const uscc = page.getByLabel(en.uscc);
    await uscc.fill(`${USCC_NEW.slice(0, 17)}${USCC_NEW.endsWith('0') ? '1' : '0'}`);
    await fieldError(page, en.uscc).filter({ hasText: 'The check character (the 18th) does not match' }).waitFor();
    await uscc.fill(withCheck('11310000MB0000001'));
    const barred = fieldError(page, en.uscc).filter({ hasText: 'may not apply' });
    await barred.waitFor();
    expect(await barred.innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    await uscc.fill(USCC_NEW);
    await seeText(page, 'Code checked: enterprise');
    await check(page, 'register in English (phone)');
    await shot(page, 'desk-register-english', { fullPage: true });
  });

  it('the wizard opens at the first step that needs work; 下一步 ticks nothing; the limit is said and a larger file refused before sending', async () => {
    const page = await open();
    await login(page, 'desk_draft');
    await page.goto(`/app/my/applications/${draftId}/edit`);
    await page.getByRole('heading', { name: A.stepMaterials, level: 2 }).waitFor();
    await expect.poll(() => page.url()).toContain('step=3');
    const steps = page.getByRole('navigation', { name: A.stepsNav });
    for (const done of [A.stepOrg, A.stepItems, A.stepSites]) await steps.getByText(done, { exact: true }).waitFor();
    expect(await steps.locator('.ant-steps-item-finish').count()).toBe(3);
    await seeText(page, fileDropMessages.zh.limitPdf.replace('{max}', '50 MB'));

    // a file over the limit: refused here, nothing sent
    let uploads = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/materials')) uploads += 1;
    });
    const big = path.resolve('.test-data', `too-large-${process.pid}.pdf`);
    fs.mkdirSync(path.dirname(big), { recursive: true });
    fs.writeFileSync(big, '%PDF-1.4\n');
    fs.truncateSync(big, 52 * 1024 * 1024);
    try {
      await page.locator('input[type=file][data-testid="file-职业技能等级认定工作方案"]').setInputFiles(big);
      await page.getByRole('alert').filter({ hasText: '超过 50 MB 的上限，未上传' }).waitFor();
    } finally {
      fs.rmSync(big, { force: true });
    }
    expect(uploads).toBe(0);
    await check(page, 'wizard: materials, file too large');
    await shot(page, 'desk-upload-too-large');
    await page.getByRole('button', { name: `${fileDropMessages.zh.dismiss}：too-large-${process.pid}.pdf` }).click();
    await page.getByRole('alert').filter({ hasText: '超过 50 MB 的上限' }).waitFor({ state: 'detached' });

    // 下一步 past an empty step does not tick it
    await page.getByRole('button', { name: A.next }).click();
    await page.getByRole('heading', { name: A.stepRecommend, level: 2 }).waitFor();
    expect(await steps.locator('.ant-steps-item-finish').count()).toBe(3);
    // the submit step: disabled while blockers remain, with the reason; the blockers listed once
    await page.getByRole('button', { name: A.next }).click();
    await page.getByRole('heading', { name: A.stepSubmit, level: 2 }).waitFor();
    const submit = page.getByRole('button', { name: A.submit, exact: true });
    expect(await submit.isDisabled()).toBe(true);
    await seeText(page, /还有 \d+ 项未完成（见上方清单），全部完成后才能提交。/);
    await expect.poll(() => page.getByText('缺少材料：职业技能等级认定工作方案').count()).toBe(1);
    await check(page, 'wizard: submit blocked');
    await shot(page, 'desk-submit-blocked', { fullPage: true });
  });

  it('once recommendation is asked, the checklist says whom it waits for, by district name; dates read 2024年8月26日 10:00', async () => {
    expect((await draftOrg.post(`/applications/${draftId}/request-recommendation`)).statusCode).toBe(200);
    const page = await open({ phone: true });
    await login(page, 'desk_draft');
    await page.goto(`/app/my/applications/${draftId}`);
    await seeText(page, `行业主管部门“${cast.authority}”尚未推荐：已申请推荐，正在等待该部门办理`);
    await seeText(page, '考核点所在区人社部门（浦东新区）尚未推荐：已申请推荐，正在等待该部门办理');
    expect(await page.locator('body').innerText()).not.toContain('（310115）');
    expect(await page.locator('body').innerText()).not.toContain('请先申请推荐');
    // items are not 待机构评估 before the application is even submitted
    expect(await page.locator('body').innerText()).not.toContain('待机构评估');
    await seeText(page, '尚未提交');
    // history in Chinese dates, Shanghai time; no ISO instant anywhere
    await seeText(page, /2024年8月26日 10:0\d/);
    expect(await page.locator('body').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(await page.locator('body').innerText()).not.toMatch(/\d{4}\/\d{2}\/\d{2}/);
    await check(page, 'application waiting for recommendations (phone)');
    await shot(page, 'desk-waiting-for-recommenders', { fullPage: true });
  });

  it('a ready application shows 提交申报 on its overview, and its wizard opens at 提交', async () => {
    const page = await open();
    await login(page, 'desk_ready');
    await page.goto(`/app/my/applications/${readyId}`);
    await page.getByRole('heading', { name: A.readyTitle }).waitFor();
    const submit = page.getByRole('button', { name: A.submit, exact: true });
    expect(await submit.isEnabled()).toBe(true);
    await check(page, 'application ready to submit');
    await shot(page, 'desk-ready-to-submit');
    await page.goto(`/app/my/applications/${readyId}/edit`);
    await page.getByRole('heading', { name: A.stepSubmit, level: 2 }).waitFor();
    expect(await page.getByRole('button', { name: A.submit, exact: true }).isEnabled()).toBe(true);
    // submitted from the overview, confirmed
    await page.goto(`/app/my/applications/${readyId}`);
    await page.getByRole('button', { name: A.submit, exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: A.submit }).click();
    await seeText(page, '已提交（待受理）');
    await seeText(page, '待受理');
  });

  it('the back office draws its shape at once: a skeleton, not a blank page, before its code arrives', async () => {
    const page = await open();
    await login(page, 'desk_ready');
    // hold back the back office's code: what shows meanwhile is the skeleton
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/assets\/WorkLayout-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/app/my', { waitUntil: 'commit' });
    await page.getByRole('status').filter({ hasText: '正在加载…' }).waitFor();
    await shot(page, 'desk-backoffice-skeleton');
    release();
    await page.getByRole('heading', { name: A.dashTitle }).waitFor();
  });

  it('no page errors, no accessibility findings', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
