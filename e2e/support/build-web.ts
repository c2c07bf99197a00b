import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Vitest global setup: the browser tests need the built web app (dist/web), which the test
 * servers serve. Rebuilt only when web/ or contract/ is newer than the build (a few seconds).
 */
const root = path.resolve(import.meta.dirname, '../..');

function newest(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let n = 0;
  for (const e of fs.readdirSync(p)) n = Math.max(n, newest(path.join(p, e)));
  return n;
}

export default function setup(): void {
  const index = path.join(root, 'dist/web/index.html');
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/public', 'contract'].map((p) => path.join(root, p)).filter((p) => fs.existsSync(p));
  // (vitest runs with NODE_ENV=test, which would make Vite bundle React's development build)
  const stale = !fs.existsSync(index) || sources.some((p) => newest(p) > fs.statSync(index).mtimeMs);
  if (!stale) return;
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(root, 'web/vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error('building the web app (vite build) failed');
}
