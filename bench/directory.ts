import autocannon from 'autocannon';
import fs from 'node:fs/promises';
import { DISTRICTS, NAME_FRAGMENTS, directoryName, directoryUscc } from './seed.js';

const TRADES = NAME_FRAGMENTS.slice(20); // 职业技能, 人才发展, … (each in 1/17 of the names)

/**
 * A varied mix of directory queries over `orgs` seeded organisations: Chinese substrings from the
 * middle of a name (2–4 characters, mostly selective), a trade word (broad, paged), a USCC, an
 * item, an item and level, a district and level, a substring within a district, a page of all.
 * The space of distinct queries is large, so answers memoised per directory version do not carry it.
 */
export function randomPath(i: number, orgs: number): string {
  const r = (n: number) => Math.floor(Math.random() * n);
  const params = new URLSearchParams();
  const middle = () => {
    const name = directoryName(1 + r(orgs));
    const len = 2 + r(3);
    const at = 2 + r(name.length - 2 - len); // after 上海
    return name.slice(at, at + len);
  };
  switch (i % 8) {
    case 0:
      params.set('q', middle());
      break;
    case 1:
      params.set('q', TRADES[r(TRADES.length)]!);
      params.set('page', String(1 + r(5)));
      break;
    case 2:
      params.set('q', directoryUscc(1 + r(orgs)));
      break;
    case 3:
      params.set('itemSeq', String(1 + r(87)));
      break;
    case 4:
      params.set('itemSeq', String(1 + r(87)));
      params.set('level', String(1 + r(5)));
      break;
    case 5:
      params.set('district', DISTRICTS[r(16)]!);
      params.set('level', String(1 + r(5)));
      params.set('page', String(1 + r(3)));
      break;
    case 6:
      params.set('q', middle());
      params.set('district', DISTRICTS[r(16)]!);
      break;
    default:
      params.set('page', String(1 + r(50)));
      break;
  }
  return `/api/v1/public/organizations?${params}`;
}

/** CPU time (µs, user + system) a process has used so far, from /proc (Linux); 0 elsewhere. */
async function cpuUs(pid: number | undefined): Promise<number> {
  const stat = pid ? await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '') : '';
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11] ?? 0) + Number(f[12] ?? 0)) * 10_000; // USER_HZ is 100 on Linux
}

/** The server's garbage collection so far (ms by kind: major, minor, incremental, weakcb) and V8 heap in use (MiB), from its /metrics. */
async function gcOf(url: string): Promise<{ ms: Record<string, number>; heapMiB: number }> {
  const text = await (await fetch(`${url}/metrics`)).text().catch(() => '');
  const ms: Record<string, number> = {};
  for (const m of text.matchAll(/^nodejs_gc_duration_seconds_sum\{kind="(\w+)"\} (\S+)/gm)) ms[m[1]!] = Number(m[2]) * 1000;
  const heap = /^nodejs_heap_size_used_bytes (\S+)/m.exec(text);
  return { ms, heapMiB: Math.round(Number(heap?.[1] ?? 0) / 1024 / 1024) };
}

async function run(url: string, path: string | null, seconds: number, orgs: number, pid?: number) {
  let i = 0;
  const gc0 = await gcOf(url);
  const server0 = await cpuUs(pid);
  const bench0 = process.cpuUsage();
  const result = await autocannon({
    url,
    connections: 50,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req: { path?: string }) => ({ ...req, path: path ?? randomPath(i++, orgs) }) }],
  });
  const bench = process.cpuUsage(bench0);
  const server1 = await cpuUs(pid);
  const gc1 = await gcOf(url);
  const errors = result.errors + result.non2xx;
  const n = Math.max(1, result.requests.total);
  return {
    rps: result.requests.average,
    p99Ms: result.latency.p99,
    errors,
    // what a request costs in work, which a loaded machine changes far less than it changes time
    serverCpuUs: Math.round((server1 - server0) / n),
    benchCpuUs: Math.round((bench.user + bench.system) / n),
    // the server's garbage collection while the load ran, µs per request by kind, and its heap after
    gcUs: Object.fromEntries(Object.entries(gc1.ms).map(([k, v]) => [k, Math.round(((v - (gc0.ms[k] ?? 0)) * 1000) / n)])),
    heapMiB: gc1.heapMiB,
  };
}

/**
 * Cold start: from spawning a node to its first directory answer (the index built or loaded on the
 * way). `start` spawns the server and resolves with its URL once it listens.
 */
export async function coldStart<S extends { url: string }>(start: () => Promise<S>): Promise<{ server: S; coldStartMs: number; listenMs: number }> {
  const t0 = performance.now();
  const server = await start();
  const listenMs = Math.round(performance.now() - t0);
  const res = await fetch(`${server.url}/api/v1/public/organizations?q=${encodeURIComponent('技能')}`);
  if (res.status !== 200) throw new Error(`directory answered ${res.status}`);
  await res.arrayBuffer();
  return { server, coldStartMs: Math.round(performance.now() - t0), listenMs };
}

/**
 * directory: /public/organizations against /health of the same server, same run; with the server's
 * `pid`, the CPU the server and the load generator spent per request (µs) beside each.
 */
export async function benchDirectory(url: string, orgs: number, seconds = 10, pid?: number) {
  await run(url, null, 2, orgs); // warm-up
  const base = await run(url, '/api/v1/health', seconds, orgs, pid);
  const dir = await run(url, null, seconds, orgs, pid);
  return {
    rps: Math.round(dir.rps),
    baselineRps: Math.round(base.rps),
    ratio: round(dir.rps / base.rps),
    p99Ms: dir.p99Ms,
    baselineP99Ms: base.p99Ms,
    serverCpuUsPerRequest: dir.serverCpuUs,
    baselineServerCpuUsPerRequest: base.serverCpuUs,
    benchCpuUsPerRequest: dir.benchCpuUs,
    baselineBenchCpuUsPerRequest: base.benchCpuUs,
    gcUsPerRequest: dir.gcUs,
    baselineGcUsPerRequest: base.gcUs,
    heapMiB: dir.heapMiB,
    errors: dir.errors,
  };
}

export const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
