import fs from 'node:fs/promises';
import path from 'node:path';
import { Http, statementStats } from './server.js';
import { BENCH_PASSWORD } from './seed.js';

/**
 * sweep: one move of the simulated clock applies every due deadline before it answers (and the
 * transparency log has signed over their filing events). Besides the wall time, the CPU the server
 * and PostgreSQL spent on it: the work itself, which a loaded machine does not inflate the way it
 * inflates the wall time.
 */
export async function benchSweep(url: string, items: number, serverPid: number, pgDataDir: string, dbUrl?: string) {
  const admin = new Http(url);
  await admin.login('admin', BENCH_PASSWORD);
  const stats = process.env.BENCH_PG_STATS && dbUrl ? await statementStats(dbUrl) : null;
  const postmaster = Number((await fs.readFile(path.join(pgDataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  // a node that just started loads its public directory (100,000 filings: a second or two of both
  // CPUs): the sweep is measured once the server and PostgreSQL are idle, not on top of that
  const settledMs = await quiet(serverPid, postmaster);
  const [server0, pg0] = [await cpuMs(serverPid), await treeCpuMs(postmaster)];
  const t0 = performance.now();
  const res = await admin.req('PUT', '/system/clock', { now: '2024-06-01T09:00:00+08:00' });
  const ms = Math.round(performance.now() - t0);
  if (res.status !== 200) throw new Error(`clock: ${res.status} ${await res.text()}`);
  const { applied } = (await res.json()) as { applied: number };
  const serverCpuMs = (await cpuMs(serverPid)) - server0;
  const pgCpuMs = (await treeCpuMs(postmaster)) - pg0;
  if (stats) await stats.print();
  return { items, applied, ms, perSec: Math.round(applied / (ms / 1000)), serverCpuMs, pgCpuMs, settledMs };
}

/** Waits (at most 20 s) until neither the server nor PostgreSQL used CPU for half a second; answers how long it took. */
async function quiet(serverPid: number, postmaster: number): Promise<number> {
  const t0 = Date.now();
  let last = (await cpuMs(serverPid)) + (await treeCpuMs(postmaster));
  let still = 0;
  while (still < 2 && Date.now() - t0 < 20_000) {
    await new Promise((r) => setTimeout(r, 250));
    const now = (await cpuMs(serverPid)) + (await treeCpuMs(postmaster));
    still = now - last <= TICK_MS ? still + 1 : 0;
    last = now;
  }
  return Date.now() - t0;
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
