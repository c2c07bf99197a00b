import { promisify } from 'node:util';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Precompressed copies of the build (file.br, file.gz beside file), made once at the highest levels,
 * so that the server negotiates them (server/src/web-static.ts, @fastify/static preCompressed) and
 * never compresses a static file per request. Only text files above 1 KiB, and only copies that are
 * actually smaller.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'shsp-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
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
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 900,
    modulePreload: { polyfill: false },
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: { '/api': { target: process.env.API_TARGET ?? 'http://127.0.0.1:3000', changeOrigin: false } },
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
