/**
 * The public pages load without the back office (split by route), and each public page's initial
 * JavaScript stays within its budget (gzip -6 of what the browser downloaded before the page settled):
 * home, directory, verification and the public notices (with the objection form) load no antd at
 * all. The public pages arrive painted (prerendered HTML, hydrated). The built app has no inline
 * script (the CSP forbids them). What the server sends with it: the page revalidated (no-cache, ETag → 304), hashed
 * assets immutable and precompressed (brotli), robots.txt, the security headers. No timings here:
 * speed is measured by `npm run lighthouse`, not asserted.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestSystem } from '../server/src/test-support/harness.js';
import { context, launch } from './support/browser.js';
import { startServer } from './support/server.js';

const BUDGET_GZIP = 250 * 1024;
/** initial JavaScript per public page, gzip; antd (its chunks or AntdProvider) only where the page is still built on it */
const PAGES: { url: string; ready: string; budget: number; antd: boolean }[] = [
  { url: '/', ready: 'h1', budget: 150 * 1024, antd: false },
  { url: '/directory', ready: 'table', budget: 150 * 1024, antd: false },
  { url: '/verify/SHPB-2024-00001', ready: '.light-alert, .verify-verdict', budget: 150 * 1024, antd: false },
  { url: '/publicity', ready: 'h1', budget: 150 * 1024, antd: false },
  // a notice and its objection form (here, one that does not exist: the page's code loads all the same)
  { url: '/publicity/0190b7a2-6a0e-7c3b-8d2e-0a1b2c3d4e5f', ready: '.light-alert', budget: 150 * 1024, antd: false },
];
const ANTD_CHUNK = /^(AntdProvider|context|table|form|select|date-picker|card|Button|config-provider|collapse|descriptions)-/;
const BACK_OFFICE = /^(WorkLayout|CasePage|WizardPage|DashboardPage|UsersPage|RoleHome|InboxPage)-/;

let sys: TestSystem;

