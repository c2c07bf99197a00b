#!/usr/bin/env node
// `npm run backup` / `npm run restore <archive>` / `npm run verify-log -- …`: builds once if nothing is built yet (or the
// sources are newer), then runs the compiled task with the server's environment (DATA_DIR,
// DATABASE_URL, S3_*). See docs/decisions/0005-backup-and-restore.md.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const task = process.argv[2];
const entry = path.join(root, task === 'verify-log' ? 'dist/server/src/bootstrap/verify-log-cli.js' : 'dist/server/src/bootstrap/backup-cli.js');

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

const stale = !fs.existsSync(entry) || ['server/src', 'contract'].some((d) => newestMtime(path.join(root, d)) > fs.statSync(entry).mtimeMs);
if (stale) {
  console.log('正在构建 (building)…');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// like `npm start`, the task runs in the project folder (a relative DATA_DIR means the same folder);
// archive paths given on the command line are the caller's, relative to where npm was run
const callerDir = process.env.INIT_CWD ?? process.cwd();
// (verify-log resolves its own: one of its arguments is a key, not a path)
const args =
  task === 'verify-log'
    ? process.argv.slice(3)
    : process.argv.slice(2).map((a) => (a.startsWith('-') || a === 'backup' || a === 'restore' ? a : path.resolve(callerDir, a)));
const child = spawn(process.execPath, ['--enable-source-maps', entry, ...args], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, SHSP_CALLER_DIR: callerDir },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
