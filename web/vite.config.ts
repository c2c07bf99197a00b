import { promisify } from 'node:util';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import type * as PrerenderModule from './src/prerender';

type Prerender = typeof PrerenderModule;

const here = fileURLToPath(new URL('.', import.meta.url));
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Precompressed copies of the build (file.br, file.gz beside file), made once at the highest levels,
 * so that the server negotiates them (server/src/web-static.ts, @fastify/static preCompressed) and
 * never compresses a static file per request. Only text files above 1 KiB, and only copies that are
 * actually smaller.
 */
async function precompress(outDir: string): Promise<void> {
  const files = (await fs.readdir(outDir, { recursive: true })).map((f) => path.join(outDir, f));
  await Promise.all(
    files
      .filter((f) => /\.(js|css|html|svg|json|txt|xml|md)$/.test(f))
      .map(async (file) => {
        // another build emptying the same folder meanwhile (npm start, a test run) is not this build's error
        const raw = await fs.readFile(file).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(err)));
        if (!raw) return;
        if (raw.length < 1024 && !file.endsWith('.html')) return;
        const [br, gz] = await Promise.all([
          brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
          gzip(raw, { level: 9 }),
        ]);
        const write = (to: string, data: Buffer) =>
          fs.writeFile(to, data).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
        if (br.length < raw.length) await write(`${file}.br`, br);
        if (gz.length < raw.length) await write(`${file}.gz`, gz);
      }),
  );
}

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  isEntry?: boolean;
}

/**
 * The public pages' first paint in their HTML (dist/web/prerendered/NAME.html, sent by the server for
 * their addresses): src/prerender.tsx renders each page's first render in Node, and it goes into
 * index.html with the CSS it needs inlined (the entry's and the page's own: no stylesheet request
 * before the first paint), a modulepreload of the page's chunk and what it imports (fetched with
 * the entry, not after it) and a preload of the API answers the page reads first. The browser paints the header, the heading, the introduction and the
 * placeholders before any script; main.tsx hydrates them.
 */
async function prerender(outDir: string): Promise<void> {
  const manifestFile = path.join(outDir, '.vite/manifest.json');
  if (!fsSync.existsSync(manifestFile)) return; // the build itself failed (closeBundle runs then too): its error is the one to read
  const manifest = JSON.parse(await fs.readFile(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  // not a file to serve
  await fs.rm(path.join(outDir, '.vite'), { recursive: true, force: true });
  const template = await fs.readFile(path.join(outDir, 'index.html'), 'utf8');
  const css = async (files: string[] = []) => (await Promise.all(files.map((f) => fs.readFile(path.join(outDir, f), 'utf8')))).join('\n');
  const entry = Object.values(manifest).find((c) => c.isEntry)!;
  const entryCss = await css(entry.css);
  const entryChunks = new Set<string>();
  const withImports = (c: ManifestChunk | undefined) => {
    if (!c || entryChunks.has(c.file)) return;
    entryChunks.add(c.file);
    for (const i of c.imports ?? []) withImports(manifest[i]);
  };
  withImports(entry);
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: false,
    root: here,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    // no dependency pre-bundling for a browser that never comes, and its cache outside node_modules
    optimizeDeps: { noDiscovery: true, include: [] },
    cacheDir: path.join(os.tmpdir(), 'shsp-prerender-vite'),
  });
  try {
    const mod = (await vite.ssrLoadModule('/src/prerender.tsx')) as Prerender;
    await fs.mkdir(path.join(outDir, 'prerendered'), { recursive: true });
    for (const [name, page] of Object.entries(mod.PAGES)) {
      const chunk = manifest[page.source];
      if (!chunk) throw new Error(`prerender: ${page.source} is not a chunk of the build`);
      // the page's chunk and every chunk it imports, but not the entry's (already loading with it)
      const preload = new Set<string>();
      const visit = (key: string) => {
        const c = manifest[key];
        if (!c || entryChunks.has(c.file) || preload.has(c.file)) return;
        preload.add(c.file);
        for (const i of c.imports ?? []) visit(i);
      };
      visit(page.source);
      const pageCss = await css([...new Set([...preload].flatMap((f) => Object.values(manifest).find((c) => c.file === f)?.css ?? []))]);
      const body = await mod.render(name);
      const html = template
        .replace(/<link rel="stylesheet"[^>]*href="\/assets\/[^"]+\.css"[^>]*>/, () => `<style>${entryCss}\n${pageCss}</style>`)
        .replace(
          '</head>',
          () =>
            [
              ...[...preload].map((f) => `  <link rel="modulepreload" crossorigin href="/${f}">\n`),
              ...page.data.map((url) => `  <link rel="preload" as="fetch" crossorigin href="${url}">\n`),
            ].join('') + '  </head>',
        )
        .replace('<div id="root"></div>', () => `<div id="root" data-prerendered="${page.url}">${body}</div>`);
      if (!html.includes('data-prerendered')) throw new Error('prerender: index.html has no <div id="root"></div>');
      await fs.writeFile(path.join(outDir, 'prerendered', `${name}.html`), html);
    }
  } finally {
    await vite.close();
  }
}

/** After the build: the prerendered pages, then the compressed copies of everything (those pages included). */
function postBuild(): Plugin {
  let outDir = '';
  return {
    name: 'shsp-post-build',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle(error) {
      if (error) return;
      await prerender(outDir);
      await precompress(outDir);
    },
  };
}

/**
 * The web app. Built into ../dist/web, which the server serves on its own port (server/src/web-static.ts);
 * `npm run dev:web` runs this dev server and proxies /api to a server on API_TARGET (default :3000).
 * No inline scripts anywhere: the server's CSP (script-src 'self') forbids them.
 */
export default defineConfig({
  root: here,
  plugins: [react(), postBuild()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 900,
    modulePreload: { polyfill: false },
    // read by prerender(), then removed
    manifest: true,
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: { '/api': { target: process.env.API_TARGET ?? 'http://127.0.0.1:3000', changeOrigin: false } },
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
