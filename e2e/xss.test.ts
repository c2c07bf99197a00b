/**
 * Script payloads are text, never markup (security.md SEC-17: a strict CSP and no inline script — and
 * nothing a user types is ever rendered as HTML). An organisation is seeded through the real HTTP API
 * with payloads in every free-text field a case carries — name, address, contact, legal
 * representative, site names and addresses, recommendation comments, the return reason, expert
 * opinions, inspection findings, evaluation summaries, the notice's title, an objection and its
 * resolution — and every page that shows them is visited as the role that sees it. On each page:
 * the payloads appear literally as text, no element was injected, nothing ran (`window.__xss` stays
 * unset), and no page error or CSP violation was logged. Fields with a fixed shape refuse them (400).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../server/src/bootstrap/inject-client.js';
import { Journey, expectStatus, makeCast, type Cast } from '../server/src/bootstrap/journey.js';
import type { TestSystem } from '../server/src/test-support/harness.js';
import { usccCheckChar } from '../server/src/workflow/uscc.js';
import { BrowserRun, stepwise } from './support/run.js';
import { moveClock, startServer } from './support/server.js';
import { login, PASSWORD } from './support/steps.js';

const P = {
  img: '<img src=x onerror=window.__xss=1>',
  script: '<script>window.__xss=1</script>',
  svg: '"><svg onload=window.__xss=1>',
  js: 'javascript:window.__xss=1',
  tpl: "{{constructor.constructor('window.__xss=1')()}}",
};

// where each payload is written (the longest values stay within the contract's lengths)
const ORG = `申江${P.img}评价${P.svg}有限公司`;
const ADDRESS = `浦东新区${P.script}张杨路500号`;
const CONTACT = P.tpl;
const LEGAL_REP = P.svg;
const AUTHORITY = `上海市商务委员会${P.svg}`;
const SITES = [
  { name: `${P.img}浦东考核点`, address: `张杨路${P.script}3楼`, district: '310115' },
  { name: P.js, address: P.tpl, district: '310115' },
];
const COMMENT_INDUSTRY = `同意推荐${P.script}${P.svg}`;
const COMMENT_DISTRICT = `考核点符合要求${P.img}${P.tpl}`;
const RETURN_REASON = `工作方案未盖章${P.img}${P.script}`;
const ACCEPT_REASON = `予以受理${P.tpl}`;
const OPINION = `符合要求${P.svg}${P.img}${P.js}`;
const FINDINGS = `场地符合要求${P.script}${P.tpl}`;
const INSTITUTION = `机构评估通过${P.js}${P.svg}`;
const TITLE = `2024年遴选结果公示${P.img}`;
const OBJECTOR = P.svg;
const OBJECTION = `考核场地面积不足${P.img}${P.script}${P.tpl}`;
const RESOLUTION = `异议不成立${P.js}${P.img}`;

/** Anything a payload would have made of the page, had it been parsed as HTML. */
const INJECTED = ['img[src="x"]', 'svg[onload]', '[onerror]', '[onload]', 'script:not([src])', 'a[href^="javascript:" i]', 'iframe', 'object', 'embed'].join(
  ', ',
);

let sys: TestSystem;
let j: Journey;
let cast: Cast;
let org: Client;
let appId = '';
let itemIds: string[] = [];
const run = new BrowserRun();
const visited: string[] = [];

/** Waits for every value to show as text, then asserts the page is untouched: nothing injected, nothing ran, nothing refused by the CSP. */
async function inert(page: Page, label: string, texts: string[]): Promise<void> {
  for (const text of texts) await page.getByText(text).first().waitFor({ state: 'visible' });
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(200); // an <img onerror> fires after its load fails
  expect(await page.locator(INJECTED).count(), `${label}: an element was injected`).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `${label}: a payload ran`).toBeUndefined();
  expect(run.problems, label).toEqual([]);
  visited.push(label);
}

async function signedIn(username: string): Promise<Page> {
  const page = await run.open();
  await login(page, username);
  return page;
}

