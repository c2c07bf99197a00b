/**
 * The applicant's pages in English (issue 13): what the server writes — the checklist (一次性告知),
 * refusals, history, messages — reaches an applicant who chose English in English; what stays
 * Chinese is data (names, addresses) and the notice's own words, marked lang="zh-CN".
 * And the back office's counts: one request for the menu and the tabs.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, itemsBySeq, makeCast, passInstitution, type Cast } from '../server/src/bootstrap/journey.js';
import type { TestSystem } from '../server/src/test-support/harness.js';
import { usccCheckChar } from '../server/src/workflow/uscc.js';
import { BrowserRun, stepwise } from './support/run.js';
import { startServer } from './support/server.js';
import { login } from './support/steps.js';

const withCheck = (first17: string) => first17 + usccCheckChar(first17);

let sys: TestSystem;
let base: string;
const run = new BrowserRun();
const { open, check } = run;
let j: Journey;
let cast: Cast;
let declinedId = '';

/** A new page in English (the language switch's stored choice), signed in through the English form. */
async function signInEnglish(username: string): Promise<Page> {
  const page = await open();
  await page.addInitScript(() => localStorage.setItem('shsp.lang', 'en'));
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill('Shanghai#2024ok');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/\/app\//);
  return page;
}

/** Every piece of text on the page with a Chinese character, outside what is marked Chinese on purpose (lang="zh-CN"). */
async function chineseText(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  return page.evaluate(() => {
    const out = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      if (!/[\u4e00-\u9fff]/.test(text)) continue;
      const el = n.parentElement;
      if (!el || el.closest('[lang="zh-CN"], [data-zh-data]') || el.closest('[hidden], [aria-hidden="true"]')) continue;
      if (getComputedStyle(el).display === 'none') continue;
      out.add(text);
    }
    return [...out];
  });
}

