import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web app (web/, built by Vite into dist/web) on the server's own port. Every other GET outside
 * /api answers index.html, so client routes such as /verify/:receiptNo (the address a receipt's QR
 * code holds) open directly. The built app has no inline script, so the CSP's script-src 'self' holds.
 *
 * Caching (docs/decisions/0015-public-pages-caching-and-splitting.md):
 * - the page (index.html, whatever the path) is `no-cache`: revalidated on every visit with its ETag
 *   (304 when unchanged), so a redeploy reaches every browser on its next visit;
 * - hashed assets (/assets/name-HASH.ext) never change under their name: `immutable`, for a year;
 * - other files at the top of the build (favicon.svg) for an hour.
 * Each file is sent as the build's brotli or gzip copy when the browser accepts it (file.br, file.gz,
 * made by web/vite.config.ts), with `Vary: Accept-Encoding`; nothing static is compressed per request.
 *
 * The public pages arrive painted: for their addresses the build's prerendered/NAME.html (their first
 * render, made by web/src/prerender.tsx) is sent instead of the empty index.html — the same caching.
 * A receipt's page (/verify/:receiptNo) is one file for every receipt, with a slot the receipt's number
 * fills here (only a number of letters, digits and hyphens; any other address gets the empty page).
 */
export function webDistDir(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.WEB_DIST_DIR,
    path.resolve(here, '../../dist/web'), // running from source (tsx, tests): <root>/server/src
    path.resolve(here, '../../web'), // running the build: <root>/dist/server/src
  ];
  for (const dir of candidates) {
    if (dir && fs.existsSync(path.join(dir, 'index.html')) && fs.existsSync(path.join(dir, 'assets'))) return dir;
  }
  return null;
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** The public pages a search engine may index (sitemap.xml); everything else is for signed-in work or per receipt. */
export const PUBLIC_PAGES = ['/', '/publicity', '/directory', '/verify'] as const;

/** The prerendered public pages (dist/web/prerendered/NAME.html) by address; web/src/prerender.tsx renders them. */
export const PRERENDERED: Record<string, string> = { '/': 'home', '/directory': 'directory', '/publicity': 'publicity', '/verify': 'verify' };
/** A receipt's page: one file, the number put in its slot (RECEIPT_SLOT in web/src/prerender.tsx) */
export const RECEIPT_PAGE = { file: 'verify-receipt', slot: 'SHSPRECEIPTNO', address: /^\/verify\/([A-Za-z0-9-]{1,64})$/ } as const;

/** Cache-Control for a file of the build, by where it lies (a .br/.gz copy counts as its original). */
export function cacheControlFor(dir: string, file: string): string {
  const rel = path.relative(dir, file.replace(/\.(br|gz)$/, ''));
  if (rel.endsWith('.html')) return REVALIDATE;
  if (rel.startsWith(`assets${path.sep}`)) return IMMUTABLE;
  return 'public, max-age=3600';
}

export interface WebOptions {
  /** PUBLIC_BASE_URL: the site's address for the sitemap; else the request's own */
  publicBaseUrl?: string;
}

export async function registerWeb(
  app: FastifyInstance,
  dir: string | null = process.env.SERVE_WEB === '0' ? null : webDistDir(),
  opts: WebOptions = {},
): Promise<void> {
  if (!dir) return; // API only: the web is not built, or SERVE_WEB=0 (the API's own tests)
  const root = path.resolve(dir);
  // looked up per request, so a rebuild needs no restart. setHeaders runs for reply.sendFile too:
  // the header is chosen by the file, never by the route that sent it
  await app.register(fastifyStatic, {
    root: path.join(root, 'assets'),
    prefix: '/assets/',
    index: false,
    cacheControl: false,
    preCompressed: true,
    setHeaders: (reply, file) => {
      reply.header('cache-control', cacheControlFor(root, file));
    },
  });
  const baseOf = (req: FastifyRequest) => (opts.publicBaseUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');

  app.get('/robots.txt', { schema: { hide: true } }, async (req, reply) => {
    reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return [
      'User-agent: *',
      'Allow: /',
      'Disallow: /app/',
      'Disallow: /api/',
      'Disallow: /login',
      'Disallow: /register',
      '',
      `Sitemap: ${baseOf(req)}/sitemap.xml`,
      '',
    ].join('\n');
  });
  app.get('/sitemap.xml', { schema: { hide: true } }, async (req, reply) => {
    const base = baseOf(req);
    const urls = PUBLIC_PAGES.map((p) => `  <url><loc>${escapeXml(base + p)}</loc></url>`).join('\n');
    reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
  });

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const pathname = decodeURIComponent(req.url.split('?')[0] ?? '/');
    if (pathname === '/api' || pathname.startsWith('/api/')) return reply.callNotFound();
    // a file at the top of the build (favicon.svg, …), else the app's page
    const file = pathname.slice(1);
    if (file && !file.includes('..') && !file.includes('\u0000') && file !== 'index.html' && !/\.(br|gz)$/.test(file)) {
      const full = path.join(root, file);
      if (full.startsWith(root + path.sep) && fs.statSync(full, { throwIfNoEntry: false })?.isFile()) {
        return reply.sendFile(file, root);
      }
    }
    const name = PRERENDERED[pathname];
    if (name && fs.existsSync(path.join(root, 'prerendered', `${name}.html`))) return reply.sendFile(`prerendered/${name}.html`, root);
    const receipt = RECEIPT_PAGE.address.exec(pathname)?.[1];
    const receiptFile = path.join(root, 'prerendered', `${RECEIPT_PAGE.file}.html`);
    if (receipt && fs.existsSync(receiptFile)) return sendReceiptPage(req, reply, receiptFile, receipt);
    return reply.sendFile('index.html', root);
  };
  app.get('/', { schema: { hide: true } }, handler);
  app.get('/*', { schema: { hide: true } }, handler);
}

/**
 * The receipt page's HTML with its number: made per request (a few KiB), so its ETag is the hash of
 * what is sent and it is compressed here (brotli or gzip, as the browser accepts), like the files.
 */
async function sendReceiptPage(req: FastifyRequest, reply: FastifyReply, file: string, receiptNo: string) {
  const html = (await fs.promises.readFile(file, 'utf8')).replaceAll(RECEIPT_PAGE.slot, receiptNo);
  const etag = `"${crypto.createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`;
  reply.header('cache-control', REVALIDATE).header('etag', etag).header('vary', 'Accept-Encoding').type('text/html; charset=utf-8');
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  const accepts = String(req.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepts))
    return reply.header('content-encoding', 'br').send(zlib.brotliCompressSync(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }));
  if (/\bgzip\b/.test(accepts)) return reply.header('content-encoding', 'gzip').send(zlib.gzipSync(html));
  return reply.send(html);
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
