/**
 * A call's catalogue edited in a real browser (附件注; api-v1 "Catalogue as data"): before its window
 * opens the centre adds an item, corrects one and removes one (confirmed); a call whose window has
 * opened shows its items as published, only to be added to, and asks before an addition that cannot
 * be undone. axe-core checks every page and dialog visited.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, makeCast } from '../server/src/bootstrap/journey.js';
import type { TestSystem } from '../server/src/test-support/harness.js';
import { BrowserRun, stepwise } from './support/run.js';
import { startServer } from './support/server.js';
import { login, seeText } from './support/steps.js';

let sys: TestSystem;
let base: string;
const run = new BrowserRun();
const { open, check } = run;
let center: Page;
let j: Journey;
const DOC = '沪人社职〔2024〕999号';

describe('browser: the catalogue editor', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    ({ sys, baseUrl: base } = await startServer({ now: '2024-08-26T10:00:00+08:00' }));
    await run.start(base);
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    await makeCast(j, { experts: 0, districts: [] });
    const r = await j.admin.post('/campaigns', {
      docNumber: DOC,
      title: '下一批次（目录编辑）',
      opensAt: '2024-10-08T00:00:00+08:00',
      closesAt: '2024-10-20T00:00:00+08:00',
      itemSeqs: [30, 33, 89],
    });
    expect(r.statusCode).toBe(201);
  }, 120_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  const rowOf = (name: string) => center.getByRole('row').filter({ hasText: name });

  it('before the window opens, the centre adds, corrects and (after confirming) removes items', async () => {
    center = await open();
    await login(center, 'center');
    await center.goto('/app/center/campaigns');
    await center.getByRole('button', { name: `项目目录 ${DOC}` }).click();
    const drawer = center.getByRole('dialog', { name: `项目目录：${DOC}` });
    await seeText(center, /申报 2024年10月8日 开始；开始前可增补、修改、删除项目/);
    await check(center, 'catalogue before opening');

    // an addition, with a refusal first: an occupation needs a level
    await drawer.getByRole('button', { name: '增补项目' }).click();
    const add = center.getByRole('dialog', { name: '增补征集项目' });
    await add.getByLabel('职业（工种）/专项职业能力名称').fill('网约配送员（无人机配送员）');
    await add.getByLabel('大典编码').fill('4-02-07-10');
    await add.getByRole('button', { name: '增补项目' }).click();
    await seeText(center, '职业（工种）请至少选择一个等级');
    await add.getByRole('checkbox', { name: '五级' }).check();
    await add.getByRole('checkbox', { name: '四级' }).check();
    await check(center, 'catalogue: add dialog');
    await add.getByRole('button', { name: '增补项目' }).click();
    await seeText(center, '已增补第 90 项：网约配送员（无人机配送员）');
    await expect.poll(() => rowOf('网约配送员（无人机配送员）').textContent()).toContain('五级、四级');

    // a correction
    await drawer.getByRole('button', { name: '修改 咖啡师' }).click();
    const edit = center.getByRole('dialog', { name: '修改第 33 项' });
    await edit.getByLabel('职业（工种）/专项职业能力名称').fill('咖啡师（大典2025）');
    await edit.getByRole('button', { name: '保存修改' }).click();
    await seeText(center, '已保存：咖啡师（大典2025）');

    // a removal asks first
    await drawer.getByRole('button', { name: '删除 人工智能模型运用' }).click();
    const confirm = center.getByRole('dialog').filter({ hasText: '删除“人工智能模型运用”？' });
    await confirm.waitFor();
    await check(center, 'catalogue: removal confirmation');
    await confirm.getByRole('button', { name: '删除' }).click();
    await seeText(center, '已删除：人工智能模型运用');
    await expect.poll(() => rowOf('人工智能模型运用').count()).toBe(0);

    const c = (await j.admin.get('/campaigns')).json().find((x: { docNumber: string }) => x.docNumber === DOC);
    const items = (await j.admin.get(`/campaigns/${c.id}/items`)).json() as { seq: number; name: string }[];
    expect(items.map((i) => `${i.seq} ${i.name}`)).toEqual(['30 家政服务员（家庭照护员）', '33 咖啡师（大典2025）', '90 网约配送员（无人机配送员）']);
    await drawer
      .getByRole('button', { name: 'Close' })
      .or(drawer.getByRole('button', { name: '关闭' }))
      .first()
      .click();
  });

  it('a call whose window has opened: published items cannot change; an addition is confirmed first', async () => {
    await center.getByRole('button', { name: '项目目录 沪人社职〔2024〕270号' }).click();
    const drawer = center.getByRole('dialog', { name: '项目目录：沪人社职〔2024〕270号' });
    await seeText(center, /申报已于 2024年8月23日 开始：已公布的项目不能修改或删除，只能增补/);
    await expect.poll(() => drawer.getByRole('button', { name: /^修改 / }).count()).toBe(0);
    await check(center, 'catalogue after opening');
    await drawer.getByRole('button', { name: '增补项目' }).click();
    const add = center.getByRole('dialog', { name: '增补征集项目' });
    await add.getByLabel('职业（工种）/专项职业能力名称').fill('直播销售员');
    await add.getByRole('checkbox', { name: '四级' }).check();
    await add.getByRole('button', { name: '增补项目' }).click();
    const confirm = center.getByRole('dialog').filter({ hasText: '增补“直播销售员”？' });
    await confirm.waitFor();
    await seeText(center, '之后不能修改或删除');
    await confirm.getByRole('button', { name: '增补项目' }).click();
    await seeText(center, '已增补第 90 项：直播销售员');
  });

  it('no page errors, no accessibility findings', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
