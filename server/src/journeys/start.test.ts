import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The newcomer's path: `npm start` (scripts/start.mjs) builds if needed, starts a real node on an
 * embedded PostgreSQL in DATA_DIR, prints its URL; restarts keep the data; production refuses
 * simulated time. Start-up time is printed for the issue note, never asserted.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const children: ChildProcess[] = [];

function start(env: Record<string, string>): Promise<{ child: ChildProcess; url?: string; output: string; code?: number | null; ms: number }> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], { cwd: root, env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env } });
  children.push(child);
  let output = '';
  return new Promise((resolve) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}`, output, ms: Date.now() - t0 });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ child, output, code, ms: Date.now() - t0 }));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise((r) => {
    child.on('exit', r);
    child.kill('SIGTERM');
  });
}

afterAll(async () => {
  for (const c of children) await stop(c).catch(() => {});
});

describe('npm start', () => {
  it('starts on an embedded PostgreSQL, serves the API, moves simulated time, and keeps data across restarts', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-start-'));
    const env = { DATA_DIR: dataDir, ADMIN_PASSWORD: 'Start#Chief2024', APP_CLOCK: '2024-08-26T09:00:00+08:00', NODE_ENV: 'development' };
    const first = await start(env);
    expect(first.url, first.output).toBeTruthy();
    console.log(`server start (fresh DATA_DIR, incl. build if needed and initdb): ${first.ms} ms`);
    expect(await (await fetch(`${first.url}/api/v1/health`)).json()).toEqual({ status: 'ok' });
    const login = await fetch(`${first.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Start#Chief2024' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const moved = await fetch(`${first.url}/api/v1/system/clock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ now: '2024-09-02T10:00:00+08:00' }),
    });
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as { now: string }).now.startsWith('2024-09-02T10:00')).toBe(true);
    await stop(first.child);

    const second = await start(env);
    expect(second.url, second.output).toBeTruthy();
    console.log(`server start (existing DATA_DIR): ${second.ms} ms`);
    const again = await fetch(`${second.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Start#Chief2024' }),
    });
    expect(again.status).toBe(200);
    const campaigns = (await (await fetch(`${second.url}/api/v1/campaigns`)).json()) as unknown[];
    expect(campaigns).toHaveLength(1);
    await stop(second.child);
    await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }); // a postmaster still shutting down may write its last files a moment longer
  }, 120_000);

  it('refuses simulated time in production, with a message that says why', async () => {
    const r = await start({
      NODE_ENV: 'production',
      APP_CLOCK: '2024-08-26T09:00:00+08:00',
      DATA_ENCRYPTION_KEY: 'ab'.repeat(32),
      DATA_DIR: path.join(os.tmpdir(), 'shsp-never'),
    });
    expect(r.code).toBe(1);
    expect(r.output).toContain('APP_CLOCK');
  }, 120_000);
});
