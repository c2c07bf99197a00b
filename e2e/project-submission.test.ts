/**
 * 三(四) in a real browser (api-v1 second reading, "Project evaluation"): completing the project
 * evaluation within 3 months is the applicant's duty. An item in 项目评估中: the applicant uploads
 * 项目评估材料 and submits them (a confirmation states the due date and that the clock stops); the
 * item shows 项目评估材料已提交; the centre sees it ready for its result and records a pass. axe-core
 * checks every page visited.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, makeCast, passInstitution, type Cast } from '../server/src/bootstrap/journey.js';
import type { TestSystem } from '../server/src/test-support/harness.js';
import { usccCheckChar } from '../server/src/workflow/uscc.js';
import { BrowserRun, pdf, stepwise } from './support/run.js';
import { moveClock, startServer } from './support/server.js';
import { login, seeText } from './support/steps.js';

let sys: TestSystem;
let base: string;
const run = new BrowserRun();
const { open, check } = run;
let applicant: Page;
let center: Page;
let cast: Cast;
let j: Journey;
let appId = '';
let itemName = '';

describe('browser: the applicant submits its project-evaluation materials (三(四))', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    await run.start(base);
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { districts: ['310115'] });
    const first17 = '91310115MA1E2EP01';
    const org = (await j.registerOrg({ username: 'projorg', name: '上海项目评估示例有限公司', uscc: first17 + usccCheckChar(first17) })).client;
    const app = await applyAndSubmit(j, cast, org, await j.campaign2024(), [36], ['310115']);
    appId = app.id;
    await moveClock(sys, '2024-09-02T09:00:00+08:00');
    await passInstitution(cast, app, '2024-09-02');
    itemName = (await org.get(`/applications/${appId}`)).json().items[0].name;
  }, 120_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  it('the applicant uploads 项目评估材料 and submits them, confirming the due date', async () => {
    applicant = await open();
    await login(applicant, 'projorg');
    await applicant.goto(`/app/my/applications/${appId}`);
    await seeText(applicant, '项目评估（通知 三(四)）');
    await seeText(applicant, /项目评估期限：2024年12月2日|项目评估期限：2024-12-02/);
    await check(applicant, 'application (project evaluation)');
    await applicant.locator(`input[type=file][data-testid="file-上传“${itemName}”的项目评估材料（PDF）"]`).setInputFiles(pdf('项目评估材料.pdf'));
    await seeText(applicant, '项目评估材料.pdf');
    await applicant.getByRole('button', { name: `提交项目评估材料：${itemName}` }).click();
    const dialog = applicant.getByRole('dialog');
    await dialog.locator('.ant-modal-confirm-title', { hasText: '确认提交项目评估材料？' }).waitFor();
    await seeText(applicant, /停止计算，不能再次提交/);
    await check(applicant, 'project submission confirmation');
    await dialog.getByRole('button', { name: '提交项目评估材料' }).click();
    await seeText(applicant, '项目评估材料已提交，3个月期限已停止计算');
    await check(applicant, 'application (project submitted)');
  });

  it('the centre sees the item ready for its result and records a pass', async () => {
    center = await open();
    await login(center, 'center');
    await center.goto(`/app/center/applications/${appId}`);
    await seeText(center, /申报单位已提交项目评估材料/);
    await check(center, 'centre: case (project submitted)');
    const card = center.locator('.ant-card-small').filter({ has: center.getByRole('heading', { name: itemName }) });
    await card.getByRole('radio', { name: '通过', exact: true }).check();
    await card.getByRole('button', { name: `作出结论：通过：${itemName}` }).click();
    await center
      .getByRole('dialog')
      .filter({ has: center.locator('.ant-modal-confirm-title', { hasText: `确认项目评估结论：${itemName}，通过？` }) })
      .getByRole('button', { name: '作出结论：通过' })
      .click();
    await seeText(center, '通过项目评估');
  });

  it('no page errors, no accessibility findings', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
