/**
 * How the web app is served: the page revalidated (no-cache + ETag, 304), hashed assets immutable,
 * the build's brotli/gzip copies negotiated, robots.txt and sitemap.xml — on a small build made here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWeb } from './web-static.js';

let dir: string;
let app: FastifyInstance;
const script = `export const x = ${JSON.stringify('社会培训评价组织'.repeat(200))};\n`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'web-static-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html lang="zh-CN"><body><div id="root"></div><script type="module" src="/assets/index-AbC123.js"></script></body></html>',
  );
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const js = path.join(dir, 'assets/index-AbC123.js');
  fs.writeFileSync(js, script);
  fs.writeFileSync(`${js}.br`, zlib.brotliCompressSync(script));
  fs.writeFileSync(`${js}.gz`, zlib.gzipSync(script));
  app = Fastify();
  await registerWeb(app, dir, { publicBaseUrl: 'https://zpzz.example.gov.cn/' });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the page', () => {
  it.each(['/', '/directory', '/verify/SHPB-2024-00001', '/login'])('%s is index.html, no-cache with an ETag, 304 when unchanged', async (url) => {
    const first = await app.inject({ url });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/html/);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.body).toContain('<div id="root">');
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await app.inject({ url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers['cache-control']).toBe('no-cache');
  });

  it('a rebuilt page has another ETag: the old one no longer answers 304', async () => {
    const before = await app.inject({ url: '/' });
    const file = path.join(dir, 'index.html');
    const html = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, html.replace('index-AbC123', 'index-XyZ789'));
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    try {
      const after = await app.inject({ url: '/', headers: { 'if-none-match': before.headers.etag as string } });
      expect(after.statusCode).toBe(200);
      expect(after.body).toContain('index-XyZ789');
    } finally {
      fs.writeFileSync(file, html);
    }
  });

  it('paths under /api are not the page', async () => {
    const res = await app.inject({ url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type'] ?? '').not.toMatch(/html/);
  });
});

describe('assets', () => {
  it('a hashed asset is immutable for a year', async () => {
    const res = await app.inject({ url: '/assets/index-AbC123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.body).toBe(script);
  });

  it('brotli when accepted, else gzip; the decoded body is the file', async () => {
    const br = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.rawPayload.length).toBeLessThan(script.length / 4);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(script);

    const gz = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(script);
    expect(gz.headers.etag).not.toBe(br.headers.etag);
  });

  it('an unknown asset is a 404, not the page (a stale page asking for an old chunk fails visibly)', async () => {
    const res = await app.inject({ url: '/assets/index-OLD000.js' });
    expect(res.statusCode).toBe(404);
  });

  it('other files of the build are cached for an hour', async () => {
    const res = await app.inject({ url: '/favicon.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });
});

describe('robots.txt and sitemap.xml', () => {
  it('robots.txt is plain text that keeps crawlers out of the back office and names the sitemap', async () => {
    const res = await app.inject({ url: '/robots.txt' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toMatch(/^User-agent: \*$/m);
    expect(res.body).toMatch(/^Disallow: \/app\/$/m);
    expect(res.body).toMatch(/^Disallow: \/api\/$/m);
    expect(res.body).toMatch(/^Sitemap: https:\/\/zpzz\.example\.gov\.cn\/sitemap\.xml$/m);
    expect(res.body).not.toContain('<html');
  });

  it('sitemap.xml lists the public pages, absolute', async () => {
    const res = await app.inject({ url: '/sitemap.xml' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    const locs = [...res.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toEqual(['/', '/publicity', '/directory', '/verify'].map((p) => `https://zpzz.example.gov.cn${p}`));
    expect(res.body).not.toContain('/app/');
  });
});

describe('the public pages arrive painted (prerendered/NAME.html)', () => {
  let pre: string;
  let web: FastifyInstance;
  const page = (name: string, url: string, body: string) =>
    `<!doctype html><html lang="zh-CN"><body><div id="root" data-prerendered="${url}"><h1>${body}</h1></div><script type="module" src="/assets/index-AbC123.js"></script></body></html>`;
  beforeAll(async () => {
    pre = fs.mkdtempSync(path.join(os.tmpdir(), 'web-static-pre-'));
    fs.mkdirSync(path.join(pre, 'assets'));
    fs.mkdirSync(path.join(pre, 'prerendered'));
    fs.writeFileSync(path.join(pre, 'index.html'), '<!doctype html><html><body><div id="root"></div></body></html>');
    fs.writeFileSync(path.join(pre, 'assets/index-AbC123.js'), script);
    const pages: [string, string][] = [
      ['home', '/'],
      ['directory', '/directory'],
      ['publicity', '/publicity'],
      ['verify', '/verify'],
    ];
    for (const [name, url] of pages) fs.writeFileSync(path.join(pre, 'prerendered', `${name}.html`), page(name, url, `page ${name}`));
    fs.writeFileSync(path.join(pre, 'prerendered', 'verify-receipt.html'), page('verify-receipt', '/verify/SHSPRECEIPTNO', '回执编号 SHSPRECEIPTNO'));
    web = Fastify();
    await registerWeb(web, pre);
    await web.ready();
  });
  afterAll(async () => {
    await web?.close();
    fs.rmSync(pre, { recursive: true, force: true });
  });

  it.each([
    ['/', 'home'],
    ['/directory', 'directory'],
    ['/directory?q=%E7%94%B3&page=2', 'directory'],
    ['/publicity', 'publicity'],
    ['/verify', 'verify'],
  ])('%s is its prerendered page, revalidated like index.html', async (url, name) => {
    const res = await web.inject({ url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain(`<h1>page ${name}</h1>`);
    const again = await web.inject({ url, headers: { 'if-none-match': res.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('a receipt page has its number in place of the slot, its own ETag (304 when unchanged), compressed as accepted', async () => {
    const res = await web.inject({ url: '/verify/SHPB-2024-00001' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('data-prerendered="/verify/SHPB-2024-00001"');
    expect(res.body).toContain('<h1>回执编号 SHPB-2024-00001</h1>');
    expect(res.body).not.toContain('SHSPRECEIPTNO');
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await web.inject({ url: '/verify/SHPB-2024-00001', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    const other = await web.inject({ url: '/verify/SHPB-2024-00002', headers: { 'if-none-match': etag } });
    expect(other.statusCode).toBe(200);
    expect(other.body).toContain('<h1>回执编号 SHPB-2024-00002</h1>');
    const br = await web.inject({ url: '/verify/SHPB-2024-00001', headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(res.body);
    const gz = await web.inject({ url: '/verify/SHPB-2024-00001', headers: { 'accept-encoding': 'gzip' } });
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(res.body);
  });

  it('an address that is not a receipt number gets the empty page, never itself in the HTML', async () => {
    for (const url of ['/verify/%3Cscript%3Ealert(1)%3C%2Fscript%3E', '/verify/a%22b', '/verify/SHPB/2024']) {
      const res = await web.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('<!doctype html><html><body><div id="root"></div></body></html>');
    }
  });

  it('other addresses (sign-in, the back office, unknown) get the empty page', async () => {
    for (const url of ['/login', '/app/center', '/publicity/0190b7a2-6a0e-7c3b-8d2e-0a1b2c3d4e5f', '/nowhere']) {
      expect((await web.inject({ url })).body).toContain('<div id="root"></div>');
    }
  });
});
