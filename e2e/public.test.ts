/**
 * The public pages on a phone, without antd: a member of the public objects to an open notice (三(五))
 * from a 390 px phone — the form's messages beside its fields in Chinese and in English, the form
 * cleared and disabled once the objection is received, its reference shown; the browser's checks
 * agree with the contract's; the directory shows each filing as a card on a phone and a table at
 * desktop width, and nothing scrolls sideways. axe-core checks every page visited.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectionInput } from '../contract/publicity.js';
import { DEMO_PASSWORD, seedDemo } from '../server/src/bootstrap/demo.js';
import { Client } from '../server/src/bootstrap/inject-client.js';
import { expectStatus } from '../server/src/bootstrap/journey.js';
import type { TestSystem } from '../server/src/test-support/harness.js';
import { checkObjection } from '../web/src/features/publicity/objection-rules.js';
import { shot } from './support/browser.js';
import { BrowserRun, stepwise } from './support/run.js';
import { startServer } from './support/server.js';
import { seeText } from './support/steps.js';

const TITLE = '2024年第二批社会培训评价组织遴选结果公示（测试）';
const ORG = '上海徐汇现代服务业培训中心';

let sys: TestSystem;
let base: string;
let publicityId: string;
const run = new BrowserRun();
const { open, check } = run;

/** Nothing on the page is wider than the window (no sideways scrolling on a phone). */
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
/** The message shown beside a field (its aria-describedby). */
async function messageOf(page: Page, label: string): Promise<string> {
  const id = await field(page, label).getAttribute('aria-describedby');
  return id ? page.locator(`[id="${id}"]`).innerText() : '';
}