describe('XSS payloads are rendered inert on every page that shows them', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    let base: string;
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    await run.start(base);
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { authority: AUTHORITY, districts: ['310115'] });
  }, 120_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  it('the detectors are live: markup put into a page is found, and the CSP refuses its handler', async () => {
    const seen: string[] = [];
    const page = await run.open({ problems: seen });
    await page.goto('/');
    await page.getByRole('timer').waitFor();
    await page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), P.img);
    await expect.poll(() => seen.join('\n')).toMatch(/Content Security Policy|Refused to execute/);
    expect(await page.locator(INJECTED).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    await page.context().close();
  });

  it('fields with a fixed shape refuse the payloads (400); the free-text fields keep them verbatim', async () => {
    const first17 = '91310115MA1K3E2W1';
    const organization = {
      name: ORG,
      uscc: first17 + usccCheckChar(first17),
      legalForm: 'enterprise',
      district: '310115',
      address: ADDRESS,
      legalRepresentative: LEGAL_REP,
      contactName: CONTACT,
      contactPhone: '13800138000',
      contactEmail: 'contact@example.cn',
    };
    const anon = new Client(sys.app);
    for (const [what, body] of [
      ['username', { username: P.img, password: PASSWORD, organization }],
      ['contact phone', { username: 'xss_phone', password: PASSWORD, organization: { ...organization, contactPhone: P.script } }],
      ['contact e-mail', { username: 'xss_mail', password: PASSWORD, organization: { ...organization, contactEmail: `${P.svg}@example.cn` } }],
      ['district', { username: 'xss_district', password: PASSWORD, organization: { ...organization, district: P.js } }],
    ] as const) {
      const res = await anon.post('/auth/register', body);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }

    org = new Client(sys.app);
    const reg = await org.post('/auth/register', { username: 'xss_org', password: PASSWORD, organization });
    expectStatus(reg, 201, 'register');
    expect(reg.json().organization).toMatchObject({ name: ORG, address: ADDRESS, contactName: CONTACT, legalRepresentative: LEGAL_REP });
    expectStatus(await org.login('xss_org', PASSWORD), 200, 'login');

    const campaign = await j.campaign2024();
    const items = [82, 71].map((seq) => campaign.items.find((i) => i.seq === seq)!).map((i) => ({ itemId: i.id, levels: i.levels }));
    const created = await org.post('/applications', { campaignId: campaign.id, industryAuthority: AUTHORITY, items, sites: SITES });
    expectStatus(created, 201, 'create application');
    appId = created.json().id;
    itemIds = (created.json().items as { id: string }[]).map((i) => i.id);
    expect(created.json().sites.map((s: { name: string }) => s.name)).toEqual(SITES.map((s) => s.name));
    expectStatus(await org.post(`/applications/${appId}/request-recommendation`), 200, 'request recommendation');
    expectStatus(
      await cast.industry.post(`/applications/${appId}/recommendations`, { decision: 'recommend', comment: COMMENT_INDUSTRY }),
      200,
      'industry recommends',
    );
    expectStatus(
      await cast.hr['310115']!.post(`/applications/${appId}/recommendations`, { decision: 'recommend', comment: COMMENT_DISTRICT }),
      200,
      'district recommends',
    );
    await j.uploadAll(org, appId, itemIds);
    expectStatus(await org.post(`/applications/${appId}/submit`), 200, 'submit');
    expectStatus(await cast.center.post(`/applications/${appId}/acceptance`, { decision: 'return', reason: RETURN_REASON }), 200, 'return');
  });

  it('the applicant: dashboard, and the returned application with its reason and timeline', async () => {
    const page = await signedIn('xss_org');
    await page.goto('/app/my');
    await inert(page, 'applicant: dashboard', [ORG]);
    await page.goto(`/app/my/applications/${appId}`);
    await inert(page, 'applicant: application (returned)', [
      RETURN_REASON,
      ...SITES.flatMap((s) => [s.name, s.address]),
      COMMENT_INDUSTRY,
      COMMENT_DISTRICT,
      AUTHORITY,
    ]);
  });

  it('the recommenders: queue and case', async () => {
    for (const u of ['industry', 'hr_310115']) {
      const page = await signedIn(u);
      await page.goto('/app/recommend?tab=all');
      await inert(page, `${u}: queue`, [ORG]);
      await page.getByRole('link', { name: ORG }).first().click();
      await inert(page, `${u}: case`, [
        ORG,
        ADDRESS,
        CONTACT,
        LEGAL_REP,
        AUTHORITY,
        ...SITES.map((s) => s.name),
        COMMENT_INDUSTRY,
        COMMENT_DISTRICT,
        RETURN_REASON,
      ]);
    }
  });

  it('the expert review page and the centre application page, once reviewed and inspected', async () => {
    expectStatus(await org.post(`/applications/${appId}/submit`), 200, 'resubmit');
    expectStatus(await cast.center.post(`/applications/${appId}/acceptance`, { decision: 'accept', reason: ACCEPT_REASON }), 200, 'accept');
    expectStatus(await cast.center.post(`/applications/${appId}/experts`, { expertUserIds: cast.experts.map((e) => e.id) }), 200, 'assign experts');
    for (const e of cast.experts) {
      expectStatus(
        await e.client.post(`/applications/${appId}/expert-reviews`, { conflictOfInterest: false, score: 86, opinion: OPINION, recommendation: 'pass' }),
        200,
        'review',
      );
    }
    const sites = (await org.get(`/applications/${appId}`)).json().sites as { id: string }[];
    for (const s of sites) {
      expectStatus(
        await cast.center.post(`/applications/${appId}/site-inspections`, {
          siteId: s.id,
          inspectedOn: '2024-08-26',
          inspectors: [P.img, '刘检查'],
          findings: FINDINGS,
          result: 'pass',
        }),
        200,
        'inspect',
      );
    }
    expectStatus(
      await cast.center.post(`/applications/${appId}/institution-evaluation`, { result: 'pass', summary: INSTITUTION }),
      200,
      'institution evaluation',
    );

    const expert = await signedIn('expert1');
    await expert.goto(`/app/expert/applications/${appId}`);
    await inert(expert, 'expert: review (done)', [ORG, ADDRESS, ...SITES.map((s) => s.name), OPINION]);

    const center = await signedIn('center');
    await center.goto('/app/center/applications');
    await inert(center, 'centre: applications', [ORG]);
    await center.goto(`/app/center/applications/${appId}`);
    await inert(center, 'centre: application', [
      ORG,
      ADDRESS,
      CONTACT,
      LEGAL_REP,
      AUTHORITY,
      ...SITES.flatMap((s) => [s.name, s.address]),
      COMMENT_INDUSTRY,
      COMMENT_DISTRICT,
      OPINION,
      FINDINGS,
      RETURN_REASON,
      ACCEPT_REASON,
      INSTITUTION,
    ]);
  });

  it('the public notice, the objections page, then the filing: directory, receipt verification, applicant', async () => {
    for (const id of itemIds) {
      expectStatus(
        await cast.center.post(`/application-items/${id}/project-evaluation`, { result: 'pass', summary: `项目评估通过${P.svg}` }),
        200,
        'project evaluation',
      );
      expectStatus(await cast.bureau.post(`/application-items/${id}/approval`, { decision: 'approve', comment: `同意${P.script}` }), 200, 'approve');
    }
    const notice = await cast.center.post('/publicities', { title: TITLE, applicationItemIds: itemIds });
    expectStatus(notice, 201, 'publish the notice');
    const publicityId = notice.json().id as string;
    const anon = new Client(sys.app);
    expectStatus(
      await anon.post(`/public/publicities/${publicityId}/objections`, {
        applicationItemId: itemIds[0],
        name: OBJECTOR,
        phone: '13912345678',
        content: OBJECTION,
      }),
      201,
      'object',
    );

    const pub = await run.open();
    await pub.goto('/publicity');
    await inert(pub, 'public notices', [TITLE]);
    await pub.goto(`/publicity/${publicityId}`);
    await inert(pub, 'public notice', [TITLE, ORG]);

    const center = await signedIn('center');
    await center.goto('/app/center/objections');
    await inert(center, 'centre: objections (pending)', [ORG, OBJECTOR, OBJECTION]);
    const pending = (await cast.center.get('/objections?status=pending')).json().items as { id: string }[];
    expectStatus(await cast.center.post(`/objections/${pending[0]!.id}/resolution`, { decision: 'dismissed', reason: RESOLUTION }), 200, 'dismiss');
    await center.locator('.ant-segmented-item', { hasText: '全部' }).click();
    await inert(center, 'centre: objections (all)', [OBJECTION, RESOLUTION]);

    // 24:00 of the notice's 5th working day (Friday 30 August) has passed: the items are filed
    await moveClock(sys, '2024-09-02T09:00:00+08:00');
    const filed = (await org.get(`/applications/${appId}`)).json().items as { filing?: { receiptNo: string } }[];
    const receiptNo = filed[0]?.filing?.receiptNo;
    expect(receiptNo).toMatch(/^[A-Z]{2,6}-2024-\d+$/);
    await pub.goto('/directory?q=%E7%94%B3%E6%B1%9F');
    await inert(pub, 'directory', [ORG]);
    await pub.goto(`/verify/${receiptNo}`);
    await inert(pub, 'verify', [ORG]);

    const applicant = await signedIn('xss_org');
    await applicant.goto('/app/my');
    await inert(applicant, 'applicant: dashboard (filed)', [ORG, receiptNo!]);
    await applicant.goto(`/app/my/applications/${appId}`);
    await inert(applicant, 'applicant: application (filed)', [RETURN_REASON, ACCEPT_REASON, INSTITUTION]);
  });

  it('no page error and no CSP violation on any page visited', () => {
    expect(visited).toHaveLength(17);
    expect(run.problems).toEqual([]);
  });
});
