import autocannon from 'autocannon';
import { DISTRICTS, NAME_FRAGMENTS } from './seed.js';

/** A varied mix of directory queries: name fragments, occupations, levels, districts, pages, USCCs. */
function randomPath(i: number): string {
  const r = (n: number) => Math.floor(Math.random() * n);
  const params = new URLSearchParams();
  switch (i % 6) {
    case 0:
      params.set('q', NAME_FRAGMENTS[r(NAME_FRAGMENTS.length)]!);
      break;
    case 1:
      params.set('itemSeq', String(1 + r(87)));
      break;
    case 2:
      params.set('district', DISTRICTS[r(16)]!);
      params.set('level', String(3 + r(3)));
      break;
    case 3:
      params.set('q', NAME_FRAGMENTS[r(NAME_FRAGMENTS.length)]!);
      params.set('district', DISTRICTS[r(16)]!);
      break;
    case 4:
      params.set('page', String(1 + r(20)));
      break;
    default:
      params.set('q', `9131DR${String(1 + r(2000)).padStart(12, '0')}`);
      break;
  }
  return `/api/v1/public/organizations?${params}`;
}

async function run(url: string, path: string | null, seconds: number) {
  let i = 0;
  const result = await autocannon({
    url,
    connections: 50,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req: { path?: string }) => ({ ...req, path: path ?? randomPath(i++) }) }],
  });
  const errors = result.errors + result.non2xx;
  return { rps: result.requests.average, p99Ms: result.latency.p99, errors };
}

/** directory: /public/organizations against /health of the same server, same run. */
export async function benchDirectory(url: string, seconds = 10) {
  await run(url, null, 2); // warm-up
  const base = await run(url, '/api/v1/health', seconds);
  const dir = await run(url, null, seconds);
  return { rps: Math.round(dir.rps), baselineRps: Math.round(base.rps), ratio: round(dir.rps / base.rps), p99Ms: dir.p99Ms, errors: dir.errors };
}

export const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
