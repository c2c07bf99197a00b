#!/usr/bin/env node
// Compiles the server (tsc) and copies the SQL migrations beside the compiled code.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (r.status !== 0) process.exit(r.status ?? 1);
const from = path.join(root, 'server/src/platform/db/migrations');
const to = path.join(root, 'dist/server/src/platform/db/migrations');
fs.mkdirSync(to, { recursive: true });
for (const f of fs.readdirSync(from)) if (f.endsWith('.sql')) fs.copyFileSync(path.join(from, f), path.join(to, f));
// touch the entry so a later start sees a fresh build
const entry = path.join(root, 'dist/server/src/main.js');
const now = new Date();
fs.utimesSync(entry, now, now);
// the web app (web/ → dist/web), served by the same server
const vite = path.join(root, 'node_modules/vite/bin/vite.js');
const w = spawnSync(process.execPath, [vite, 'build', '--config', path.join(root, 'web/vite.config.ts'), '--logLevel', 'warn'], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, NODE_ENV: 'production' },
});
if (w.status !== 0) process.exit(w.status ?? 1);
console.log('built dist/');
