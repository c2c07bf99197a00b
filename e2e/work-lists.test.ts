/**
 * The officials' work lists and the desk's last gaps (issues 10 and 13, points 1, 7 and 9), in a real
 * browser: the lists come a page at a time from the server, split into 待我处理 and 已处理 with the
 * server's counts, and the menu says how many cases wait (refreshed after an act); the remaining
 * official steps ask first (assigning experts, a site inspection, a calendar day, a call's last day)
 * and a cancel changes nothing, as the API reads it; project conclusions go in one batch across
 * cases; the applicant's pages read in English, the staff pages say they are Chinese only.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, expectStatus, itemsBySeq, makeCast, passInstitution, type Cast, type CaseHandle } from '../server/src/bootstrap/journey.js';
import type { Client, TestSystem } from '../server/src/test-support/harness.js';
import { usccCheckChar } from '../server/src/workflow/uscc.js';
import { shot } from './support/browser.js';
import { BrowserRun, stepwise } from './support/run.js';
import { startServer } from './support/server.js';
import { choose, login, seeText } from './support/steps.js';

let sys: TestSystem;
let base: string;
const run = new BrowserRun();
const { open, check } = run;
let cast: Cast;
let j: Journey;

const uscc = (n: number) => {
  const first17 = `91310115MA1W4L8${String(n).padStart(2, '0')}`;
  return first17 + usccCheckChar(first17);
};
const ORG_WAITING = '上海工作清单待推荐有限公司';
const ORG_ACCEPTED = '上海工作清单已受理有限公司';
const ORG_P1 = '上海工作清单项目甲有限公司';
const ORG_P2 = '上海工作清单项目乙有限公司';

interface App {
  status: string;
  items: { id: string; name: string; status: string }[];
  experts: unknown[];
  siteInspections: unknown[];
}
let waiting: CaseHandle;
let accepted: CaseHandle;
let p1: CaseHandle;
let p2: CaseHandle;
const read = async (c: Client, id: string) => (await c.get(`/applications/${id}`)).json() as App;

/** A confirmation with its title and restatement; the clause when the step has one in the notice. */
async function confirmation(page: Page, title: string | RegExp): Promise<Locator> {
  const dialog = page.getByRole('dialog').filter({ has: page.locator('.ant-modal-confirm-title', { hasText: title }) });
  await dialog.waitFor();
  await dialog.getByText('将要办理：').waitFor();
  return dialog;
}
async function cancel(dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: '取消，不办理' }).click();
  await dialog.waitFor({ state: 'hidden' });
}
const menu = (page: Page, name: string | RegExp) => page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name });

