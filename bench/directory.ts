import autocannon from 'autocannon';
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

async function run(url: string, path: string | null, seconds: number, orgs: number) {
  let i = 0;
  const result = await autocannon({
    url,
    connections: 50,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req: { path?: string }) => ({ ...req, path: path ?? randomPath(i++, orgs) }) }],
  });
  const errors = result.errors + result.non2xx;
  return { rps: result.requests.average, p99Ms: result.latency.p99, errors };
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

/** directory: /public/organizations against /health of the same server, same run. */
export async function benchDirectory(url: string, orgs: number, seconds = 10) {
  await run(url, null, 2, orgs); // warm-up
  const base = await run(url, '/api/v1/health', seconds, orgs);
  const dir = await run(url, null, seconds, orgs);
  return { rps: Math.round(dir.rps), baselineRps: Math.round(base.rps), ratio: round(dir.rps / base.rps), p99Ms: dir.p99Ms, errors: dir.errors };
}

export const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
