/**
 * The officials' pages for recommendations the system did not receive online, and the applicant's
 * withdrawal, in a real browser (api-v1 "Rules clarified on a second reading": the maintained list of
 * industry authorities, paper recommendations, withdrawal):
 * - the administrator keeps the list: adds (a name already listed is refused), renames (to a listed
 *   name: refused), deactivates (confirmed; cancelling changes nothing); an authority's account is
 *   made with its name picked from the list;
 * - the applicant's wizard offers only active authorities, as a type-ahead, and says when the chosen
 *   one has no account (and so the checklist);
 * - the centre records a paper recommendation on the recommender's behalf with the scanned letter
 *   (confirmed); one the recommender already gave online is refused with the server's reason;
 *   「由市职鉴中心代为录入（纸质推荐函）」 is shown where recommendations are listed;
 * - an applicant withdraws a submitted application (the confirmation says it is final and still
 *   counts for the one-year rule); one accepted meanwhile is refused with the server's reason.
 * axe-core checks every page and dialog visited.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, expectStatus, itemsBySeq, makeCast, type Cast } from '../server/src/bootstrap/journey.js';
import type { Client, TestSystem } from '../server/src/test-support/harness.js';
import { usccCheckChar } from '../server/src/workflow/uscc.js';
import { BrowserRun, pdf, stepwise } from './support/run.js';
import { startServer } from './support/server.js';
import { choose, login, saved, searchAndChoose, seeText } from './support/steps.js';

const NO_ACCOUNT = '上海市体育局'; // seeded on the list, no account
const NEW_AUTHORITY = '上海市绿化和市容管理局';
const RENAMED = '上海市绿化和市容管理局（上海市林业局）';
const AUTHORITY_FIELD = '行业主管部门（或上级主管部门）';

let sys: TestSystem;
let base: string;
const run = new BrowserRun();
const { open, check } = run;
let cast: Cast;
let j: Journey;
let campaign: Awaited<ReturnType<Journey['campaign2024']>>;
let admin: Page;
let center: Page;
let paperOrg: { client: Client; page?: Page; appId: string };

const uscc = (n: number) => {
  const first17 = `91310115MA1E2E7${String(n).padStart(2, '0')}`;
  return first17 + usccCheckChar(first17);
};

describe('browser: the authorities list, paper recommendations, withdrawal', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    await run.start(base);
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { districts: ['310115'] });
    campaign = await j.campaign2024();
  }, 120_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  it('the administrator adds an authority to the list; a name already listed is refused with the reason', async () => {
    admin = await open();
    await login(admin, 'admin', 'Chief-Passw0rd!');
    await admin.getByRole('link', { name: '行业主管部门名录' }).click();
    await admin.waitForURL(/\/app\/admin\/authorities$/);
    const sport = admin.getByRole('row', { name: new RegExp(NO_ACCOUNT) });
    await sport.getByText('启用', { exact: true }).waitFor();
    await sport.getByText('无账号（纸质推荐由市职鉴中心代为录入）').waitFor();
    await admin
      .getByRole('row', { name: /上海市商务委员会/ })
      .getByText('已有账号（可在线推荐）')
      .waitFor();
    await check(admin, 'admin: authorities');

    await admin.getByRole('textbox', { name: '部门全称' }).fill(NO_ACCOUNT);
    await admin.getByRole('button', { name: '添加到名录' }).click();
    await admin
      .getByRole('alert')
      .filter({ hasText: `行业主管部门“${NO_ACCOUNT}”已在名录中。` })
      .first()
      .waitFor();
    await check(admin, 'admin: authorities (duplicate refused)');

    await admin.getByRole('textbox', { name: '部门全称' }).fill(NEW_AUTHORITY);
    await admin.getByRole('button', { name: '添加到名录' }).click();
    await seeText(admin, `已添加“${NEW_AUTHORITY}”。`);
    const row = admin.getByRole('row', { name: new RegExp(NEW_AUTHORITY) });
    await row.getByText('启用', { exact: true }).waitFor();
    await row.getByText('无账号（纸质推荐由市职鉴中心代为录入）').waitFor();
  });

  it('renames it (a listed name is refused), then deactivates it after a confirmation (cancelling changes nothing)', async () => {
    await admin.getByRole('button', { name: `改名：${NEW_AUTHORITY}` }).click();
    const field = admin.getByLabel(`“${NEW_AUTHORITY}”的新名称`);
    await field.fill(NO_ACCOUNT);
    await admin.getByRole('button', { name: '保存名称' }).click();
    await admin
      .getByRole('alert')
      .filter({ hasText: `行业主管部门“${NO_ACCOUNT}”已在名录中。` })
      .first()
      .waitFor();
    await check(admin, 'admin: rename refused');
    await field.fill(RENAMED);
    await admin.getByRole('button', { name: '保存名称' }).click();
    const row = admin.getByRole('row', { name: new RegExp(RENAMED.replace(/[()（）]/g, '.')) });
    await row.getByRole('button', { name: `停用：${RENAMED}` }).waitFor();

    await row.getByRole('button', { name: `停用：${RENAMED}` }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.locator('.ant-modal-confirm-title', { hasText: `确认停用“${RENAMED}”？` }).waitFor();
    await seeText(admin, /已填写该部门的申请保持不变/);
    await check(admin, 'admin: deactivation confirmation');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('启用', { exact: true }).waitFor();

    await row.getByRole('button', { name: `停用：${RENAMED}` }).click();
    // the confirmation open and still (antd zooms it in) before its button is pressed; then gone
    await dialog.locator('.ant-modal-confirm-title', { hasText: `确认停用“${RENAMED}”？` }).waitFor();
    await dialog.getByRole('button', { name: '停用', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('已停用', { exact: true }).waitFor();
    await row.getByRole('button', { name: `启用：${RENAMED}` }).waitFor();
    await check(admin, 'admin: authorities (one deactivated)');
    // what the server holds
    const list = (await j.admin.get('/authorities')).json() as { name: string; active: boolean }[];
    expect(list.find((a) => a.name === RENAMED)?.active).toBe(false);
    expect(list.some((a) => a.name === NEW_AUTHORITY)).toBe(false);
  });

  it('an account for an authority is made with its name picked from the list; the list then says it has one', async () => {
    await admin.getByRole('link', { name: '用户管理' }).click();
    await admin.waitForURL(/\/app\/admin\/users$/);
    await choose(admin, '角色', '行业主管部门');
    await admin.locator('#username').fill('jiaowei');
    await admin.getByLabel('姓名或单位名称').fill('市教委职业教育处');
    const field = admin.getByRole('combobox', { name: '部门名称（行业主管部门）' });
    await field.fill('教育');
    await admin.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '上海市教育委员会' }).click();
    await expect.poll(() => field.inputValue()).toBe('上海市教育委员会');
    await admin.getByLabel('初始密码').fill('Temp#Sjw2024xy');
    await check(admin, 'admin: users (industry authority account)');
    await admin.getByRole('button', { name: '建立账号' }).click();
    await seeText(admin, '账号 jiaowei 已建立');
    await admin.getByRole('link', { name: '行业主管部门名录' }).click();
    await admin
      .getByRole('row', { name: /上海市教育委员会/ })
      .getByText('已有账号（可在线推荐）')
      .waitFor();
  });

  it('the wizard offers only active authorities as a type-ahead; one without an account is said so, in the field and the checklist', async () => {
    const reg = await j.registerOrg({ username: 'paperorg', name: '上海纸质推荐示例有限公司', uscc: uscc(1) });
    const page = await open();
    await login(page, 'paperorg');
    await page.getByRole('link', { name: '开始填报申请' }).click();
    const field = page.getByRole('combobox', { name: AUTHORITY_FIELD });
    // the deactivated one is not offered
    await field.click();
    await field.fill('绿化');
    await seeText(page, '名录中没有该部门，请联系市职鉴中心');
    await page.keyboard.press('Escape');
    // an active one is
    await searchAndChoose(page, AUTHORITY_FIELD, '体育', NO_ACCOUNT);
    await seeText(page, `“${NO_ACCOUNT}”尚无系统账号，不能在线推荐`);
    await saved(page);
    await page.waitForURL(/\/app\/my\/applications\/[0-9a-f-]{36}\/edit/);
    const appId = /applications\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await seeText(page, /该部门尚无系统账号，不能在线推荐——请向“上海市体育局”取得纸质推荐函，由市职鉴中心代为录入推荐/);
    await check(page, 'wizard: authority without an account');
    await page.goto('/app/my');
    // items, a site and the request for recommendation through the API (the wizard is the other journey's)
    expectStatus(
      await reg.client.patch(`/applications/${appId}`, {
        items: itemsBySeq(campaign.items, [36]),
        sites: [{ name: '考核点1', address: '上海市示例路10号', district: '310115' }],
      }),
      200,
      'items and site',
    );
    expectStatus(await reg.client.post(`/applications/${appId}/request-recommendation`), 200, 'request recommendation');
    paperOrg = { client: reg.client, page, appId };
  });

  it('the centre records a paper recommendation: one already given online is refused with the reason', async () => {
    center = await open();
    await login(center, 'center');
    await center.goto(`/app/center/applications/${paperOrg.appId}`);
    await seeText(center, '代为录入纸质推荐（通知 三(一)、四(一)）');
    await center.getByRole('radio', { name: `行业主管部门：${NO_ACCOUNT}（无系统账号）` }).waitFor();
    await check(center, 'centre: case (paper recommendation)');
    await center.getByRole('radio', { name: '考核点所在区人社部门：浦东新区' }).check();
    await center.getByRole('radio', { name: '同意推荐', exact: true }).check();
    await center.getByLabel('推荐意见', { exact: true }).fill('考核点条件符合要求（纸质推荐函）');
    await center.locator('input[type=file][data-testid="file-纸质推荐函扫描件"]').setInputFiles(pdf('浦东推荐函.pdf'));
    await seeText(center, '已上传推荐函：浦东推荐函.pdf');
    // meanwhile the district recommends online
    expectStatus(
      await cast.hr['310115']!.post(`/applications/${paperOrg.appId}/recommendations`, { decision: 'recommend', comment: '同意推荐' }),
      200,
      'district online',
    );
    await center.getByRole('button', { name: '录入推荐' }).click();
    const dialog = center.getByRole('dialog');
    await dialog.locator('.ant-modal-confirm-title', { hasText: '确认代为录入：考核点所在区人社部门：浦东新区，同意推荐？' }).waitFor();
    await dialog.getByRole('button', { name: '录入推荐' }).click();
    await center.getByRole('alert').filter({ hasText: '本轮该推荐部门已作出决定，不能重复录入。' }).first().waitFor();
    // the form now offers only what is still awaited
    await center.getByRole('radio', { name: '考核点所在区人社部门：浦东新区' }).waitFor({ state: 'detached' });
    await check(center, 'centre: paper recommendation refused');
  });

  it('…and records the industry authority’s letter (the letter is required; confirmed); recordedBy is shown to the centre and the applicant', async () => {
    await center.reload();
    await seeText(center, '代为录入纸质推荐（通知 三(一)、四(一)）');
    const only = center.getByRole('radio', { name: `行业主管部门：${NO_ACCOUNT}（无系统账号）` });
    await expect.poll(() => only.isChecked()).toBe(true);
    // the letter's decision is the centre's to choose: nothing preselected
    expect(await center.getByRole('radio', { name: '同意推荐', exact: true }).isChecked()).toBe(false);
    await center.getByRole('radio', { name: '同意推荐', exact: true }).check();
    await center.getByLabel('推荐意见', { exact: true }).fill('同意推荐（体育局 2024年8月26日 纸质推荐函）');
    await center.getByRole('button', { name: '录入推荐' }).click();
    await seeText(center, '请先上传推荐函扫描件（PDF）');
    await center.locator('input[type=file][data-testid="file-纸质推荐函扫描件"]').setInputFiles(pdf('体育局推荐函.pdf'));
    await seeText(center, '已上传推荐函：体育局推荐函.pdf');
    await center.getByRole('button', { name: '录入推荐' }).click();
    const dialog = center.getByRole('dialog');
    await dialog.locator('.ant-modal-confirm-title', { hasText: `确认代为录入：行业主管部门：${NO_ACCOUNT}（无系统账号），同意推荐？` }).waitFor();
    await seeText(center, /录入后不能撤销或修改/);
    await check(center, 'centre: paper recommendation confirmation');
    await dialog.getByRole('button', { name: '录入推荐' }).click();
    await seeText(center, '由市职鉴中心代为录入（纸质推荐函），经办人：市职鉴中心经办人');
    await center.getByText('代为录入纸质推荐（通知 三(一)、四(一)）').waitFor({ state: 'hidden' });
    await check(center, 'centre: case (recommended on paper)');
    const app = (await paperOrg.client.get(`/applications/${paperOrg.appId}`)).json() as {
      status: string;
      recommendations: { role: string; recordedBy?: { role: string }; letterMaterialId?: string }[];
      materials: { id: string; fileName: string }[];
    };
    expect(app.status).toBe('recommended');
    const paper = app.recommendations.find((r) => r.role === 'industry_authority')!;
    expect(paper.recordedBy?.role).toBe('center');
    expect(app.materials.find((m) => m.id === paper.letterMaterialId)?.fileName).toBe('体育局推荐函.pdf');
    expect(app.recommendations.find((r) => r.role === 'district_hr')?.recordedBy).toBeUndefined();

    const page = paperOrg.page!;
    await page.goto(`/app/my/applications/${paperOrg.appId}`);
    await seeText(page, '由市职鉴中心代为录入（纸质推荐函），经办人：市职鉴中心经办人');
    await check(page, 'applicant: application (recommended on paper)');
  });

  it('an applicant withdraws its submitted application: the confirmation says it is final and still counts; cancelling changes nothing', async () => {
    const reg = await j.registerOrg({ username: 'withdraworg', name: '上海撤回示例有限公司', uscc: uscc(2) });
    const app = await applyAndSubmit(j, cast, reg.client, campaign, [36], ['310115']);
    const page = await open();
    await login(page, 'withdraworg');
    await page.goto(`/app/my/applications/${app.id}`);
    await page.getByRole('button', { name: '撤回申报' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.ant-modal-confirm-title', { hasText: '确认撤回本次申报？' }).waitFor();
    await seeText(page, /撤回后不能恢复/);
    await seeText(page, /已提交的职业（工种）仍计入“1年内不得多次参与同一职业（工种）征集遴选”的限制/);
    await check(page, 'applicant: withdrawal confirmation');
    await dialog.getByRole('button', { name: '不撤回' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await reg.client.get(`/applications/${app.id}`)).json().status).toBe('submitted');

    await page.getByRole('button', { name: '撤回申报' }).click();
    await dialog.getByRole('button', { name: '确认撤回' }).click();
    await seeText(page, /本申请已于 .+ 撤回（已撤回）/);
    await seeText(page, /本申请曾经提交，所申报的职业（工种）仍计入/);
    await page.getByRole('button', { name: '撤回申报' }).waitFor({ state: 'detached' });
    await check(page, 'applicant: application (withdrawn)');
    expect((await reg.client.get(`/applications/${app.id}`)).json().status).toBe('withdrawn');
  });

  it('an application accepted meanwhile cannot be withdrawn: the refusal is shown with the server’s reason', async () => {
    const reg = await j.registerOrg({ username: 'acceptedorg', name: '上海已受理示例有限公司', uscc: uscc(3) });
    const app = await applyAndSubmit(j, cast, reg.client, campaign, [36], ['310115']);
    const page = await open();
    await login(page, 'acceptedorg');
    await page.goto(`/app/my/applications/${app.id}`);
    await page.getByRole('button', { name: '撤回申报' }).waitFor();
    expectStatus(await cast.center.post(`/applications/${app.id}/acceptance`, { decision: 'accept', reason: '材料齐全' }), 200, 'accept');
    await page.getByRole('button', { name: '撤回申报' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认撤回' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /申报当前为“已受理[^”]*”，不能撤回申报/ })
      .first()
      .waitFor();
    await page.getByRole('button', { name: '撤回申报' }).waitFor({ state: 'detached' });
    await check(page, 'applicant: withdrawal refused');
    expect((await reg.client.get(`/applications/${app.id}`)).json().status).toBe('accepted');
  });

  it('no page errors, no accessibility findings', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
