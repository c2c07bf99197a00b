import { Http } from './server.js';
import { BENCH_PASSWORD } from './seed.js';

/** sweep: one move of the simulated clock applies every due deadline before it answers. */
export async function benchSweep(url: string, items: number) {
  const admin = new Http(url);
  await admin.login('admin', BENCH_PASSWORD);
  const t0 = performance.now();
  const res = await admin.req('PUT', '/system/clock', { now: '2024-06-01T09:00:00+08:00' });
  const ms = Math.round(performance.now() - t0);
  if (res.status !== 200) throw new Error(`clock: ${res.status} ${await res.text()}`);
  const { applied } = (await res.json()) as { applied: number };
  return { items, applied, ms, perSec: Math.round(applied / (ms / 1000)) };
}
