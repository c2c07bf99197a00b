/**
 * FileDrop on antd's Upload.Dragger (issue 10), in a real browser: the keyboard opens the chooser from
 * the 选择文件 button (and focus stays there), the chosen file uploads and leaves the list; a file
 * dropped on the area goes to the server whatever its type — a text file is refused with the
 * server's reason under its name (never filtered away in silence) — and a dropped PDF is taken.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, createDraft, makeCast } from '../server/src/bootstrap/journey.js';
import { samplePdf, type TestSystem } from '../server/src/test-support/harness.js';
import { usccCheckChar } from '../server/src/workflow/uscc.js';
import { BrowserRun, pdf, stepwise } from './support/run.js';
import { startServer } from './support/server.js';
import { login } from './support/steps.js';

const KIND = '职业技能等级认定工作方案';
let sys: TestSystem;
let draftId = '';
const run = new BrowserRun();
const { open, check } = run;

describe('browser: dropping and choosing files', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    let base: string;
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    await run.start(base);
    const j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    const cast = await makeCast(j, { prefix: 'fd_', districts: ['310115'], experts: 0 });
    const campaign = await j.campaign2024();
    const body = '91310115MA1H7FD01';
    const org = (await j.registerOrg({ username: 'fd_draft', name: '上海拖放培训有限公司', uscc: body + usccCheckChar(body) })).client;
    draftId = (
      await createDraft(cast, org, campaign, [82], [{ name: '浦东考核点', address: '上海市浦东新区示例路1号', district: '310115' }], { declare: true })
    ).id;
  }, 150_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  let page: Page;
  const missing = () => page.getByText(`缺少材料：${KIND}`);
  /** drops files on the area of KIND as a browser does (a DataTransfer in a drop event) */
  const drop = async (files: { name: string; type: string; text?: string; pdf?: boolean }[]) => {
    const payload = files.map((f) => ({ ...f, bytes: f.pdf ? Array.from(samplePdf(f.name)) : undefined }));
    const dt = await page.evaluateHandle((list) => {
      const d = new DataTransfer();
      for (const f of list) d.items.add(new File([f.bytes ? new Uint8Array(f.bytes) : (f.text ?? '')], f.name, { type: f.type }));
      return d;
    }, payload);
    const area = page.locator('.ant-upload-drag').filter({ has: page.getByRole('button', { name: `选择文件：${KIND}` }) });
    await area.locator('.ant-upload-drag-container').dispatchEvent('drop', { dataTransfer: dt });
  };

  it('the keyboard: Enter on 选择文件 opens the chooser, focus stays on the button, the file uploads and leaves the list', async () => {
    page = await open();
    await login(page, 'fd_draft');
    await page.goto(`/app/my/applications/${draftId}/edit`);
    await page.getByRole('heading', { name: '申报材料', level: 2 }).waitFor();
    await missing().first().waitFor();
    const choose = page.getByRole('button', { name: `选择文件：${KIND}` });
    await page.waitForLoadState('networkidle'); // the step settled: the button is not drawn again under the focus
    await choose.focus();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`选择文件：${KIND}`);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`选择文件：${KIND}`);
    await chooser.setFiles(pdf('工作方案.pdf'));
    await page.getByRole('status').filter({ hasText: '工作方案.pdf 已上传' }).waitFor();
    await missing().first().waitFor({ state: 'detached' });
    await check(page, 'file drop: chosen by keyboard');
  });

  it('a dropped text file reaches the server and is refused with its reason under its name; dismissed, it leaves', async () => {
    await drop([{ name: '说明.txt', type: 'text/plain', text: 'not a pdf at all' }]);
    const failed = page.getByRole('listitem').filter({ hasText: '说明.txt' });
    await failed.getByRole('alert').filter({ hasText: '上传失败' }).waitFor();
    expect((await failed.getByRole('alert').innerText()).length).toBeGreaterThan('上传失败：'.length + 4); // the server's reason follows
    await check(page, 'file drop: dropped text file refused');
    await page.getByRole('button', { name: '移除此行：说明.txt' }).click();
    await failed.waitFor({ state: 'detached' });
  });

  it('a dropped PDF is uploaded', async () => {
    await drop([{ name: '工作方案第二版.pdf', type: 'application/pdf', pdf: true }]);
    await page.getByRole('status').filter({ hasText: '工作方案第二版.pdf 已上传' }).waitFor();
  });

  it('no page errors, no accessibility findings', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