describe('browser: work lists, counts, the last confirmations, English for the applicant', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    await run.start(base);
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { districts: ['310115'] });
    const campaign = await j.campaign2024();
    const w = await j.registerOrg({ username: 'wl_waiting', name: ORG_WAITING, uscc: uscc(1) });
    const r = await w.client.post('/applications', {
      campaignId: campaign.id,
      industryAuthority: cast.authority,
      items: itemsBySeq(campaign.items, [82]),
      sites: [{ name: '待推荐考核点', address: '上海市浦东新区示例路1号', district: '310115' }],
    });
    expectStatus(r, 201, 'create');
    waiting = r.json() as CaseHandle;
    expectStatus(await w.client.post(`/applications/${waiting.id}/request-recommendation`), 200, 'request recommendation');
    const a = await j.registerOrg({ username: 'wl_accepted', name: ORG_ACCEPTED, uscc: uscc(2) });
    accepted = await applyAndSubmit(j, cast, a.client, campaign, [36], ['310115']);
    expectStatus(await cast.center.post(`/applications/${accepted.id}/acceptance`, { decision: 'accept', reason: '材料齐全' }), 200, 'accept');
    const x = await j.registerOrg({ username: 'wl_p1', name: ORG_P1, uscc: uscc(3) });
    p1 = await applyAndSubmit(j, cast, x.client, campaign, [71], ['310115']);
    await passInstitution(cast, p1, '2024-08-26');
    const y = await j.registerOrg({ username: 'wl_p2', name: ORG_P2, uscc: uscc(4) });
    p2 = await applyAndSubmit(j, cast, y.client, campaign, [82], ['310115']);
    await passInstitution(cast, p2, '2024-08-26');
  }, 180_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  it('the recommender: 待我推荐 and 已处理 counted by the server, the menu’s count gone once it recommended', async () => {
    const page = await open();
    await login(page, 'industry');
    await menu(page, '推荐事项（1 件待办）').waitFor();
    await page.locator('.ant-segmented-item-selected', { hasText: '待我推荐（1）' }).waitFor();
    // the three cases it recommended (through the API) are 已处理, not in 待我推荐
    await page.locator('.ant-segmented-item', { hasText: '已处理（3）' }).waitFor();
    await page.getByRole('link', { name: ORG_WAITING }).first().waitFor();
    expect(await page.getByRole('link', { name: ORG_P1 }).count()).toBe(0);
    await check(page, 'recommender: 待我推荐 with counts');
    await shot(page, 'work-recommender-counts');
    await page.getByRole('link', { name: ORG_WAITING }).first().click();
    await page.getByRole('radio', { name: '同意推荐', exact: true }).check();
    await page.getByRole('button', { name: '同意推荐', exact: true }).click();
    const dialog = await confirmation(page, `确认同意推荐“${ORG_WAITING}”？`);
    await dialog.getByRole('button', { name: '同意推荐', exact: true }).click();
    await seeText(page, /本部门已于 .* 出具意见：同意推荐/);
    // the menu is refreshed by the act itself (no reload)
    await menu(page, /^推荐事项$/).waitFor();
    await page.getByRole('link', { name: '返回推荐事项' }).click();
    await page.locator('.ant-segmented-item-selected', { hasText: '待我推荐（0）' }).waitFor();
    await page.locator('.ant-segmented-item', { hasText: '已处理（4）' }).click();
    await page.getByRole('link', { name: ORG_WAITING }).first().waitFor();
  });

  it('the centre: assigning experts and a site inspection ask first; a cancel records nothing', async () => {
    const center = await open();
    await login(center, 'center');
    // accepted (1) and two cases with an item under project evaluation
    await menu(center, '工作概览（3 件待办）').waitFor();
    await center.goto(`/app/center/applications/${accepted.id}`);
    await seeText(center, '指派评估专家（专家论证）');
    await center.getByLabel('选择专家').click();
    await center.locator('.ant-select-dropdown:visible .ant-select-item-option[title="expert1"]').click();
    await center.keyboard.press('Escape');
    await center.getByRole('button', { name: '指派', exact: true }).click();
    let dialog = await confirmation(center, `确认为“${ORG_ACCEPTED}”指派 1 名评估专家？`);
    await dialog.getByRole('listitem').filter({ hasText: '评估专家1（expert1）' }).waitFor();
    await dialog.getByText('指派后不能在系统中撤回', { exact: false }).waitFor();
    await check(center, 'centre: experts confirmation');
    await shot(center, 'work-experts-confirm');
    await cancel(dialog);
    expect((await read(cast.center, accepted.id)).experts).toHaveLength(0);
    await center.getByRole('button', { name: '指派', exact: true }).click();
    dialog = await confirmation(center, `确认为“${ORG_ACCEPTED}”指派 1 名评估专家？`);
    await dialog.getByRole('button', { name: '指派 1 名专家' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await read(cast.center, accepted.id)).experts.length).toBe(1);

    const site = center.locator('form#inspection-' + accepted.sites[0]!.id);
    await site.getByLabel('考察人员（以顿号或逗号分隔）').fill('张检查、刘检查');
    await site.getByLabel('考察情况（场地、设备设施、视频监控等）').fill('场地与设备符合要求');
    await site.getByRole('radio', { name: '通过', exact: true }).check();
    await site.getByRole('button', { name: '记录考察结果' }).click();
    dialog = await confirmation(center, '确认记录“考核点1”的现场考察结论：通过？');
    await dialog.getByText('张检查、刘检查', { exact: false }).waitFor();
    await dialog.getByText('考察记录保存后不能修改或删除', { exact: false }).waitFor();
    await check(center, 'centre: inspection confirmation');
    await shot(center, 'work-inspection-confirm');
    await cancel(dialog);
    expect((await read(cast.center, accepted.id)).siteInspections).toHaveLength(0);
    // the form keeps what was entered after a cancel
    expect(await site.getByLabel('考察情况（场地、设备设施、视频监控等）').inputValue()).toBe('场地与设备符合要求');
  });

  it('the centre concludes the project evaluation of two cases in one batch from 项目评估; a cancel changes nothing', async () => {
    const center = await open();
    await login(center, 'center');
    await menu(center, '项目评估').click();
    await center.getByRole('tab', { name: '待我评估（2）', selected: true }).waitFor();
    await center.getByRole('tab', { name: '已作出结论（0）' }).waitFor();
    const first = (await read(cast.center, p1.id)).items[0]!;
    const second = (await read(cast.center, p2.id)).items[0]!;
    await center.getByRole('checkbox', { name: `选择 ${ORG_P1} 的 ${first.name}` }).check();
    await center.getByRole('checkbox', { name: `选择 ${ORG_P2} 的 ${second.name}` }).check();
    const batch = center.locator('form#project-batch');
    await batch.getByRole('status').filter({ hasText: '已选 2 项' }).waitFor();
    await batch.getByRole('radio', { name: '通过', exact: true }).check();
    await batch.getByRole('button', { name: '对所选 2 项作出结论' }).click();
    let dialog = await confirmation(center, '确认对 2 个职业（工种）作出项目评估结论：通过？');
    await dialog
      .getByRole('listitem')
      .filter({ hasText: `${ORG_P1} — ${first.name}` })
      .waitFor();
    await dialog
      .getByRole('listitem')
      .filter({ hasText: `${ORG_P2} — ${second.name}` })
      .waitFor();
    await check(center, 'centre: cross-case batch confirmation');
    await shot(center, 'work-project-queue-confirm');
    await cancel(dialog);
    expect((await read(cast.center, p1.id)).items[0]!.status).toBe('project_evaluation');
    expect((await read(cast.center, p2.id)).items[0]!.status).toBe('project_evaluation');
    await batch.getByRole('button', { name: '对所选 2 项作出结论' }).click();
    dialog = await confirmation(center, '确认对 2 个职业（工种）作出项目评估结论：通过？');
    await dialog.getByRole('button', { name: '对所选 2 项作出结论' }).click();
    await center.getByRole('status').filter({ hasText: '共 2 项：2 项已办理，0 项未办理。' }).waitFor();
    expect((await read(cast.center, p1.id)).items[0]!.status).toBe('project_passed');
    expect((await read(cast.center, p2.id)).items[0]!.status).toBe('project_passed');
    await center.getByRole('tab', { name: '待我评估（0）' }).waitFor();
    await menu(center, '工作概览（1 件待办）').waitFor();
    await center.getByRole('tab', { name: '已作出结论（2）' }).click();
    await center.getByRole('tabpanel').getByText(ORG_P2).waitFor();
    await check(center, 'centre: project queue (concluded)');
  });

  it('the bureau’s menu counts the items awaiting its consent', async () => {
    const bureau = await open();
    await login(bureau, 'bureau');
    await menu(bureau, '审批（同意）（2 件待办）').waitFor();
    await bureau.getByRole('tab', { name: '待我审批（2）', selected: true }).waitFor();
    await check(bureau, 'bureau: queue with menu count');
    await shot(bureau, 'work-bureau-counts');
  });

  it('the admin: a calendar day and a call’s last day are changed only after a confirmation; a cancel changes nothing', async () => {
    const admin = await open();
    await login(admin, 'admin', 'Chief-Passw0rd!');
    await admin.goto('/app/admin/calendar');
    // the calendar opens at the browser's year; 2024's arrangement is loaded
    await choose(admin, '年份', '2024');
    await admin.getByRole('button', { name: /^2024年10月16日/ }).click();
    await admin.getByRole('radio', { name: '法定节假日' }).check();
    await admin.getByLabel('名称').fill('测试假日');
    await admin.getByRole('button', { name: '保存', exact: true }).click();
    let dialog = await confirmation(admin, '确认将 2024年10月16日 设为法定节假日？');
    await dialog.getByText('此后按工作日计算的期限', { exact: false }).waitFor();
    await check(admin, 'admin: calendar confirmation');
    await shot(admin, 'work-calendar-confirm');
    await cancel(dialog);
    const days = (await cast.center.get('/calendar/days?year=2024')).json() as { days: { date: string }[] };
    expect(days.days.some((d) => d.date === '2024-10-16')).toBe(false);
    await admin.keyboard.press('Escape');

    const before = ((await cast.center.get('/campaigns')).json() as { docNumber: string; closesAt: string }[]).find(
      (c) => c.docNumber === '沪人社职〔2024〕270号',
    )!;
    await admin.goto('/app/admin/campaigns');
    await admin.getByRole('button', { name: '延长截止 沪人社职〔2024〕270号' }).click();
    const picker = admin.getByLabel('新的截止日期（当日 24 时关闭）');
    await picker.click();
    await picker.fill('2024-08-30');
    await picker.press('Enter');
    await admin.getByLabel('延长理由（将记入审计日志）').fill('系统维护顺延');
    await admin.getByRole('button', { name: '确认', exact: true }).click();
    dialog = await confirmation(admin, '确认将“沪人社职〔2024〕270号”的申报截止日改为 2024年8月30日？');
    await dialog.getByText(/由 2024年8月28日 改为 2024年8月30日/).waitFor();
    await check(admin, 'admin: window confirmation');
    await shot(admin, 'work-window-confirm');
    await cancel(dialog);
    const after = ((await cast.center.get('/campaigns')).json() as { docNumber: string; closesAt: string }[]).find(
      (c) => c.docNumber === '沪人社职〔2024〕270号',
    )!;
    expect(after.closesAt).toBe(before.closesAt);
  });

  it('the applicant’s pages in English; a staff page says it is Chinese only', async () => {
    const page = await open();
    await login(page, 'wl_p1');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'My applications' }).first().waitFor();
    await page
      .getByRole('navigation', { name: 'Menu' })
      .getByRole('link', { name: /^My applications/ })
      .waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await check(page, 'applicant: dashboard in English');
    await shot(page, 'work-applicant-english');
    await page.goto(`/app/my/applications/${p1.id}`);
    await page.getByRole('heading', { name: 'Application progress' }).first().waitFor();
    await seeText(page, 'All times are Shanghai time.');
    await check(page, 'applicant: application in English');
    // dates and times as English readers write them, not 2024年8月26日
    const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(main, 'no Chinese-format date on an English page').not.toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(main).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}/);
    await shot(page, 'work-applicant-english-application');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    const staff = await open();
    await staff.addInitScript(() => localStorage.setItem('shsp.lang', 'en'));
    // the login page follows the choice (English); the back office then stays Chinese
    await staff.goto('/login');
    await staff.getByLabel('Username').fill('bureau');
    await staff.getByLabel('Password', { exact: true }).fill('Shanghai#2024ok');
    await staff.getByRole('button', { name: 'Sign in', exact: true }).click();
    await staff.waitForURL(/\/app\//);
    await seeText(staff, '工作人员页面仅提供中文（Staff pages are in Chinese only）');
    await staff.getByRole('tab', { name: /^待我审批/ }).waitFor();
    await check(staff, 'staff: Chinese only with English chosen');
  });

  it('no page errors, no accessibility findings', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
