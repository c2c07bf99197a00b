/**
 * Trust in a real browser, on the demo data (the seeding `npm run demo` uses): the page a receipt's QR
 * code opens says 有效 at the top and shows the filing, its signing certificate and its place in the
 * transparency log, at a 375 px phone's width; the bureau suspends the filing through its dialog and
 * the page says 无效 with the suspension; resuming brings 有效 back; the centre makes a report batch
 * to the national centre and the page then says 已报备. axe-core checks every page visited.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../server/src/bootstrap/demo.js';
import type { TestSystem } from '../server/src/test-support/harness.js';
import { shot } from './support/browser.js';
import { BrowserRun, stepwise } from './support/run.js';
import { startServer } from './support/server.js';
import { login, seeText } from './support/steps.js';

const RECEIPT = 'SHPB-2024-00004'; // the demo's 上海浦江 (its notice numbered the organisations in the order it lists them)
const ORG = '上海浦江职业技能评价有限公司';
const SUSPEND_REASON = '经核查，考核场地不符合要求，责令整改。';

let sys: TestSystem;
let base: string;
const run = new BrowserRun();
const { open, check } = run;
let phone: Page;
let bureau: Page;

/** The verdict at the top of the receipt page, once the answer has arrived. */
const verdict = (page: Page) => page.locator('[data-verdict]');

/** Opens the receipt page afresh (as a new scan of the QR code would) and waits for its verdict. */
async function scan(page: Page): Promise<void> {
  await page.goto(`/verify/${RECEIPT}`);
  await verdict(page).waitFor();
}

