/**
 * The whole journey across roles, in a real browser (Debian's Chromium) against a real server
 * (in-process, on PostgreSQL) serving the built web app: an organisation registers, fills the
 * wizard and uploads; its industry authority and both districts recommend; it submits; the centre
 * accepts and evaluates; experts score; the bureau approves; a public notice runs and receives an
 * objection; the receipt is verified at the address its QR code holds; the directory finds the
 * organisation. axe-core checks every page visited; screenshots go to docs/screenshots/. (Reading
 * the public home and the notice with its catalogue needs no case: it is in pages.test.ts.)
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey } from '../server/src/bootstrap/journey.js';
import type { TestSystem } from '../server/src/test-support/harness.js';
import { usccCheckChar } from '../server/src/workflow/uscc.js';
import { shot } from './support/browser.js';
import { BrowserRun, pdf, stepwise } from './support/run.js';
import { moveClock, startServer } from './support/server.js';
import { assignExperts, choose, confirmIn, login, PASSWORD, reviewAsExpert, saved, searchAndChoose, seeText } from './support/steps.js';

const ORG = '上海申江职业技能评价服务有限公司';
const USCC = `91310115MA1K3E2W0${usccCheckChar('91310115MA1K3E2W0')}`;
const AUTHORITY = '上海市商务委员会';

let sys: TestSystem;
let base: string;
const run = new BrowserRun();
const { open, check } = run;
/** The button of the open confirmation (ConfirmAction): the act itself, named as on the page. */
let applicant: Page;
let center: Page;

