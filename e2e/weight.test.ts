/**
 * The public pages load without the back office (split by route), and the public home's initial
 * JavaScript stays within budget: ≤ 250 KB gzip (measured here with gzip -6 of what the browser
 * downloaded before the page settled). The built app has no inline script (the CSP forbids them).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestSystem } from '../server/src/test-support/harness.js';
import { context, launch } from './support/browser.js';
import { startServer } from './support/server.js';

const BUDGET_GZIP = 250 * 1024;

let sys: TestSystem;
let base: string;
let browser: Browser;

describe('weight and code splitting of the public pages', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    ({ sys, baseUrl: base } = await startServer());
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  it('the built index.html has no inline script, React is its production build, the server sends a strict CSP', async () => {
    const dir = inject('webDir');
    const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    const entry = /src="\/assets\/([^"]+\.js)"/.exec(html)![1]!;
    expect(fs.readFileSync(path.join(dir, 'assets', entry), 'utf8')).not.toContain('_debugOwner');
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(m[1]).toMatch(/\bsrc=/);
      expect(m[2]!.trim()).toBe('');
    }
    const res = await fetch(`${base}/verify/SHPB-2024-00001`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<div id="root">');
    // unknown API paths stay problem+json, not the app's page
    const api = await fetch(`${base}/api/v1/no-such-thing`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
  });

  it('the public home loads ≤ 250 KB of gzip JavaScript and no back-office code', async () => {
    const ctx = await context(browser, base);
    const page = await ctx.newPage();
    const scripts = new Map<string, number>();
    page.on('response', async (r) => {
      if (r.request().resourceType() !== 'script') return;
      const body = await r.body().catch(() => Buffer.alloc(0));
      scripts.set(new URL(r.url()).pathname, zlib.gzipSync(body, { level: 6 }).length);
    });
    await page.goto('/');
    await page.getByRole('timer').waitFor();
    await page.waitForLoadState('networkidle');
    const total = [...scripts.values()].reduce((a, b) => a + b, 0);
    const names = [...scripts.keys()].map((p) => path.basename(p));
    console.log(`public home: ${scripts.size} scripts, ${(total / 1024).toFixed(1)} KB gzip — ${names.join(', ')}`);
    expect(total).toBeLessThanOrEqual(BUDGET_GZIP);
    // neither the back office nor antd's heavy components come with the public home
    expect(names.filter((n) => /^(WorkLayout|CasePage|WizardPage|DashboardPage|UsersPage|table|form|select|date-picker|context)-/.test(n))).toEqual([]);
    await ctx.close();
  });
});
