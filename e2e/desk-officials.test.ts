/**
 * Every day at the desk, as the officials (issue 13, points 1, 7 and 8), in a real browser: every
 * irreversible step asks first, in one pattern (what will happen, to what, what follows, the clause),
 * and a cancel changes nothing — checked through the API, not only on screen; no decision is chosen
 * for the official; work lists start with 待我处理 (the expert's pending/done, the recommender's
 * queue a recommended case leaves, the centre's to-do); the centre's project conclusions and the
 * bureau's approvals go in batches, with a result per item (a refusal with the server's reason);
 * the tables that matter fit at 1366 px. Screenshots at desktop and phone width; axe on every state.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, expectStatus, itemsBySeq, makeCast, passInstitution, type Cast, type CaseHandle } from '../server/src/bootstrap/journey.js';
import type { Client, TestSystem } from '../server/src/test-support/harness.js';
import { usccCheckChar } from '../server/src/workflow/uscc.js';
import { shot } from './support/browser.js';
import { BrowserRun, stepwise } from './support/run.js';
import { startServer } from './support/server.js';
import { login, seeText } from './support/steps.js';

let sys: TestSystem;
let base: string;
const run = new BrowserRun();
const { open, check } = run;
let cast: Cast;
let j: Journey;
let campaign: Awaited<ReturnType<Journey['campaign2024']>>;

const uscc = (n: number) => {
  const first17 = `91310115MA1D3K7${String(n).padStart(2, '0')}`;
  return first17 + usccCheckChar(first17);
};
const ORG_WAITING = '上海待推荐示例有限公司';
const ORG_SUBMITTED = '上海新提交示例有限公司';
const ORG_EVALUATED = '上海项目评估示例有限公司';

interface Item {
  id: string;
  name: string;
  status: string;
}
interface App {
  status: string;
  items: Item[];
  expertReviews: { expertId: string }[];
  requiredRecommendations: { role: string; decision: string }[];
}

let waiting: { client: Client; app: CaseHandle };
let submitted: { client: Client; app: CaseHandle };
let evaluated: { client: Client; app: CaseHandle };
const read = async (c: Client, id: string) => (await c.get(`/applications/${id}`)).json() as App;

/** The one confirmation: its title, the restatement, the clause — then cancelled or confirmed. */
async function confirmation(page: Page, title: string | RegExp): Promise<Locator> {
  const dialog = page.getByRole('dialog').filter({ has: page.locator('.ant-modal-confirm-title', { hasText: title }) });
  await dialog.waitFor();
  await dialog.getByText('将要办理：').waitFor();
  await dialog.getByText(/依据：依据《通知》/).waitFor();
  return dialog;
}
async function cancel(dialog: Locator): Promise<void> {
  await dialog.getByRole('button', { name: '取消，不办理' }).click();
  await dialog.waitFor({ state: 'hidden' });
}
/** No radio of the form is checked: nothing decided for the official. */
async function noneChecked(scope: Page | Locator, ...names: string[]): Promise<void> {
  for (const name of names) expect(await scope.getByRole('radio', { name, exact: true }).isChecked(), `${name} preselected`).toBe(false);
}
/** Tables in the page's main area fit their box at this width: no column cut off behind a scroll. */
async function noClippedTable(page: Page, label: string): Promise<void> {
  const clipped = await page
    .locator('#main .ant-table-content, #main .ant-table-body')
    .evaluateAll((els) =>
      els
        .filter((e) => e.scrollWidth > e.clientWidth + 1)
        .map(
          (e) =>
            (e.closest('.ant-card')?.querySelector('.ant-card-head-title')?.textContent ?? e.closest('section')?.getAttribute('aria-label') ?? '?') +
            ` ${e.scrollWidth}>${e.clientWidth}`,
        ),
    );
  expect(clipped, `${label}: tables wider than their box at 1366 px`).toEqual([]);
}

