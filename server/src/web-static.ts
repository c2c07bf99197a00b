import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web app (web/, built by Vite into dist/web) on the server's own port. Hashed assets are
 * cached for a year; every other GET outside /api answers index.html, so client routes such as
 * /verify/:receiptNo (the address a receipt's QR code holds) open directly. The built app has no
 * inline script, so the CSP's script-src 'self' holds.
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

export async function registerWeb(app: FastifyInstance, dir: string | null = process.env.SERVE_WEB === '0' ? null : webDistDir()): Promise<void> {
  if (!dir) return; // API only: the web is not built, or SERVE_WEB=0 (the API's own tests)
  // hashed file names: cacheable for a year; looked up per request, so a rebuild needs no restart
  await app.register(fastifyStatic, {
    root: path.join(dir, 'assets'),
    prefix: '/assets/',
    index: false,
    setHeaders: (reply) => {
      reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const pathname = decodeURIComponent(req.url.split('?')[0] ?? '/');
    if (pathname === '/api' || pathname.startsWith('/api/')) return reply.callNotFound();
    // a file at the top of the build (favicon.svg, …), else the app's page
    const file = pathname.slice(1);
    if (file && !file.includes('..') && !file.includes('\u0000') && file !== 'index.html') {
      const full = path.join(dir, file);
      if (full.startsWith(dir + path.sep) && fs.statSync(full, { throwIfNoEntry: false })?.isFile()) {
        return reply.header('cache-control', 'public, max-age=3600').sendFile(file, dir);
      }
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', dir);
  };
  app.get('/', { schema: { hide: true } }, handler);
  app.get('/*', { schema: { hide: true } }, handler);
}
