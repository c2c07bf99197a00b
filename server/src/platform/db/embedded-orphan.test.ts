import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stopOrphanedPostmaster } from './embedded-orphan.js';

/**
 * A postmaster.pid whose pid now belongs to another process — after a power cut, or when pids wrap
 * round on a busy machine (pid_max 32768 here) — must not stop PostgreSQL from starting, and that
 * process must never be signalled. Seen in a crash test: the restarted node failed to start.
 */
describe('a stale postmaster.pid', () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });

  async function lockWith(pid: number) {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-orphan-'));
    const pgDir = path.join(dataDir, 'pg');
    await fs.mkdir(pgDir);
    await fs.writeFile(path.join(pgDir, 'postmaster.pid'), `${pid}\n${pgDir}\n1700000000\n5432\n`);
    return { dataDir, pgDir, lock: path.join(pgDir, 'postmaster.pid') };
  }
  const exists = (p: string) =>
    fs.access(p).then(
      () => true,
      () => false,
    );

  it('whose pid is now any other process: the lock is removed, the process left alone', async () => {
    const other = spawn('sleep', ['30']);
    children.push(other);
    const { dataDir, pgDir, lock } = await lockWith(other.pid!);
    await stopOrphanedPostmaster(dataDir, pgDir);
    expect(await exists(lock)).toBe(false);
    expect(other.exitCode).toBeNull();
    expect(() => process.kill(other.pid!, 0)).not.toThrow();
  });

  it('whose pid is now a PostgreSQL process of another data directory (a backend, another server): removed, left alone', async () => {
    // argv as a postmaster of somewhere else shows it: `postgres -D /elsewhere`
    const other = spawn('sh', ['-c', 'sleep 30; :', '-D', '/elsewhere/pg'], { argv0: 'postgres' });
    children.push(other);
    await new Promise((r) => setTimeout(r, 50));
    const { dataDir, pgDir, lock } = await lockWith(other.pid!);
    await stopOrphanedPostmaster(dataDir, pgDir);
    expect(await exists(lock)).toBe(false);
    expect(() => process.kill(other.pid!, 0)).not.toThrow();
  });

  it('whose pid is gone: left for PostgreSQL, which removes a dead pid’s lock itself', async () => {
    const gone = spawn('true');
    await new Promise((r) => gone.on('exit', r));
    const { dataDir, pgDir, lock } = await lockWith(gone.pid!);
    await stopOrphanedPostmaster(dataDir, pgDir);
    expect(await exists(lock)).toBe(true);
  });
});
