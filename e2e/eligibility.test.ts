/**
 * The centre's eligibility review in a real browser (通知 一; api-v1 "Eligibility by USCC"): a public
 * 院校 (USCC type 12, 事业单位) registers, typing its code in full-width characters; its submitted
 * application cannot be accepted until the centre records the review on the case page (decision,
 * reason, confirmation); the applicant sees the outcome. axe-core checks every page visited.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, makeCast, type Cast } from '../server/src/bootstrap/journey.js';
import { Client, type TestSystem } from '../server/src/test-support/harness.js';
import { usccCheckChar } from '../server/src/workflow/uscc.js';
import { BrowserRun, stepwise } from './support/run.js';
import { startServer } from './support/server.js';
import { choose, login, PASSWORD, seeText } from './support/steps.js';

const SCHOOL = '上海市某职业技术学院';
const FIRST17 = '12310115MB0E2E001';
const USCC = FIRST17 + usccCheckChar(FIRST17);
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

let sys: TestSystem;
let base: string;
const run = new BrowserRun();
const { open, check } = run;
let applicant: Page;
let center: Page;
let cast: Cast;
let j: Journey;

describe('browser: the centre’s eligibility review', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    await run.start(base);
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
  }, 120_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  let appId = '';

  it('a public 院校 registers with a full-width code: told its type needs the centre’s review', async () => {
    applicant = await open();
    await applicant.goto('/register');
    await applicant.getByLabel('单位名称（与登记证书一致）').fill(SCHOOL);
    const uscc = applicant.getByLabel('统一社会信用代码');
    await uscc.fill(`${fullWidth(USCC)}9`);
    await seeText(applicant, /第19位起的“9”是多出的/);
    await uscc.fill(fullWidth(USCC));
    await expect.poll(() => uscc.inputValue()).toBe(USCC);
    await seeText(applicant, /代码校验通过：事业单位/);
    await seeText(applicant, /须经市职鉴中心资格审核/);
    await choose(applicant, '单位类型', '院校');
    await choose(applicant, '注册地所在区', '浦东新区');
    await applicant.getByLabel('通讯地址').fill('上海市浦东新区高科西路100号');
    await applicant.getByLabel('法定代表人').fill('周校长');
    await applicant.getByLabel('联系人', { exact: true }).fill('吴老师');
    await applicant.getByLabel('联系电话').fill('021-50001234');
    await applicant.getByLabel('电子邮箱').fill('wu@example.edu.cn');
    await applicant.getByLabel('用户名').fill('school');
    await applicant.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await applicant.getByLabel('确认密码').fill(PASSWORD);
    await check(applicant, 'register (needs review)');
    await applicant.getByRole('button', { name: '注册', exact: true }).click();
    await applicant.waitForURL(/\/app\/my$/);
    // the application itself through the API (the wizard is the other journey's)
    const org = new Client(sys.app);
    expect((await org.login('school', PASSWORD)).statusCode).toBe(200);
    appId = (await applyAndSubmit(j, cast, org, await j.campaign2024(), [36], ['310115'])).id;
    await applicant.goto(`/app/my/applications/${appId}`);
    await seeText(applicant, /待市职鉴中心资格审核/);
    await check(applicant, 'application (review pending)');
  });

  it('the centre cannot accept before the review; it records the review (confirmed), then accepts', async () => {
    center = await open();
    await login(center, 'center');
    await center.goto(`/app/center/applications/${appId}`);
    await seeText(center, '申报单位资格审核（通知 一）');
    await check(center, 'centre: case (review pending)');
    // acceptance first: refused, with the reason
    await center.getByRole('radio', { name: '受理', exact: true }).check();
    await center.getByRole('button', { name: '受理', exact: true }).click();
    await center.locator('.ant-modal-confirm').getByRole('button', { name: '受理', exact: true }).click();
    await seeText(center, /须经市职鉴中心资格审核后方可受理/);
    // the review: a reason is required, then a confirmation
    await center.getByRole('radio', { name: '符合申报条件', exact: true }).check();
    await center.getByRole('button', { name: '记录审核结论' }).click();
    await seeText(center, '请填写审核理由（2–2000 字）');
    await center.getByLabel('理由', { exact: true }).fill('公办高职院校，独立事业单位法人，已与主管部门脱钩，符合通知一的条件。');
    await center.getByRole('button', { name: '记录审核结论' }).click();
    const dialog = center.getByRole('dialog');
    await dialog.locator('.ant-modal-confirm-title', { hasText: '确认记录审核结论：“符合申报条件”？' }).waitFor();
    await check(center, 'centre: review confirmation');
    await dialog.getByRole('button', { name: '记录审核结论' }).click();
    await center.getByText('申报单位资格审核（通知 一）').waitFor({ state: 'hidden' });
    await seeText(center, /符合（市职鉴中心资格审核）。理由：公办高职院校/);
    await center.getByRole('radio', { name: '受理', exact: true }).check();
    await center.getByRole('button', { name: '受理', exact: true }).click();
    await center.locator('.ant-modal-confirm').getByRole('button', { name: '受理', exact: true }).click();
    await seeText(center, '指派评估专家（专家论证）');
    await check(center, 'centre: case (reviewed, accepted)');
  });

  it('the applicant sees the review’s outcome and reason', async () => {
    await applicant.reload();
    await seeText(applicant, '资格审核：符合（市职鉴中心资格审核）');
    await seeText(applicant, /理由：公办高职院校，独立事业单位法人/);
    await check(applicant, 'application (reviewed)');
  });

  it('no page errors, no accessibility findings', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