function raw(url: string, headers: Record<string, string> = {}): Promise<{ statusCode: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${url}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ statusCode: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}
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
    const prerendered = fs.readdirSync(path.join(dir, 'prerendered')).filter((f) => f.endsWith('.html'));
    expect(prerendered.sort()).toEqual(['directory.html', 'home.html', 'publicity.html', 'verify-receipt.html', 'verify.html']);
    for (const page of [html, ...prerendered.map((f) => fs.readFileSync(path.join(dir, 'prerendered', f), 'utf8'))]) {
      for (const m of page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
        expect(m[1]).toMatch(/\bsrc=/);
        expect(m[2]!.trim()).toBe('');
      }
    }
    const res = await fetch(`${base}/verify/SHPB-2024-00001`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<div id="root"');
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

  it.each(PAGES)('$url: initial JavaScript within its budget, no back office, antd only where still used', async ({ url, ready, budget, antd }) => {
    const ctx = await context(browser, base);
    const page = await ctx.newPage();
    const scripts = new Map<string, number>();
    page.on('response', async (r) => {
      if (r.request().resourceType() !== 'script') return;
      const body = await r.body().catch(() => Buffer.alloc(0));
      scripts.set(new URL(r.url()).pathname, zlib.gzipSync(body, { level: 6 }).length);
    });
    await page.goto(url);
    await page.locator(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    const total = [...scripts.values()].reduce((a, b) => a + b, 0);
    const names = [...scripts.keys()].map((p) => path.basename(p));
    console.log(`${url}: ${scripts.size} scripts, ${(total / 1024).toFixed(1)} KB gzip`);
    expect(total).toBeLessThanOrEqual(budget);
    expect(names.filter((n) => BACK_OFFICE.test(n))).toEqual([]);
    if (!antd) expect(names.filter((n) => ANTD_CHUNK.test(n))).toEqual([]);
    await ctx.close();
  });

  it('the public pages arrive painted: the layout, the heading and the form in the HTML, their CSS inline, the chunk of the page preloaded', async () => {
    const html = (await raw('/directory')).body.toString();
    expect(html).toContain('data-prerendered="/directory"');
    expect(html).toMatch(/<h1[^>]*>已备案社评组织查询<\/h1>/);
    expect(html).toContain('<label for="dir-q">单位名称或统一社会信用代码</label>');
    expect(html).not.toMatch(/<link rel="stylesheet"/);
    expect(html).toMatch(/<style>[\s\S]*\.site-header[\s\S]*\.dir-form[\s\S]*<\/style>/);
    expect(html).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/DirectoryPage-[\w-]+\.js">/);
    const receipt = (await raw('/verify/SHPB-2024-00042')).body.toString();
    expect(receipt).toContain('回执编号 SHPB-2024-00042');
    // the same page once the script has run: hydrated, not drawn again (the heading is the node the HTML made)
    const ctx = await context(browser, base);
    const page = await ctx.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { firstH1?: Element | null };
      new MutationObserver(() => {
        w.firstH1 ??= document.querySelector('h1');
      }).observe(document, { childList: true, subtree: true });
    });
    for (const url of ['/', '/directory', '/publicity', '/verify', '/verify/SHPB-2024-00042']) {
      await page.goto(url);
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => (window as unknown as { firstH1?: Element | null }).firstH1 === document.querySelector('h1'))).toBe(true);
    }
    // a search in the address is drawn by the script over the painted page (its results are not in it)
    await page.goto('/directory?q=%E7%94%B3%E6%B1%9F');
    await page.getByRole('status').filter({ hasText: '共找到' }).waitFor();
    expect(await page.getByLabel('单位名称或统一社会信用代码').inputValue()).toBe('申江');
    await ctx.close();
  });

  it('the directory without antd still searches by the address: the form fills the URL, the URL fills the form', async () => {
    const ctx = await context(browser, base);
    const page = await ctx.newPage();
    await page.goto('/directory');
    await page.getByLabel('单位名称或统一社会信用代码').fill('申江');
    await page.getByLabel('所在区（含考核点所在区）').selectOption({ label: '浦东新区' });
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '共找到 0 家单位' }).waitFor();
    await page.getByText('没有符合条件的单位。').waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('申江');
    expect(new URL(page.url()).searchParams.get('district')).toBe('310115');
    // opened from a shared address, the form shows the search
    await page.goto('/directory?q=%E6%B5%8B%E8%AF%95&level=3');
    await page.getByRole('status').filter({ hasText: '共找到' }).waitFor();
    expect(await page.getByLabel('单位名称或统一社会信用代码').inputValue()).toBe('测试');
    expect(await page.getByLabel('等级').inputValue()).toBe('3');
    await page.getByRole('link', { name: '清除条件' }).click();
    await expect.poll(() => page.url()).toBe(`${base}/directory`);
    await ctx.close();
  });

  it('the page is revalidated (no-cache, ETag, 304); hashed assets are immutable and sent as brotli; robots.txt and the security headers', async () => {
    // node:http, not fetch: fetch adds Cache-Control: no-cache to a conditional request (as the Fetch
    // standard says), which rightly defeats the 304, and decodes bodies by itself
    const page = await raw('/directory', { 'accept-encoding': 'br, gzip' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    const etag = page.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await raw('/directory', { 'accept-encoding': 'br, gzip', 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body.length).toBe(0);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['permissions-policy']).toContain('camera=()');

    const html = (await raw('/directory')).body.toString();
    const entry = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const plain = await raw(entry);
    const br = await raw(entry, { 'accept-encoding': 'br, gzip' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);

    const robots = await raw('/robots.txt');
    expect(robots.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(robots.body.toString()).toContain('Sitemap: ');
    // the API's JSON above 1 KiB is compressed too
    expect((await raw('/api/v1/openapi.json', { 'accept-encoding': 'br, gzip' })).headers['content-encoding']).toBe('br');
  });
});