describe('trust: receipt verification, supervision, report to the national centre', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    await seedDemo(sys, () => {});
    await run.start(base);
  }, 180_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  it('a filed demo receipt: 有效 at the top, the facts, the signing certificate, the log (375 px phone)', async () => {
    phone = await open({ phone: true });
    await phone.setViewportSize({ width: 375, height: 812 });
    await phone.goto(`/verify/${RECEIPT}`);
    await expect.poll(() => verdict(phone).getAttribute('data-verdict')).toBe('valid');
    // the verdict comes first, before the blocks
    await expect.poll(() => verdict(phone).locator('.verify-verdict-word').innerText()).toBe('有效');
    await seeText(phone, '回执真实有效');
    await phone.getByRole('heading', { name: '备案状态' }).waitFor();
    await seeText(phone, ORG);
    await seeText(phone, '尚未报备');

    // 电子签章: the certificate /public/keys publishes, and its PEM to download
    const keys = (await (await phone.request.get('/api/v1/public/keys')).json()) as { receiptSigning: { sha256Fingerprint: string; current: boolean }[] };
    const cert = keys.receiptSigning.find((c) => c.current) ?? keys.receiptSigning[0]!;
    await expect.poll(() => phone.getByTestId('cert-fingerprint').innerText()).toBe(cert.sha256Fingerprint);
    const pem = await phone.getByRole('link', { name: '下载签名证书（PEM）' }).getAttribute('href');
    expect(decodeURIComponent(pem!.slice(pem!.indexOf(',') + 1))).toContain('-----BEGIN CERTIFICATE-----');

    // 透明日志: included, with the signed checkpoint the inclusion proof leads to
    await seeText(phone, '已记入透明日志');
    const proof = (await (await phone.request.get(`/api/v1/public/filings/${RECEIPT}/proof`)).json()) as { checkpoint: string; treeSize: number };
    await expect.poll(async () => (await phone.getByTestId('checkpoint').innerText()).trimEnd()).toBe(proof.checkpoint.trimEnd());
    expect(proof.checkpoint.split('\n')[1]).toBe(String(proof.treeSize));

    // nothing wider than the phone
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(phone, 'verify', { fullPage: true });

    // 如何自行核验: closed at first; open, it gives the commands with this receipt and this server
    const how = phone.locator('details.verify-how');
    expect(await how.getAttribute('open')).toBeNull();
    await phone.getByText('如何自行核验').click();
    await seeText(phone, `curl -s ${base}/api/v1/public/filings/${RECEIPT}/proof`);
    await seeText(phone, `pdfsig 备案回执-${RECEIPT}.pdf`);
    await seeText(phone, 'openssl x509 -in receipt-signing.pem -noout -fingerprint -sha256');
    await seeText(phone, /RFC 9162 §2\.1\.3\.2/);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await check(phone, 'verify (375 px phone, valid, how to verify open)');

    // in English too (the reasons stay the server's Chinese sentences, beside their English gloss)
    await phone.getByRole('button', { name: 'English' }).click();
    await phone.getByRole('heading', { name: 'Verify a filing receipt', level: 1 }).waitFor();
    await expect.poll(() => verdict(phone).locator('.verify-verdict-word').innerText()).toBe('Valid');
    await phone.getByRole('heading', { name: 'Transparency log' }).waitFor();
    await check(phone, 'verify (375 px phone, English)');
    await phone.getByRole('button', { name: '中文' }).click();
    await phone.getByRole('heading', { name: '备案回执核验', level: 1 }).waitFor();

    // a number that is not there says so, and what to check — never a verdict
    await phone.goto('/verify/SHPB-2024-99999');
    await seeText(phone, '未找到该回执编号');
    await seeText(phone, /未找到编号为 SHPB-2024-99999 的备案回执/);
    expect(await verdict(phone).count()).toBe(0);
  });

  it('the bureau suspends it through the dialog; the receipt page then says 无效 with the suspension', async () => {
    bureau = await open();
    await login(bureau, 'bureau');
    await bureau.getByRole('link', { name: '备案监管' }).click();
    await bureau.getByRole('heading', { name: '备案监管' }).waitFor();
    await bureau.getByRole('button', { name: `暂停 ${RECEIPT}` }).click();
    const dialog = bureau.getByRole('dialog');
    // the dialog names the filing and says what follows
    await dialog.getByText(`暂停备案 ${RECEIPT}`).waitFor();
    await dialog.getByText(ORG).waitFor();
    await dialog.getByText('暂停后该备案在公开名录中不再显示，核验结果为无效，并通知该机构。').waitFor();
    // a reason is required, of at least 2 characters
    await dialog.getByRole('button', { name: '确认暂停' }).click();
    await dialog.getByText('请填写理由（至少 2 个字）').waitFor();
    await dialog.getByLabel('暂停理由').fill('查');
    await dialog.getByRole('button', { name: '确认暂停' }).click();
    await dialog.getByText('请填写理由（至少 2 个字）').waitFor();
    await dialog.getByLabel('暂停理由').fill(SUSPEND_REASON);
    await check(bureau, 'bureau: suspend dialog');
    await shot(bureau, 'filing-suspend-dialog');
    await dialog.getByRole('button', { name: '确认暂停' }).click();
    await bureau
      .getByRole('status')
      .filter({ hasText: `已暂停备案 ${RECEIPT}` })
      .waitFor();
    const row = bureau.getByRole('row').filter({ hasText: RECEIPT });
    await row.getByText('已暂停').waitFor();
    await row.getByRole('button', { name: `恢复 ${RECEIPT}` }).waitFor();
    await check(bureau, 'bureau: filings, one suspended');

    await scan(phone);
    expect(await verdict(phone).getAttribute('data-verdict')).toBe('invalid');
    await expect.poll(() => verdict(phone).locator('.verify-verdict-word').innerText()).toBe('无效');
    // the reason and the date are in the verdict, at the top
    await expect.poll(() => verdict(phone).innerText()).toContain(SUSPEND_REASON);
    await expect.poll(() => verdict(phone).innerText()).toMatch(/2024-08-26|2024\/08\/26|2024年8月26日/);
    await phone.locator('.verify-facts').getByText('已暂停').first().waitFor();
    await seeText(phone, '暂停 filing.suspended');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await check(phone, 'verify (375 px phone, suspended)');
    await shot(phone, 'verify-suspended', { fullPage: true });

    // the directory lists active filings only
    const dir = (await (await phone.request.get(`/api/v1/public/organizations?q=${encodeURIComponent(ORG)}`)).json()) as {
      items: { filings: { receiptNo: string }[] }[];
    };
    expect(dir.items.flatMap((o) => o.filings.map((f) => f.receiptNo))).not.toContain(RECEIPT);
  });

  it('resuming it (again through its dialog) brings 有效 back', async () => {
    await bureau.getByRole('button', { name: `恢复 ${RECEIPT}` }).click();
    const dialog = bureau.getByRole('dialog');
    await dialog.getByText(`恢复备案 ${RECEIPT}`).waitFor();
    await dialog.getByText(/恢复后该备案重新在公开名录中显示/).waitFor();
    await dialog.getByLabel('恢复理由').fill('整改完成，经复查符合要求。');
    await dialog.getByRole('button', { name: '确认恢复' }).click();
    await bureau
      .getByRole('status')
      .filter({ hasText: `已恢复备案 ${RECEIPT}` })
      .waitFor();
    await bureau.getByRole('button', { name: `暂停 ${RECEIPT}` }).waitFor();

    await scan(phone);
    expect(await verdict(phone).getAttribute('data-verdict')).toBe('valid');
    await seeText(phone, '恢复 filing.resumed');
    expect(await phone.locator('.verify-facts').getByText(SUSPEND_REASON).count()).toBe(0);
  });

  it('revocation still works: the bureau revokes another filing through the same kind of dialog; its page says 无效, 已撤销', async () => {
    const other = 'SHPB-2024-00001';
    await bureau.getByRole('button', { name: `撤销备案 ${other}` }).click();
    const dialog = bureau.getByRole('dialog');
    await dialog.getByText(`撤销备案 ${other}`).first().waitFor();
    await dialog.getByText(/撤销后该备案终止，不能恢复/).waitFor();
    await dialog.getByLabel('撤销原因').fill('以欺骗手段取得备案，依规撤销。');
    await dialog.getByRole('button', { name: '确认撤销' }).click();
    await bureau
      .getByRole('status')
      .filter({ hasText: `已撤销备案 ${other}` })
      .waitFor();
    await bureau.getByRole('row').filter({ hasText: other }).getByText('已撤销').waitFor();
    const page = await open({ phone: true });
    await page.goto(`/verify/${other}`);
    await expect.poll(() => verdict(page).locator('.verify-verdict-word').innerText()).toBe('无效');
    await verdict(page).getByText('已撤销').waitFor();
    await page.locator('.verify-facts').getByText('以欺骗手段取得备案，依规撤销。').waitFor();
  });

  it('the centre reports a batch to the national centre; the receipt page then says 已报备', async () => {
    const center = await open();
    await login(center, 'center');
    await center.getByRole('link', { name: '报备国家中心' }).click();
    await center.getByRole('heading', { name: '报备国家中心', level: 1 }).waitFor();
    await center.getByText('尚未生成报备批次。').waitFor();
    for (const [label, date] of [
      ['备案日期自', '2024-01-01'],
      ['至', '2024-08-26'],
    ] as const) {
      const field = center.getByLabel(label, { exact: true });
      await field.click();
      await field.fill(date);
      await field.press('Enter');
    }
    await center.keyboard.press('Escape');
    await center.getByRole('button', { name: '生成报备批次' }).click();
    // the confirmation states the period before anything is sent
    const dialog = center.getByRole('dialog');
    await dialog.getByText('将把备案日期在 2024年1月1日 至 2024年8月26日 期间（含首尾两日）、尚未报备的全部备案，报中国就业培训技术指导中心。').waitFor();
    await check(center, 'centre: report batch confirmation');
    await dialog.getByRole('button', { name: '确认报备' }).click();
    const done = center.getByRole('status').filter({ hasText: /已生成报备批次：报备 \d+ 项备案/ });
    await done.waitFor();
    expect(await done.innerText()).toContain(RECEIPT);
    const href = await center.getByRole('link', { name: '下载报备表（Excel）' }).getAttribute('href');
    const xlsx = await center.request.get(href!);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    await center.getByText('共 1 个批次').waitFor();
    await check(center, 'centre: report batches, one made');
    await shot(center, 'national-reports');

    // the same period again: nothing is left to report, and the page says why
    await center.getByRole('button', { name: '生成报备批次' }).click();
    await dialog.getByRole('button', { name: '确认报备' }).click();
    await center.getByRole('alert').first().waitFor();
    await center.getByText('共 1 个批次').waitFor();

    await scan(phone);
    await seeText(phone, /已报备（2024年8月26日报中国就业培训技术指导中心）/);
    await check(phone, 'verify (375 px phone, reported)');

    // the bureau reads the batches (and their spreadsheets), and makes none
    await bureau.getByRole('link', { name: '报备国家中心' }).click();
    await bureau.getByText('共 1 个批次').waitFor();
    expect(await bureau.getByRole('button', { name: '生成报备批次' }).count()).toBe(0);
    await bureau.getByRole('link', { name: /^下载 Excel：.* 生成的报备表$/ }).waitFor();
    await check(bureau, 'bureau: report batches (read only)');
    const admin = await open();
    await login(admin, 'admin', 'Chief-Passw0rd!');
    await admin.getByRole('link', { name: '报备国家中心' }).click();
    await admin.getByText('共 1 个批次').waitFor();
    expect(await admin.getByRole('button', { name: '生成报备批次' }).count()).toBe(0);
    await check(admin, 'admin: report batches (read only)');
  });

  it("a longer validity written into the database behind the system's back: 不能确认有效, and what was recorded beside it", async () => {
    const db = sys.database.db;
    const row = await db.selectFrom('filings').select('valid_until').where('receipt_no', '=', RECEIPT).executeTakeFirstOrThrow();
    const recorded = String(row.valid_until);
    await db.updateTable('filings').set({ valid_until: '2031-05-10' }).where('receipt_no', '=', RECEIPT).execute();
    await scan(phone);
    expect(await verdict(phone).getAttribute('data-verdict')).toBe('invalid');
    await expect.poll(() => verdict(phone).locator('.verify-verdict-word').innerText()).toBe('不能确认有效');
    await phone.getByRole('heading', { name: '登记时的信息 vs 现在的记录' }).waitFor();
    const changed = phone.locator('.verify-diff tr.is-changed');
    await expect.poll(() => changed.count()).toBe(1);
    expect(await changed.innerText()).toMatch(/有效期至\s+不一致/);
    expect(await changed.innerText()).toContain('2031年5月10日');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await check(phone, 'verify (375 px phone, record changed)');
    await shot(phone, 'verify-changed', { fullPage: true });
    await db.updateTable('filings').set({ valid_until: recorded }).where('receipt_no', '=', RECEIPT).execute();
    await scan(phone);
    expect(await verdict(phone).getAttribute('data-verdict')).toBe('valid');
    expect(await phone.locator('.verify-diff').count()).toBe(0);
  });

  it('no serious or critical accessibility finding and no page error on any page visited', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