describe('the public pages on a phone: an objection to an open notice, the directory as cards', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    await seedDemo(sys, () => {});
    // the demo's school passed institution evaluation on 08-24: its two items through project
    // evaluation and the bureau, then on notice (open from 08-26)
    const login = async (u: string) => {
      const c = new Client(sys.app);
      expectStatus(await c.login(u, DEMO_PASSWORD), 200, `login ${u}`);
      return c;
    };
    const [center, bureau, school] = [await login('center'), await login('bureau'), await login('demo_school')];
    const apps = (await school.get('/applications')).json().items as { id: string; status: string }[];
    const passed = apps.find((a) => a.status === 'institution_passed')!;
    const items = ((await school.get(`/applications/${passed.id}`)).json().items as { id: string }[]).map((i) => i.id);
    for (const id of items) {
      expectStatus(await center.post(`/application-items/${id}/project-evaluation`, { result: 'pass', summary: '项目评估通过' }), 200, 'project');
      expectStatus(await bureau.post(`/application-items/${id}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve');
    }
    const notice = await center.post('/publicities', { title: TITLE, applicationItemIds: items });
    expectStatus(notice, 201, 'publish');
    publicityId = notice.json().id;
    await run.start(base);
  }, 180_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  it("the browser checks an objection by the contract's rules (the same verdict on the same values)", () => {
    const ok = { applicationItemId: '0190b7a2-6a0e-7c3b-8d2e-0a1b2c3d4e5f', name: '赵市民', phone: '139 1234-5678', content: '考核场地面积不足。' };
    const cases: Record<string, string>[] = [
      ok,
      { ...ok, name: '   ' },
      { ...ok, name: '名'.repeat(50) },
      { ...ok, name: '名'.repeat(51) },
      { ...ok, phone: '123456' },
      { ...ok, phone: '1234567' },
      { ...ok, phone: '+86 (21) 6123-4567' },
      { ...ok, phone: '139abc45678' },
      { ...ok, phone: '1'.repeat(21) },
      { ...ok, content: ' 四个字啊 ' },
      { ...ok, content: '五个字啊呀' },
      { ...ok, content: 'x'.repeat(5001) },
      { ...ok, applicationItemId: '' },
    ];
    for (const c of cases) {
      const browser = Object.keys(checkObjection(c as Parameters<typeof checkObjection>[0])).sort();
      const contract = objectionInput.safeParse(c);
      const server = contract.success ? [] : [...new Set(contract.error.issues.map((i) => String(i.path[0])))].sort();
      expect({ c, browser }).toEqual({ c, browser: server });
    }
  });

  it('a phone: the notice as cards, every message beside its field, then the objection sent, the form cleared and disabled', async () => {
    const phone = await open({ phone: true });
    await phone.goto('/publicity');
    await phone.getByRole('region', { name: TITLE }).getByRole('link', { name: '查看公示并提出异议' }).click();
    await phone.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    // the items on notice as cards: no table, nothing wider than the phone
    await phone.getByRole('list', { name: '公示项目' }).getByText(ORG).first().waitFor();
    expect(await phone.locator('table').count()).toBe(0);
    expect(await scrollsSideways(phone)).toBe(false);

    await phone.getByRole('button', { name: '提交异议' }).click();
    expect(await messageOf(phone, '对哪一项有异议')).toBe('请选择对哪一项有异议');
    expect(await messageOf(phone, '姓名')).toBe('请填写姓名');
    expect(await messageOf(phone, '联系电话')).toBe('请填写联系电话');
    expect(await messageOf(phone, '异议内容（请写明事实与理由）')).toBe('请填写异议内容（请写明事实与理由）');
    // focus goes to the first field to correct
    expect(await phone.evaluate(() => document.activeElement?.id)).toBe('objection-applicationItemId');
    await field(phone, '对哪一项有异议').selectOption({ index: 1 });
    await field(phone, '姓名').fill('赵市民');
    await field(phone, '联系电话').fill('139abc');
    await field(phone, '异议内容（请写明事实与理由）').fill('不足');
    expect(await messageOf(phone, '对哪一项有异议')).toBe('');
    expect(await messageOf(phone, '联系电话')).toBe('请填写有效的联系电话（7–20 位，可含数字、空格及 + - ( )）');
    expect(await messageOf(phone, '异议内容（请写明事实与理由）')).toBe('异议内容至少 5 个字，请写明事实与理由');
    await check(phone, 'public notice: objection form with messages (phone)');
    // nothing was sent while the form had errors
    const center = new Client(sys.app);
    expectStatus(await center.login('center', DEMO_PASSWORD), 200, 'login');
    const pending = async () => (await center.get('/objections?status=pending')).json().items as { name: string; phone: string; content: string }[];
    expect(await pending()).toEqual([]);

    await field(phone, '联系电话').fill('13912345678');
    await field(phone, '异议内容（请写明事实与理由）').fill('据了解该单位考核场地面积不足，请核查。');
    await shot(phone, 'publicity-objection', { fullPage: true });
    await phone.getByRole('button', { name: '提交异议' }).click();
    await seeText(phone, /异议已提交，受理编号：\S+/);
    // received: cleared and disabled, until 再提出一项异议
    for (const label of ['姓名', '联系电话', '异议内容（请写明事实与理由）']) {
      expect(await field(phone, label).inputValue()).toBe('');
      expect(await field(phone, label).isDisabled()).toBe(true);
    }
    expect(await phone.getByRole('button', { name: '提交异议' }).count()).toBe(0);
    await check(phone, 'public notice: objection received (phone)');
    await shot(phone, 'publicity-objection-sent', { fullPage: true });
    await phone.getByRole('button', { name: '再提出一项异议' }).click();
    expect(await field(phone, '姓名').isDisabled()).toBe(false);
    expect(await phone.getByRole('status').filter({ hasText: '异议已提交' }).count()).toBe(0);

    // the centre has it, as sent (the phone masked in lists)
    expect(await pending()).toContainEqual(
      expect.objectContaining({ name: '赵市民', phone: '139****5678', content: '据了解该单位考核场地面积不足，请核查。' }),
    );
  });

  it('in English the same messages are in English; at desktop width the items are a table', async () => {
    const page = await open();
    await page.goto(`/publicity/${publicityId}`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Submit objection' }).click();
    expect(await messageOf(page, 'Which item')).toBe('Please choose the item you object to');
    expect(await messageOf(page, 'Name')).toBe('Name is required');
    await field(page, 'Phone').fill('12');
    await field(page, 'Objection (facts and reasons)').fill('abc');
    expect(await messageOf(page, 'Phone')).toBe('Please enter a valid phone number (7–20 characters: digits, spaces, + - ( ))');
    expect(await messageOf(page, 'Objection (facts and reasons)')).toBe('Please write at least 5 characters: the facts and your reasons');
    await page.getByRole('region', { name: 'Items on notice' }).locator('table').waitFor();
    await check(page, 'public notice (English, desktop)');
  });

  it('the directory: a card per filing on a phone (name, credit code, item, level, valid until, status), a table at desktop width', async () => {
    const phone = await open({ phone: true });
    await phone.goto('/directory');
    const cards = phone.getByRole('list', { name: '已备案社评组织查询' }).getByRole('listitem');
    await cards.first().waitFor();
    const first = await cards.first().innerText();
    for (const label of ['统一社会信用代码', '职业（工种）', '等级', '有效期至', '状态']) expect(first).toContain(label);
    expect(first).toMatch(/回执 [A-Z]{2,6}-2024-\d+/);
    expect(await phone.locator('table').count()).toBe(0);
    expect(await scrollsSideways(phone)).toBe(false);
    await check(phone, 'directory (phone, cards)');
    await shot(phone, 'directory', { fullPage: true });

    const desk = await open();
    await desk.goto('/directory');
    await desk.getByRole('region', { name: '已备案社评组织查询' }).locator('table tbody tr').first().waitFor();
    expect(await desk.getByRole('list', { name: '已备案社评组织查询' }).count()).toBe(0);
    expect(await scrollsSideways(desk)).toBe(false);
  });

  it('no serious or critical accessibility finding and no page error on any page visited', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
