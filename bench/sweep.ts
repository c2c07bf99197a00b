import fs from 'node:fs/promises';
import path from 'node:path';
import { Http } from './server.js';
import { BENCH_PASSWORD } from './seed.js';

/**
 * sweep: one move of the simulated clock applies every due deadline before it answers (and the
 * transparency log has signed over their filing events). Besides the wall time, the CPU the server
 * and PostgreSQL spent on it: the work itself, which a loaded machine does not inflate the way it
 * inflates the wall time.
 */
export async function benchSweep(url: string, items: number, serverPid: number, pgDataDir: string) {
  const admin = new Http(url);
  await admin.login('admin', BENCH_PASSWORD);
  const postmaster = Number((await fs.readFile(path.join(pgDataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const [server0, pg0] = [await cpuMs(serverPid), await treeCpuMs(postmaster)];
  const t0 = performance.now();
  const res = await admin.req('PUT', '/system/clock', { now: '2024-06-01T09:00:00+08:00' });
  const ms = Math.round(performance.now() - t0);
  if (res.status !== 200) throw new Error(`clock: ${res.status} ${await res.text()}`);
  const { applied } = (await res.json()) as { applied: number };
  const serverCpuMs = (await cpuMs(serverPid)) - server0;
  const pgCpuMs = (await treeCpuMs(postmaster)) - pg0;
  return { items, applied, ms, perSec: Math.round(applied / (ms / 1000)), serverCpuMs, pgCpuMs };
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

/** utime, stime, cutime, cstime of a process (ms), from /proc. */
async function times(pid: number): Promise<number[]> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [11, 12, 13, 14].map((i) => Number(fields[i]) * TICK_MS);
}

async function cpuMs(pid: number): Promise<number> {
  const [u, s] = await times(pid);
  return u! + s!;
}

/** A postmaster and its backends: the live ones' own time, the exited ones' through the postmaster's children totals. */
async function treeCpuMs(postmaster: number): Promise<number> {
  let total = (await times(postmaster)).reduce((a, b) => a + b, 0);
  for (const d of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === postmaster) continue;
    try {
      const stat = await fs.readFile(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) total += await cpuMs(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
