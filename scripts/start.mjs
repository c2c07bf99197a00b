#!/usr/bin/env node
// `npm start` / `npm run demo`: builds once if nothing is built yet (or the sources are newer),
// then runs one server node honouring the environment of api-v1.md.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist/server/src/main.js');
const demo = process.argv.includes('--demo');

function mtimeOf(p) {
  return fs.statSync(p).isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs;
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

const webIndex = path.join(root, 'dist/web/index.html');
const stale =
  !fs.existsSync(entry) ||
  ['server/src', 'contract'].some((d) => newestMtime(path.join(root, d)) > fs.statSync(entry).mtimeMs) ||
  // the web app: rebuilt when web/ (or the contract it imports) is newer than its build
  !fs.existsSync(webIndex) ||
  ['web/src', 'web/index.html', 'web/vite.config.ts', 'contract'].some((d) => mtimeOf(path.join(root, d)) > fs.statSync(webIndex).mtimeMs);
if (stale) {
  console.log('正在构建 (building)…');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const env = { ...process.env };
if (demo) {
  env.DEMO_DATA ??= '1';
  env.DATA_DIR ??= path.join(root, '.data/demo');
  env.ADMIN_PASSWORD ??= 'Demo#Chief2024';
  // the 2024 call is open on 26 August 2024: every role can do its job; admins can move time on
  env.APP_CLOCK ??= '2024-08-26T09:00:00+08:00';
  // the terminal is for people: warnings and errors only (LOG_LEVEL=info prints a JSON line per request)
  env.LOG_LEVEL ??= 'warn';
}
const child = spawn(process.execPath, ['--enable-source-maps', entry], { stdio: 'inherit', env, cwd: root });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