describe('browser: the officials at their desks', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    await run.start(base);
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { districts: ['310115'] });
    campaign = await j.campaign2024();
    // one waiting for its recommenders (the industry authority's and the district's)
    const w = await j.registerOrg({ username: 'waitingorg', name: ORG_WAITING, uscc: uscc(1) });
    const r = await w.client.post('/applications', {
      campaignId: campaign.id,
      industryAuthority: cast.authority,
      items: itemsBySeq(campaign.items, [82]),
      sites: [{ name: '待推荐考核点', address: '上海市浦东新区示例路1号', district: '310115' }],
    });
    expectStatus(r, 201, 'create');
    waiting = { client: w.client, app: r.json() as CaseHandle };
    expectStatus(await w.client.post(`/applications/${waiting.app.id}/request-recommendation`), 200, 'request recommendation');
    // one submitted, waiting for acceptance
    const s = await j.registerOrg({ username: 'submittedorg', name: ORG_SUBMITTED, uscc: uscc(2) });
    submitted = { client: s.client, app: await applyAndSubmit(j, cast, s.client, campaign, [36], ['310115']) };
    // one through institution evaluation: two occupations awaiting the project conclusion
    const e = await j.registerOrg({ username: 'evaluatedorg', name: ORG_EVALUATED, uscc: uscc(3) });
    evaluated = { client: e.client, app: await applyAndSubmit(j, cast, e.client, campaign, [71, 82], ['310115']) };
    await passInstitution(cast, evaluated.app, '2024-08-26');
  }, 180_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  it('the recommender’s queue starts with 待我推荐; nothing is preselected; a cancel records nothing; once recommended the case leaves the queue', async () => {
    const page = await open();
    await login(page, 'industry');
    await page.locator('.ant-segmented-item-selected', { hasText: '待我推荐（1）' }).waitFor();
    await page.getByRole('link', { name: ORG_WAITING }).first().waitFor();
    await check(page, 'recommender: queue (pending)');
    await shot(page, 'desk-recommender-queue');
    await page.getByRole('link', { name: ORG_WAITING }).first().click();
    await page.getByRole('heading', { name: `推荐：${ORG_WAITING}` }).waitFor();
    await noneChecked(page, '同意推荐', '不同意推荐');
    await page.getByRole('button', { name: '提交推荐意见' }).click();
    await seeText(page, '请选择决定：同意推荐或不同意推荐');
    await page.getByRole('radio', { name: '同意推荐', exact: true }).check();
    await page.getByLabel('意见说明').fill('该单位在茶艺领域具有影响力，同意推荐。');
    await page.getByRole('button', { name: '同意推荐', exact: true }).click();
    let dialog = await confirmation(page, `确认同意推荐“${ORG_WAITING}”？`);
    await dialog.getByText('意见出具后不能撤回或修改', { exact: false }).waitFor();
    await check(page, 'recommender: confirmation');
    await shot(page, 'desk-recommend-confirm');
    await cancel(dialog);
    expect((await read(cast.center, waiting.app.id)).requiredRecommendations.find((x) => x.role === 'industry_authority')?.decision).toBe('pending');
    await page.getByRole('button', { name: '同意推荐', exact: true }).click();
    dialog = await confirmation(page, `确认同意推荐“${ORG_WAITING}”？`);
    await dialog.getByRole('button', { name: '同意推荐', exact: true }).click();
    await seeText(page, /本部门已于 .* 出具意见：同意推荐/);
    const after = await read(cast.center, waiting.app.id);
    expect(after.requiredRecommendations.find((x) => x.role === 'industry_authority')?.decision).toBe('recommend');
    // still waiting for the district: the application is awaiting recommendation, but not on this desk
    expect(after.status).toBe('awaiting_recommendation');
    await page.getByRole('link', { name: '返回推荐事项' }).click();
    await page.locator('.ant-segmented-item-selected', { hasText: '待我推荐（0）' }).waitFor();
    // the count (GET /work-counts) and the list are two requests: the list's cached page may show a moment longer
    await page.getByRole('link', { name: ORG_WAITING }).first().waitFor({ state: 'detached' });
    await page.locator('.ant-segmented-item', { hasText: '已处理' }).click();
    await page.getByRole('link', { name: ORG_WAITING }).first().waitFor();
    await seeText(page, '本部门已出具，等待其他推荐部门');
    await check(page, 'recommender: queue (done)');
    // the district still has it under 待我推荐
    const hr = await open({ phone: true });
    await login(hr, 'hr_310115');
    await hr.locator('.ant-segmented-item-selected', { hasText: '待我推荐（1）' }).waitFor();
    await check(hr, 'district: queue (phone)');
    await shot(hr, 'desk-recommender-queue');
  });

  it('the centre’s dashboard starts with 待我处理 and the new submissions; acceptance: nothing preselected, each decision confirmed, a cancel changes nothing', async () => {
    const center = await open();
    await login(center, 'center');
    const todo = center.getByRole('list', { name: '待我处理' });
    await todo.getByRole('link', { name: '新提交待受理' }).waitFor();
    await todo.getByRole('listitem').filter({ hasText: '新提交待受理' }).getByText('1 项').waitFor();
    await todo.getByRole('listitem').filter({ hasText: '项目评估待作出结论' }).getByText('2 项').waitFor();
    await center.getByRole('link', { name: ORG_SUBMITTED }).waitFor();
    await check(center, 'centre: dashboard (to-do)');
    await shot(center, 'desk-centre-dashboard');

    await center.getByRole('link', { name: ORG_SUBMITTED }).click();
    await seeText(center, '受理（通知 三(二)）');
    await noneChecked(center, '受理', '退回补正', '不予受理');
    await center.getByRole('button', { name: '作出受理决定' }).click();
    await seeText(center, '请选择决定：受理、退回补正或不予受理');
    // 不予受理: a reason, then the confirmation says it is final; cancelled
    await center.getByRole('radio', { name: '不予受理', exact: true }).check();
    await center.getByLabel('意见或理由').fill('申报职业不在本批次目录内。');
    await center.getByRole('button', { name: '不予受理', exact: true }).click();
    let dialog = await confirmation(center, `确认不予受理“${ORG_SUBMITTED}”的申报？`);
    await dialog.getByText('这是终局决定，不能撤回', { exact: false }).waitFor();
    await check(center, 'centre: rejection confirmation');
    await cancel(dialog);
    // 退回补正: its consequence names the working days; cancelled
    await center.getByRole('radio', { name: '退回补正', exact: true }).check();
    await center.getByRole('button', { name: '退回补正', exact: true }).click();
    dialog = await confirmation(center, `确认将“${ORG_SUBMITTED}”的申报退回补正？`);
    await dialog.getByText(/须在 5 个工作日内补正后重新提交/).waitFor();
    await cancel(dialog);
    expect((await read(cast.center, submitted.app.id)).status).toBe('submitted');
    // 受理, confirmed
    await center.getByRole('radio', { name: '受理', exact: true }).check();
    await center.getByRole('button', { name: '受理', exact: true }).click();
    dialog = await confirmation(center, `确认受理“${ORG_SUBMITTED}”的申报？`);
    await shot(center, 'desk-acceptance-confirm');
    await dialog.getByRole('button', { name: '受理', exact: true }).click();
    await seeText(center, '指派评估专家（专家论证）');
    expect((await read(cast.center, submitted.app.id)).status).toBe('accepted');
  });

  it('the expert’s list keeps 待我评审 apart from 已处理; the review is confirmed, a cancel records nothing', async () => {
    expectStatus(await cast.center.post(`/applications/${submitted.app.id}/experts`, { expertUserIds: cast.experts.map((e) => e.id) }), 200, 'assign experts');
    const expert = await open();
    await login(expert, 'expert1');
    await expert.getByRole('tab', { name: '待我评审（1）', selected: true }).waitFor();
    await expert.getByRole('tab', { name: '已处理（1）' }).waitFor(); // the evaluated case, reviewed through the API
    await expert.getByRole('tabpanel').getByRole('link', { name: ORG_SUBMITTED, exact: true }).waitFor();
    expect(await expert.getByRole('tabpanel').getByRole('link', { name: ORG_EVALUATED, exact: true }).count()).toBe(0);
    await check(expert, 'expert: pending');
    await shot(expert, 'desk-expert-pending');
    await expert.getByRole('link', { name: `评审 ${ORG_SUBMITTED}` }).click();
    await noneChecked(expert, '不存在利益冲突', '存在利益冲突，申请回避');
    await expert.getByRole('radio', { name: '不存在利益冲突' }).check();
    await noneChecked(expert, '建议通过', '建议不通过');
    await expert.getByLabel('评分（0–100）').fill('90');
    await expert.getByLabel('评审意见').fill('机构设置与专家团队符合要求，考核点设备齐全。');
    await expert.getByRole('button', { name: '提交评审' }).click();
    await seeText(expert, '请选择评审结论：建议通过或建议不通过');
    await expert.getByRole('radio', { name: '建议通过' }).check();
    await expert.getByRole('button', { name: '提交评审' }).click();
    let dialog = await confirmation(expert, `确认提交对“${ORG_SUBMITTED}”的评审？`);
    await dialog.getByText(/评分 90 分，建议通过/).waitFor();
    await check(expert, 'expert: confirmation');
    await shot(expert, 'desk-expert-confirm');
    await cancel(dialog);
    expect((await read(cast.center, submitted.app.id)).expertReviews).toHaveLength(0);
    await expert.getByRole('button', { name: '提交评审' }).click();
    dialog = await confirmation(expert, `确认提交对“${ORG_SUBMITTED}”的评审？`);
    await dialog.getByRole('button', { name: '提交评审' }).click();
    await seeText(expert, '评审已提交。');
    expect((await read(cast.center, submitted.app.id)).expertReviews).toHaveLength(1);
    await expert.getByRole('link', { name: '返回评审任务' }).click();
    await expert.getByRole('tab', { name: '待我评审（0）', selected: true }).waitFor();
    await seeText(expert, '没有待您评审的申请。');
    await expert.getByRole('tab', { name: '已处理（2）' }).click();
    await expert.getByRole('tabpanel').getByRole('link', { name: ORG_SUBMITTED, exact: true }).waitFor();
    await seeText(expert, '90 分，建议通过');
    await check(expert, 'expert: done');
    await shot(expert, 'desk-expert-done');
    const phone = await open({ phone: true });
    await login(phone, 'expert2');
    await phone.getByRole('tab', { name: '待我评审（1）', selected: true }).waitFor();
    await check(phone, 'expert: pending (phone)');
    await shot(phone, 'desk-expert-pending');
  });

  it('the centre concludes two occupations in one batch: one confirmation lists them, a cancel changes nothing, then a result per item', async () => {
    const center = await open();
    await login(center, 'center');
    await center.goto(`/app/center/applications/${evaluated.app.id}`);
    await seeText(center, '项目评估（通知 三(四)）');
    await noClippedTable(center, 'centre: case');
    const batch = center.locator('form#project-batch');
    await noneChecked(batch, '通过', '不通过');
    // nor on any of the page's forms (the batch and each occupation's own)
    expect(await center.locator('#main input[type=radio]:checked').count()).toBe(0);
    await batch.getByRole('button', { name: '对所选 0 项作出结论' }).click();
    await seeText(center, '请至少勾选一个职业（工种）');
    // 全选's tick follows the form's watched value, which antd updates a moment after the click: click, then wait for it
    const all = batch.getByRole('checkbox', { name: '全选' });
    await all.click();
    await expect.poll(() => all.isChecked(), { timeout: 10_000 }).toBe(true);
    await batch.getByRole('radio', { name: '通过', exact: true }).check();
    await batch.getByRole('button', { name: '对所选 2 项作出结论' }).click();
    let dialog = await confirmation(center, '确认对 2 个职业（工种）作出项目评估结论：通过？');
    await dialog.getByText('涉及以下 2 项：').waitFor();
    await dialog.getByRole('listitem').filter({ hasText: '茶艺师' }).waitFor();
    await dialog.getByRole('listitem').filter({ hasText: '中式面点师' }).waitFor();
    await check(center, 'centre: project batch confirmation');
    await shot(center, 'desk-project-batch-confirm');
    await cancel(dialog);
    expect((await read(cast.center, evaluated.app.id)).items.map((i) => i.status)).toEqual(['project_evaluation', 'project_evaluation']);
    await batch.getByRole('button', { name: '对所选 2 项作出结论' }).click();
    dialog = await confirmation(center, '确认对 2 个职业（工种）作出项目评估结论：通过？');
    await dialog.getByRole('button', { name: '对所选 2 项作出结论' }).click();
    await center.getByRole('status').filter({ hasText: '共 2 项：2 项已办理，0 项未办理。' }).waitFor();
    expect((await read(cast.center, evaluated.app.id)).items.map((i) => i.status)).toEqual(['project_passed', 'project_passed']);
    await check(center, 'centre: project batch done');
  });

  it('the bureau: 待我审批 with counts, a batch approval listed in one confirmation; a cancel changes nothing; an item decided meanwhile is reported with the server’s reason', async () => {
    const bureau = await open();
    await login(bureau, 'bureau');
    await bureau.getByRole('tab', { name: '待我审批（2）', selected: true }).waitFor();
    await bureau.getByRole('tab', { name: '已审批（0）' }).waitFor();
    await noClippedTable(bureau, 'bureau: queue');
    await check(bureau, 'bureau: queue');
    await bureau.getByRole('button', { name: '同意所选（0 项）', exact: true }).click();
    await seeText(bureau, '请先在上表勾选要审批的项目');
    await bureau.getByRole('checkbox', { name: `选择 ${ORG_EVALUATED} 茶艺师` }).check();
    await bureau.getByRole('checkbox', { name: `选择 ${ORG_EVALUATED} 中式面点师` }).check();
    await bureau.getByRole('button', { name: '同意所选（2 项）', exact: true }).click();
    let dialog = await confirmation(bureau, '确认同意以下 2 个项目？');
    await dialog
      .getByRole('listitem')
      .filter({ hasText: `${ORG_EVALUATED} — 茶艺师` })
      .waitFor();
    await dialog
      .getByRole('listitem')
      .filter({ hasText: `${ORG_EVALUATED} — 中式面点师` })
      .waitFor();
    await check(bureau, 'bureau: batch confirmation');
    await shot(bureau, 'desk-bureau-batch-confirm');
    await cancel(dialog);
    expect((await read(cast.center, evaluated.app.id)).items.map((i) => i.status)).toEqual(['project_passed', 'project_passed']);
    // meanwhile, one of them is decided elsewhere (another desk, through the API)
    const tea = (await read(cast.center, evaluated.app.id)).items.find((i) => i.name === '茶艺师')!;
    expectStatus(await cast.bureau.post(`/application-items/${tea.id}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve elsewhere');
    await bureau.getByRole('button', { name: '同意所选（2 项）', exact: true }).click();
    dialog = await confirmation(bureau, '确认同意以下 2 个项目？');
    await dialog.getByRole('button', { name: '同意所选（2 项）', exact: true }).click();
    await bureau.getByRole('status').filter({ hasText: '共 2 项：1 项已办理，1 项未办理。' }).waitFor();
    const results = bureau.getByRole('list', { name: '逐项结果' });
    await results
      .getByRole('listitem')
      .filter({ hasText: `${ORG_EVALUATED} — 茶艺师（` })
      .getByRole('alert')
      .waitFor();
    await results
      .getByRole('listitem')
      .filter({ hasText: `${ORG_EVALUATED} — 中式面点师（` })
      .filter({ hasText: '已办理' })
      .waitFor();
    await check(bureau, 'bureau: batch results');
    await shot(bureau, 'desk-bureau-batch-results', { fullPage: true });
    expect((await read(cast.center, evaluated.app.id)).items.map((i) => i.status)).toEqual(['approved', 'approved']);
    await bureau.getByRole('tab', { name: '已审批（2）' }).click();
    await bureau.getByRole('tabpanel').getByText('中式面点师').waitFor();
    const phone = await open({ phone: true });
    await login(phone, 'bureau');
    await phone.getByRole('tab', { name: '已审批（2）' }).waitFor();
    await check(phone, 'bureau: queue (phone)');
    await shot(phone, 'desk-bureau-queue');
  });

  it('the centre’s public notice: nothing preselected, the period previewed from the working-day calendar, confirmed; a cancel publishes nothing', async () => {
    const center = await open();
    await login(center, 'center');
    await center.getByRole('link', { name: '公示管理' }).click();
    const all = center.getByRole('checkbox', { name: '全选' });
    await all.waitFor();
    expect(await all.isChecked()).toBe(false);
    await center.getByRole('button', { name: '发布公示' }).click();
    await seeText(center, '请至少勾选一个公示项目');
    // 全选's tick follows the form's watched value, which antd updates a moment after the click: click, then wait for it
    await all.click();
    await expect.poll(() => all.isChecked(), { timeout: 10_000 }).toBe(true);
    // Monday 26 August 2024 + 5 working days: to Friday 30 August
    await center.getByRole('status').filter({ hasText: '公示期将为 2024年8月26日 至 2024年8月30日（5 个工作日' }).waitFor();
    await center.getByRole('button', { name: '发布公示' }).click();
    const dialog = await confirmation(center, /^确认发布公示“/);
    await dialog.getByText(/公示期 2024年8月26日 至 2024年8月30日（5 个工作日）/).waitFor();
    await dialog.getByText('发布后公示期即确定，不能撤回或修改', { exact: false }).waitFor();
    await check(center, 'centre: publicity confirmation');
    await shot(center, 'desk-publicity-confirm');
    await cancel(dialog);
    expect((await cast.center.get('/publicities')).json()).toEqual([]);
    await center.getByRole('button', { name: '发布公示' }).click();
    await (await confirmation(center, /^确认发布公示“/)).getByRole('button', { name: '发布公示' }).click();
    await seeText(center, '公示已发布：2024年8月26日 至 2024年8月30日。');
    expect(((await cast.center.get('/publicities')).json() as unknown[]).length).toBe(1);
  });

  it('the centre’s list keeps 更新时间 in view at 1366 px', async () => {
    const center = await open();
    await login(center, 'center');
    await center.goto('/app/center/applications');
    await center.getByRole('columnheader', { name: '更新时间' }).waitFor();
    await noClippedTable(center, 'centre: applications');
    await check(center, 'centre: applications');
    await shot(center, 'desk-centre-applications');
  });

  it('no page errors, no accessibility findings', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
