import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    webDir: string;
  }
}

/**
 * Vitest global setup: the browser tests need the built web app. dist/web is rebuilt only when web/
 * or contract/ is newer than it (a few seconds), then copied to a folder of this run, so that a build
 * started meanwhile (npm start, another test run) cannot pull the files from under a running test.
 */
const root = path.resolve(import.meta.dirname, '../..');

function newest(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let n = 0;
  for (const e of fs.readdirSync(p)) n = Math.max(n, newest(path.join(p, e)));
  return n;
}

export default function setup(project: TestProject): () => void {
  const dist = path.join(root, 'dist/web');
  const index = path.join(dist, 'index.html');
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/public', 'contract'].map((p) => path.join(root, p)).filter((p) => fs.existsSync(p));
  const stale = !fs.existsSync(index) || sources.some((p) => newest(p) > fs.statSync(index).mtimeMs);
  if (stale) {
    const vite = path.join(root, 'node_modules/vite/bin/vite.js');
    // (vitest runs with NODE_ENV=test, which would make Vite bundle React's development build)
    const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(root, 'web/vite.config.ts'), '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (r.status !== 0) throw new Error('building the web app (vite build) failed');
  }
  const copy = path.join(root, '.test-data', `web-${process.pid}`);
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(dist, copy, { recursive: true });
  project.provide('webDir', copy);
  return () => fs.rmSync(copy, { recursive: true, force: true });
}