describe('browser: the applicant in English, the counts in one request', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    await run.start(base);
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { prefix: 'en_', districts: ['310115'], experts: 3 });
    const campaign = await j.campaign2024();
    const org = (await j.registerOrg({ username: 'en_org', name: '上海英文培训有限公司', uscc: withCheck('91310115MA1H8XQ31') })).client;
    const r = await org.post('/applications', {
      campaignId: campaign.id,
      industryAuthority: cast.authority,
      items: itemsBySeq(campaign.items, [82]),
      sites: [{ name: '浦东考核点', address: '上海市浦东新区示例路1号', district: '310115' }],
    });
    expect(r.statusCode).toBe(201);
    declinedId = r.json().id;
    expect((await org.post(`/applications/${declinedId}/request-recommendation`)).statusCode).toBe(200);
    expect((await cast.industry.post(`/applications/${declinedId}/recommendations`, { decision: 'recommend', comment: '同意推荐' })).statusCode).toBe(200);
    expect((await cast.hr['310115']!.post(`/applications/${declinedId}/recommendations`, { decision: 'decline', comment: '考核点面积不足' })).statusCode).toBe(
      200,
    );
    // another organisation's case through its institution evaluation: one item under project evaluation (the centre's 项目评估)
    const passed = await j.registerOrg({ username: 'en_passed', name: '上海通过培训有限公司', uscc: withCheck('91310115MA1H8XQ32') });
    const handle = await applyAndSubmit(j, cast, passed.client, campaign, [33], ['310115']);
    sys.clock.set(new Date('2024-09-02T09:00:00+08:00'));
    await passInstitution(cast, handle, '2024-09-03');
  }, 180_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  it('the checklist, the clauses, the history and the messages in English; what stays Chinese is data', async () => {
    const page = await signInEnglish('en_org');

    // the application: 一次性告知 written from each blocker's key, the notice's sections as figures
    await page.goto(`/app/my/applications/${declinedId}`);
    const main = page.locator('main');
    await main.getByText('Missing: Credit evidence of the applicant (e.g. a credit report). Upload it as a PDF file.').first().waitFor();
    await main
      .getByText(/^The HR bureau of Pudong district did not recommend the application/)
      .first()
      .waitFor();
    await main
      .getByText(/“茶艺师” needs 2 more sample paper\(s\) \(2 for each occupation applied for\)/)
      .first()
      .waitFor();
    await main.getByText('(Notice, section 4(1))').first().waitFor();
    // the history: actions and roles in English, what people typed as they typed it
    await main.getByText('Recommendation requested', { exact: true }).waitFor();
    await main.getByText('Not recommended', { exact: true }).first().waitFor();
    await main
      .getByText(/上海市商务委员会 \(industry authority\)/)
      .first()
      .waitFor();
    const appText = await main.innerText();
    for (const zh of ['缺少材料', '未予推荐', '请上传', '依据《通知》', '申请推荐', '创建申报', '（行业主管部门）', '五级'])
      expect(appText, zh).not.toContain(zh);
    const leftovers: Record<string, string[]> = { application: await chineseText(page) };
    await check(page, 'applicant (English): application');

    // the inbox: titles by kind, a status change written from its two statuses, dates in English
    await page.goto('/app/inbox');
    await main.getByText('Application status: Recommendation declined').first().waitFor();
    await main.getByText('Your application changed from “Awaiting recommendation” to “Recommendation declined”. Note: 考核点面积不足').waitFor();
    const inboxText = await main.innerText();
    expect(inboxText).not.toMatch(/申报状态|贵单位|\d{4}年\d{1,2}月\d{1,2}日/);
    leftovers.inbox = await chineseText(page);
    await check(page, 'applicant (English): inbox');
    // the menu's unread count (part of GET /work-counts) follows the inbox's own refresh
    const nav = page.getByRole('navigation', { name: 'Menu' });
    await nav.getByRole('link', { name: /^Messages \(\d+ unread\)$/ }).waitFor();
    await main.getByRole('button', { name: 'Mark all as read' }).click();
    await nav.getByRole('link', { name: 'Messages', exact: true }).waitFor();

    await page.goto('/app/my');
    await main.getByText('Application status: Recommendation declined').first().waitFor();
    leftovers.dashboard = await chineseText(page);
    await page.goto(`/app/my/applications/${declinedId}/edit`);
    await main
      .getByText(/^Missing: Work plan for skill-level certification/)
      .first()
      .waitFor();
    leftovers.wizard = await chineseText(page);
    await check(page, 'applicant (English): wizard');

    // a refused upload says in English what went wrong (the window has closed by now: WINDOW_CLOSED, whose title was Chinese before)
    await page.getByRole('navigation', { name: 'Steps (click to go to one)' }).getByText('Documents').click();
    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
    await main.getByText('Submissions are closed or not yet open. (Notice, section 4(2))').first().waitFor();
    leftovers.upload = await chineseText(page);

    // what is left in Chinese is data — names, addresses, what people typed — never the system's own words
    const DATA = [
      '上海英文培训有限公司',
      '茶艺师',
      '浦东考核点',
      '上海市浦东新区示例路1号',
      '上海市商务委员会',
      '区人社局 310115',
      '同意推荐',
      '考核点面积不足',
      '张三',
      '李四',
    ];
    const SYSTEM_NOTE = '本系统需要启用 JavaScript。This site needs JavaScript.'; // the <noscript> line, in both languages
    const stray = Object.entries(leftovers).flatMap(([where, texts]) =>
      texts
        .filter((x) => x !== SYSTEM_NOTE)
        .filter((x) => DATA.reduce((rest, d) => rest.split(d).join(''), x).match(/[\u4e00-\u9fff]/))
        .map((x) => `${where}: ${x}`),
    );
    console.log('Chinese left on the English pages (data only):', JSON.stringify(leftovers, null, 1));
    expect(stray).toEqual([]);
  });

  it('a case under project evaluation, in English: only data left in Chinese', async () => {
    const page = await signInEnglish('en_passed');
    const list = (await (await page.request.get('/api/v1/applications')).json()) as { items: { id: string }[] };
    const id = list.items[0]!.id;
    const app = (await (await page.request.get(`/api/v1/applications/${id}`)).json()) as {
      organization: Record<string, unknown>;
      items: { name: string }[];
      sites: { name: string; address: string }[];
      materials: { fileName?: string; originalName?: string }[];
      history: { actor: string }[];
    };
    // the data of this case: names, addresses, file names, people — and what the officials typed (journey.ts)
    const DATA = [
      ...Object.values(app.organization).filter((v): v is string => typeof v === 'string'),
      ...app.items.map((i) => i.name),
      ...app.sites.flatMap((x) => [x.name, x.address]),
      ...app.materials.flatMap((m) => [m.fileName ?? '', m.originalName ?? '']).filter(Boolean),
      ...app.history.map((h) => h.actor.replace(/（[^（）]*）$/, '')),
      '上海市商务委员会',
      '同意推荐',
      '考核点条件符合要求',
      '材料齐全',
      '机构设置、人员、场地设备符合要求',
      '场地、设备设施及视频监控符合要求',
      '张检查',
      '刘检查',
      '通过材料核验、专家论证和现场考察',
    ].sort((a, b) => b.length - a.length);
    const leftovers: Record<string, string[]> = {};
    for (const [name, url] of [
      ['dashboard', '/app/my'],
      ['application', `/app/my/applications/${id}`],
    ] as const) {
      await page.goto(url);
      await page.locator('main h1').first().waitFor();
      await page.waitForTimeout(500);
      leftovers[name] = await chineseText(page);
    }
    await page.locator('main').getByText('Passed the institution evaluation', { exact: true }).waitFor();
    await check(page, 'applicant (English): project evaluation');
    const stray = Object.entries(leftovers).flatMap(([where, texts]) =>
      texts
        .filter((x) => !x.includes('This site needs JavaScript'))
        .filter((x) => DATA.reduce((rest, d) => rest.split(d).join(''), x).match(/[\u4e00-\u9fff]/))
        .map((x) => `${where}: ${x}`),
    );
    console.log('Chinese left (project evaluation case):', JSON.stringify(leftovers, null, 1));
    expect(stray).toEqual([]);
  });

  it('a refused submission carries each blocker’s key, for the page to write it in English', async () => {
    const page = await signInEnglish('en_org');
    // the server's refusal of a submission, as the page shows any refusal (ProblemAlert)
    const res = await page.request.post(`/api/v1/applications/${declinedId}/submit`, {
      headers: { 'x-csrf-token': await csrf(page) },
      data: {},
    });
    expect(res.status()).toBe(409);
    const body = (await res.json()) as { blockers: { key?: string }[] };
    expect(body.blockers.length).toBeGreaterThan(0);
    expect(body.blockers.every((b) => typeof b.key === 'string')).toBe(true);
  });

  it('the back office reads its menu and tab counts in one request', async () => {
    const page = await open();
    const calls: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/v1/') && (u.pathname === '/api/v1/work-counts' || u.searchParams.has('queue') || u.pathname === '/api/v1/inbox'))
        calls.push(`${u.pathname}${u.search}`);
    });
    await login(page, 'en_hr_310115');
    await page.waitForLoadState('networkidle');
    calls.length = 0; // one full load of the queue page from here
    await page.goto('/app/recommend');
    await page.getByText(/^待我推荐（\d+）$/).waitFor();
    await page.waitForLoadState('networkidle');
    const counts = calls.filter((c) => c === '/api/v1/work-counts');
    const others = calls.filter((c) => c !== '/api/v1/work-counts' && !/pageSize=20/.test(c));
    console.log('count requests on the recommender queue page:', JSON.stringify(calls));
    // the menu's badges and the tabs' counts: one GET /work-counts (a page's own rows aside), no per-count list read
    expect(counts.length).toBe(1);
    expect(others).toEqual([]);
    await check(page, 'recommender queue');
  });

  it('the centre’s menu counts its 项目评估 queue, equal to the list’s own count', async () => {
    const page = await open();
    await login(page, 'en_center');
    const menu = page.getByRole('navigation', { name: '功能菜单' });
    // 工作概览: the case under project evaluation waits for the centre; 项目评估: its one item
    await menu.getByRole('link', { name: '项目评估（1 件待办）' }).waitFor();
    await menu.getByRole('link', { name: '工作概览（1 件待办）' }).waitFor();
    await menu.getByRole('link', { name: '项目评估（1 件待办）' }).click();
    await page
      .getByText(/^待我评估（1）/)
      .first()
      .waitFor();
    await check(page, 'centre: project evaluation with its count');
  });

  it('no page errors, no accessibility findings', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});

/** The session's CSRF token, as the web app reads it (GET /auth/me). */
async function csrf(page: Page): Promise<string> {
  const me = await page.request.get('/api/v1/auth/me');
  return ((await me.json()) as { csrfToken: string }).csrfToken;
}
