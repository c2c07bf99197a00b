/**
 * A list the server pages (issue 10, web/src/lib/paged.ts), in a real browser: the administrator's
 * accounts — 25 found by a search, 20 on page 1 and 5 on page 2 (in username order) — and a new
 * search while on page 2 starts again at page 1, so it never shows an empty page of a shorter list.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey } from '../server/src/bootstrap/journey.js';
import type { TestSystem } from '../server/src/test-support/harness.js';
import { BrowserRun, stepwise } from './support/run.js';
import { startServer } from './support/server.js';
import { login, seeText } from './support/steps.js';

let sys: TestSystem;
const run = new BrowserRun();
const { open, check } = run;
const name = (i: number) => `pgexpert${String(i).padStart(2, '0')}`;

describe('browser: a list paged by the server', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    let base: string;
    ({ sys, baseUrl: base } = await startServer());
    await run.start(base);
    const j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    for (let i = 1; i <= 25; i++) {
      const res = await j.admin.post('/users', { username: name(i), role: 'expert', displayName: `翻页专家${i}`, password: 'Temp#Paged2024x' });
      expect(res.statusCode, res.body).toBe(201);
    }
  }, 120_000);

  stepwise(run);

  afterAll(async () => {
    await run.close();
    await sys?.close();
  });

  let admin: Page;
  const rows = () => admin.locator('.ant-table-tbody tr.ant-table-row');
  const search = async (q: string) => {
    await admin.getByRole('searchbox', { name: '用户名或姓名（名称）' }).fill(q);
    await admin.getByRole('searchbox', { name: '用户名或姓名（名称）' }).press('Enter');
  };

  it('25 accounts found: 20 on page 1, the other 5 on page 2, the total said by the server', async () => {
    admin = await open();
    await login(admin, 'admin', 'Chief-Passw0rd!');
    await admin.goto('/app/admin/users');
    await search('pgexpert');
    await seeText(admin, '共 25 个账号');
    await expect.poll(() => rows().count()).toBe(20);
    expect(await rows().first().innerText()).toContain(name(1));
    await admin.locator('.ant-pagination-item-2').click();
    await expect.poll(() => rows().count()).toBe(5);
    expect(await rows().first().innerText()).toContain(name(21));
    await check(admin, 'admin: users, page 2');
  });

  it('a new search on page 2 starts again at page 1 (not an empty second page of 10)', async () => {
    await search('pgexpert1');
    await expect.poll(() => rows().count()).toBe(10);
    expect(await rows().first().innerText()).toContain(name(10));
    expect(await admin.locator('.ant-pagination').count()).toBe(0); // one page: no pager
  });

  it('no page errors, no accessibility findings', () => {
    expect(run.problems).toEqual([]);
    expect(run.findings).toEqual([]);
  });
});