describe('browser journey across roles', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    await run.start(base);
    // officials, as the administrator sets them up (first passwords changed, as a first login would)
    const j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    await j.staff({ username: 'center', role: 'center', displayName: '市职鉴中心经办人' });
    await j.staff({ username: 'bureau', role: 'bureau', displayName: '市人社局经办人' });
    await j.staff({ username: 'industry', role: 'industry_authority', displayName: '市商务委', authority: AUTHORITY });
    await j.staff({ username: 'hr_pudong', role: 'district_hr', displayName: '浦东新区人社局', district: '310115' });
    await j.staff({ username: 'hr_xuhui', role: 'district_hr', displayName: '徐汇区人社局', district: '310104' });
    await j.staff({ username: 'expert1', role: 'expert', displayName: '评估专家 王教授' });
    await j.staff({ username: 'expert2', role: 'expert', displayName: '评估专家 李高工' });
  }, 120_000);

  // each step builds on the one before: after a failure the rest is skipped, not failed again
  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  let appId = '';
  let receiptNo = '';

  it('an organisation registers (the USCC is checked as it is typed) and lands on its dashboard', async () => {
    const page = await open();
    await page.goto('/register');
    await page.getByLabel('单位名称（与登记证书一致）').fill(ORG);
    const uscc = page.getByLabel('统一社会信用代码');
    await uscc.fill(`${USCC.slice(0, 17)}${USCC[17] === '0' ? '1' : '0'}`);
    await seeText(page, /校验位（第18位）与前17位不符/);
    await uscc.fill('11310000MB0000001C');
    await seeText(page, /政府及其所属部门不能申报/);
    await uscc.fill(USCC);
    await seeText(page, /代码校验通过：企业/);
    await choose(page, '注册地所在区', '浦东新区');
    await page.getByLabel('通讯地址').fill('上海市浦东新区张杨路500号');
    await page.getByLabel('法定代表人').fill('王建国');
    await page.getByLabel('联系人', { exact: true }).fill('陈晓');
    await page.getByLabel('联系电话').fill('021-58881234');
    await page.getByLabel('电子邮箱').fill('chenxiao@example.cn');
    await page.getByLabel('用户名').fill('shenjiang');
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByLabel('确认密码').fill(PASSWORD);
    await check(page, 'register');
    await shot(page, 'register', { fullPage: true });
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await page.waitForURL(/\/app\/my$/);
    await page.getByRole('timer').waitFor();
    await check(page, 'applicant dashboard');
    await shot(page, 'applicant-dashboard');
    applicant = page;
  });

  it('fills the wizard: declarations, occupations and levels, sites; a closed tab loses nothing; uploads with progress', async () => {
    const page = applicant;
    await page.getByRole('link', { name: '开始填报申请' }).click();
    await searchAndChoose(page, '行业主管部门（或上级主管部门）', '商务', AUTHORITY);
    for (const box of await page.getByRole('checkbox').all()) await box.check();
    await saved(page);
    await page.waitForURL(/\/app\/my\/applications\/[0-9a-f-]{36}\/edit/);
    appId = /applications\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await check(page, 'wizard: organisation');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByRole('searchbox', { name: '搜索职业（工种）、编码或序号' }).fill('茶艺师');
    await page.getByRole('checkbox', { name: '申报 82. 茶艺师' }).check();
    await page.getByRole('searchbox', { name: '搜索职业（工种）、编码或序号' }).fill('中式面点');
    await page.getByRole('checkbox', { name: '申报 71. 中式面点师' }).check();
    // only the levels the item offers can be ticked; untick 五级 for 中式面点师
    await page.getByRole('checkbox', { name: '五级/初级工' }).uncheck();
    await saved(page);
    await check(page, 'wizard: occupations');
    await shot(page, 'wizard-items');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByRole('button', { name: '添加考核点' }).click();
    const site1 = page.getByRole('region', { name: '考核点 1' });
    await site1.getByLabel('考核点名称').fill('申江浦东考核点');
    await choose(page, '所在区', '浦东新区', site1);
    await site1.getByLabel('详细地址').fill('浦东新区张杨路500号3楼');
    await saved(page);
    await page.getByRole('button', { name: '添加考核点' }).click();
    const site2 = page.getByRole('region', { name: '考核点 2' });
    await site2.getByLabel('考核点名称').fill('申江徐汇考核点');
    await choose(page, '所在区', '徐汇区', site2);
    // the tab is closed before the address is typed and saved: the draft comes back from this device
    await site2.getByLabel('详细地址').fill('徐汇区漕溪北路88号');
    await page.reload();
    await seeText(page, '已恢复您上次在本机未保存的填写内容');
    expect(await page.getByRole('region', { name: '考核点 2' }).getByLabel('详细地址').inputValue()).toBe('徐汇区漕溪北路88号');
    await saved(page);
    await check(page, 'wizard: sites');
    await page.getByRole('button', { name: '下一步' }).click();

    // materials: each file with its own progress; what is missing is always listed
    await seeText(page, '提交前还需完成（一次性告知）');
    const input = (label: string) => page.locator(`input[type=file][data-testid="file-${label}"]`);
    await input('申报单位主体资质的信用佐证（如信用报告等）').setInputFiles(pdf('信用报告.pdf'));
    await input('社会培训评价组织征集遴选申请表（盖章扫描件）').setInputFiles(pdf('申请表盖章.pdf'));
    await input('法人登记证书复印件或营业执照复印件').setInputFiles(pdf('营业执照.pdf'));
    await input('职业技能等级认定工作方案').setInputFiles(pdf('工作方案.pdf'));
    await input('题库资源（样卷） 茶艺师').setInputFiles([pdf('茶艺师样卷A.pdf'), pdf('茶艺师样卷B.pdf')]);
    await input('题库资源（样卷） 中式面点师').setInputFiles([pdf('面点样卷A.pdf'), pdf('面点样卷B.pdf')]);
    // a file that is not a PDF is refused with the server's reason, next to it
    await input('职业技能等级认定工作方案').setInputFiles({ name: '方案.docx', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
    await page.getByRole('alert').filter({ hasText: '上传失败' }).waitFor();
    await seeText(page, '茶艺师样卷B.pdf');
    await seeText(page, '面点样卷B.pdf');
    await page.getByText('样卷：中式面点师（已传 2/2）').waitFor();
    await check(page, 'wizard: materials');
    await shot(page, 'wizard-materials');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByRole('button', { name: '申请推荐', exact: true }).click();
    await seeText(page, '已申请推荐，等待各推荐部门办理。');
    await check(page, 'wizard: recommendation');
  });

  it('the industry authority and both districts recommend (one with a signed letter)', async () => {
    const page = await open();
    await login(page, 'industry');
    await page.getByRole('link', { name: ORG }).first().click();
    await page.getByLabel('意见说明').fill('该单位在餐饮服务领域具有广泛影响力，同意推荐。');
    await page.locator('input[type=file]').setInputFiles(pdf('推荐函.pdf'));
    await seeText(page, /已上传推荐函/);
    await page.getByRole('radio', { name: '同意推荐', exact: true }).check();
    await check(page, 'recommender');
    await shot(page, 'recommend');
    await page.getByRole('button', { name: '同意推荐', exact: true }).click();
    await confirmIn(page, '同意推荐');
    await seeText(page, /本部门已于 .* 出具意见：同意推荐/);
    for (const hr of ['hr_pudong', 'hr_xuhui']) {
      const p = await open();
      await login(p, hr);
      await p.getByRole('link', { name: ORG }).first().click();
      await p.getByLabel('意见说明').fill('考核点场地设备符合要求。');
      await p.getByRole('radio', { name: '同意推荐', exact: true }).check();
      await p.getByRole('button', { name: '同意推荐', exact: true }).click();
      await confirmIn(p, '同意推荐');
      await seeText(p, /本部门已于 .* 出具意见：同意推荐/);
    }
  });

  it('the applicant submits; the application shows its timeline and the process diagram', async () => {
    const page = applicant;
    await page.goto(`/app/my/applications/${appId}/edit?step=5`);
    await seeText(page, '材料与推荐已齐全，可以提交。');
    await page.getByRole('button', { name: '提交申报' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交申报' }).click();
    await page.waitForURL(new RegExp(`/app/my/applications/${appId}$`));
    await seeText(page, '已提交（待受理）');
    await page.locator('[aria-current="step"]').filter({ hasText: '市职鉴中心受理' }).waitFor();
    await check(page, 'application (submitted)');
    await shot(page, 'application-timeline');
  });
  it('the administrator creates an expert account; its first login asks for a new password', async () => {
    const admin = await open();
    await login(admin, 'admin', 'Chief-Passw0rd!');
    await admin.waitForURL(/\/app\/admin\/users/);
    await choose(admin, '角色', '评估专家');
    await admin.locator('#username').fill('expert3');
    await admin.getByLabel('姓名或单位名称').fill('评估专家 陈主任');
    await admin.getByLabel('初始密码').fill('Temp#Chen2024x');
    await admin.getByRole('button', { name: '建立账号' }).click();
    await seeText(admin, '账号 expert3 已建立');
    await check(admin, 'admin: users');
    await shot(admin, 'admin-users');

    const expert = await open();
    await login(expert, 'expert3', 'Temp#Chen2024x');
    await expert.waitForURL(/\/app\/account\/password/);
    await expert.getByLabel('当前密码').fill('Temp#Chen2024x');
    await expert.getByLabel('新密码').fill(PASSWORD);
    await expert.getByLabel('确认密码').fill(PASSWORD);
    await check(expert, 'change password');
    await expert.getByRole('button', { name: '保存新密码' }).click();
    await expert.waitForURL(/\/app\/expert$/);
  });

  it('the centre returns for correction, the applicant corrects and resubmits; the centre accepts, assigns experts; experts declare conflicts first, then score', async () => {
    center = await open();
    await login(center, 'center');
    await seeText(center, '即将到期（工作日）');
    await seeText(center, '已提交（待受理）');
    await check(center, 'centre: dashboard');
    await shot(center, 'centre-dashboard');
    await center.getByRole('link', { name: '申报受理与评估' }).click();
    await center.getByRole('link', { name: ORG }).click();
    await seeText(center, '受理（通知 三(二)）');
    await check(center, 'centre: case (submitted)');
    // first returned for correction (三(二)): the applicant sees why and until when, corrects, resubmits
    await center.getByRole('radio', { name: '退回补正' }).check();
    await center.getByRole('button', { name: '退回补正', exact: true }).click();
    await seeText(center, '退回补正或不予受理时须写明理由');
    await center.getByLabel('意见或理由').fill('工作方案未盖章，请补正后重新提交。');
    await center.getByRole('button', { name: '退回补正', exact: true }).click();
    await confirmIn(center, '退回补正');
    await seeText(center, '当前状态下没有需要市职鉴中心办理的事项。');
    await applicant.goto(`/app/my/applications/${appId}`);
    await seeText(applicant, '申请已被退回补正');
    await seeText(applicant, /工作方案未盖章，请补正后重新提交。.*请在 2024年9月2日 24时前补正/);
    await check(applicant, 'application (returned)');
    await applicant.getByRole('link', { name: '去补正' }).click();
    await applicant.locator('input[type=file][data-testid="file-职业技能等级认定工作方案"]').setInputFiles(pdf('工作方案（盖章）.pdf'));
    // stored before the page is left (leaving mid-upload would abort it, and the submit would lack it)
    await seeText(applicant, /工作方案（盖章）\.pdf.*已上传/);
    await applicant.goto(`/app/my/applications/${appId}/edit?step=5`);
    await applicant.getByRole('button', { name: '提交申报' }).click();
    await applicant.getByRole('dialog').getByRole('button', { name: '提交申报' }).click();
    await applicant.waitForURL(new RegExp(`/app/my/applications/${appId}$`));
    await seeText(applicant, '已提交（待受理）');
    await center.reload();
    await center.getByRole('radio', { name: '受理', exact: true }).check();
    await center.getByLabel('意见或理由').fill('材料齐全，予以受理。');
    await center.getByRole('button', { name: '受理', exact: true }).click();
    await confirmIn(center, '受理');
    await seeText(center, '指派评估专家（专家论证）');
    await assignExperts(center, ['expert1', 'expert2', 'expert3']);
    await seeText(center, '评估专家与评审');

    for (const u of ['expert1', 'expert2', 'expert3']) {
      const e = await open();
      await login(e, u);
      await e.getByRole('link', { name: ORG }).first().click();
      await reviewAsExpert(e, { score: '88', opinion: '机构设置、专职人员、专家团队与场地设备符合要求，质量管控措施完善。' }, async () => {
        if (u !== 'expert1') return;
        await check(e, 'expert: review');
        await shot(e, 'expert-review');
      });
    }
  });

  it('the centre inspects every site (with a photo), passes the institution and each occupation', async () => {
    await center.reload();
    for (const site of ['申江浦东考核点', '申江徐汇考核点']) {
      const card = center.locator('.ant-card-small').filter({ has: center.getByRole('heading', { name: new RegExp(site) }) });
      await card.getByLabel('考察人员（以顿号或逗号分隔）').fill('张检查、刘检查');
      await card.getByLabel('考察情况（场地、设备设施、视频监控等）').fill('场地、设备设施及视频监控符合要求。');
      await card.getByRole('radio', { name: '通过', exact: true }).check();
      await card.getByRole('button', { name: '记录考察结果' }).click();
      await confirmIn(center, '记录考察结论：通过');
      await card.getByText('通过', { exact: true }).first().waitFor();
    }
    const photo = await center.screenshot({ clip: { x: 0, y: 0, width: 64, height: 64 } });
    await center
      .locator(`input[type=file][data-testid="file-申江浦东考核点 的现场照片"]`)
      .setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: photo });
    await seeText(center, /现场\.png.*已上传/);
    await seeText(center, '有效评审 3/3');
    await check(center, 'centre: case (accepted)');
    await shot(center, 'centre-case');
    await center.locator('form#institution').getByRole('radio', { name: '通过', exact: true }).check();
    await center.getByRole('button', { name: '作出结论：通过' }).click();
    await confirmIn(center, '作出结论：通过');
    await seeText(center, '项目评估（通知 三(四)）');
    await check(center, 'centre: case (project evaluation)');
    for (const item of ['茶艺师', '中式面点师']) {
      const card = center.locator('.ant-card-small').filter({ has: center.getByRole('heading', { name: item, exact: true }) });
      await card.getByRole('radio', { name: '通过', exact: true }).check();
      await card.getByRole('button', { name: `作出结论：通过：${item}` }).click();
      await confirmIn(center, '作出结论：通过');
      await center.getByRole('button', { name: `作出结论：通过：${item}` }).waitFor({ state: 'detached' });
    }
  });

  it('the bureau approves each occupation; the centre publishes a 5-working-day notice', async () => {
    const bureau = await open();
    await login(bureau, 'bureau');
    await seeText(bureau, '审批（市人社局同意）');
    await check(bureau, 'bureau: queue');
    await bureau.getByRole('link', { name: `审批 ${ORG} 茶艺师` }).click();
    for (const item of ['茶艺师', '中式面点师']) {
      const card = bureau.locator('.ant-card-small').filter({ has: bureau.getByRole('heading', { name: new RegExp(`^${item}（`) }) });
      await card.getByRole('radio', { name: '同意', exact: true }).check();
      await card.getByRole('button', { name: `同意备案：${item}` }).click();
      await confirmIn(bureau, '同意备案');
      await bureau.getByRole('button', { name: `同意备案：${item}` }).waitFor({ state: 'detached' });
    }
    await seeText(bureau, '该申请没有待审批的项目。');

    await center.getByRole('link', { name: '公示管理' }).click();
    await center.getByLabel('公示标题').fill('2024年社会培训评价组织遴选结果公示');
    // the approved items arrive from the server: select all once both are listed (an empty table's 全选 stays unticked)
    for (const item of ['茶艺师', '中式面点师']) await center.getByRole('checkbox', { name: new RegExp(`${ORG} — ${item}`) }).waitFor();
    // 全选's tick follows the form's watched value, which antd updates a moment after the click: click, then wait for it
    const all = center.getByRole('checkbox', { name: '全选' });
    await all.click();
    await expect.poll(() => all.isChecked(), { timeout: 10_000 }).toBe(true);
    await seeText(center, /公示期将为 2024年8月26日 至 2024年8月30日/);
    await center.getByRole('button', { name: '发布公示' }).click();
    await confirmIn(center, '发布公示');
    await seeText(center, /公示已发布：2024年8月26日 至 2024年8月30日/);
    await check(center, 'centre: publicities');
    await shot(center, 'centre-publicities');
  });

  it('a member of the public objects on a phone; the centre dismisses it; the notice ends and the items are filed', async () => {
    const phone = await open({ phone: true });
    await phone.goto('/publicity');
    await phone.getByRole('link', { name: '查看公示并提出异议' }).first().click();
    await phone.getByLabel('对哪一项有异议').selectOption({ label: `${ORG} — 茶艺师` });
    await phone.getByLabel('姓名').fill('赵市民');
    await phone.getByLabel('联系电话').fill('13912345678');
    await phone.getByLabel('异议内容（请写明事实与理由）').fill('据了解该单位茶艺师考核场地面积不足，请核查。');
    await check(phone, 'public notice + objection form (phone)');
    await shot(phone, 'publicity-objection', { fullPage: true });
    await phone.getByRole('button', { name: '提交异议' }).click();
    await seeText(phone, /异议已提交，受理编号/);

    await center.getByRole('link', { name: '异议处理' }).click();
    await center.getByRole('button', { name: /^处理 / }).click();
    await center.getByRole('dialog').getByRole('radio', { name: '异议不成立' }).check();
    await center.getByRole('dialog').getByLabel('处理意见').fill('经现场核查，考核场地面积符合要求，异议不成立。');
    await center.getByRole('dialog').getByRole('button', { name: '异议不成立', exact: true }).click();
    await confirmIn(center, '异议不成立');
    await seeText(center, '没有异议。');
    await check(center, 'centre: objections');

    // 24:00 of the notice's 5th working day (Friday 30 August) has passed
    await moveClock(sys, '2024-09-02T09:00:00+08:00');
    await applicant.goto('/app/my');
    await applicant.getByRole('link', { name: '下载备案回执（PDF）' }).first().waitFor();
    receiptNo = (await applicant
      .getByRole('cell', { name: /^[A-Z]{2,6}-2024-\d+$/ })
      .first()
      .textContent())!.trim();
    expect(receiptNo).toMatch(/^[A-Z]{2,6}-2024-\d+$/);
    await check(applicant, 'applicant dashboard (filed)');
    const pdfRes = await applicant.request.get(`/api/v1/filings/${receiptNo}/receipt.pdf`);
    expect(pdfRes.status()).toBe(200);
    expect(pdfRes.headers()['content-type']).toContain('application/pdf');
    await applicant.goto(`/app/my/applications/${appId}`);
    await seeText(applicant, `备案回执 ${receiptNo}（PDF）`);
    await shot(applicant, 'application-filed');
  });

  it('the receipt is verified at the address its QR code holds (phone), and the directory finds the organisation', async () => {
    const phone = await open({ phone: true, timezoneId: 'America/New_York' });
    await phone.goto(`/verify/${receiptNo}`);
    await seeText(phone, '回执真实有效');
    await seeText(phone, ORG);
    // dates are Shanghai dates whatever the phone's own time zone
    await seeText(phone, '2024年8月31日');
    await check(phone, 'verify (phone)');
    await shot(phone, 'verify', { fullPage: true });
    await phone.goto(`/verify/SHPB-2024-99999`);
    await seeText(phone, /未找到编号为 SHPB-2024-99999 的备案回执/);

    const page = await open();
    await page.goto('/directory');
    await page.getByLabel('单位名称或统一社会信用代码').fill('申江');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await seeText(page, '共找到 1 家单位');
    await seeText(page, ORG);
    expect(page.url()).toContain('q=%E7%94%B3%E6%B1%9F');
    await check(page, 'directory');
    await shot(page, 'directory');
    // the address is shareable: opened elsewhere, it shows the same search
    const other = await open({ phone: true });
    await other.goto(page.url().replace(base, '') + '&itemSeq=82');
    await seeText(other, '共找到 1 家单位');
    await check(other, 'directory (phone)');
    await shot(other, 'directory', { fullPage: true });
  });

  it('the administrator verifies the audit chain and sees the working-day calendar', async () => {
    const admin = await open();
    await login(admin, 'admin', 'Chief-Passw0rd!');
    await admin.getByRole('link', { name: '审计日志校验' }).click();
    await admin.getByRole('button', { name: '校验哈希链' }).click();
    await seeText(admin, /哈希链完整：共 \d+ 条记录/);
    await check(admin, 'admin: audit');
    await admin.getByRole('link', { name: '工作日历' }).click();
    await seeText(admin, '2024 年安排已载入');
    await check(admin, 'admin: calendar');
    await shot(admin, 'calendar');
  });

  it('no serious or critical accessibility finding and no page error on any page visited', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
