/**
 * `npm run bench`: the production build against real PostgreSQL, each figure a ratio against a
 * ceiling measured in the same run (so it means something on a noisy 2-core machine). Prints a
 * table and writes bench-results.json. Never asserts a time: numbers are reported, not judged.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { connect } from '../server/src/platform/db/database.js';
import { migrate } from '../server/src/platform/db/migrate.js';
import { seedReferenceData } from '../server/src/bootstrap/seed.js';
import { BENCH_PASSWORD, seedDirectory, seedSubmitted, seedSurge, seedSweep } from './seed.js';
import { cpuSnapshot, createDatabase, root, startDatabase, startServer } from './server.js';
import { benchDirectory, coldStart } from './directory.js';
import { benchSurge } from './surge.js';
import { benchTransitions } from './transitions.js';
import { benchSweep } from './sweep.js';
import { benchLog } from './log.js';

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

async function prepared(adminUrl: string, name: string, seed: (db: ReturnType<typeof connect>['db']) => Promise<unknown>) {
  const url = await createDatabase(adminUrl, name);
  const h = connect(url, 4);
  await migrate(h.pool);
  await seedReferenceData(h.db);
  const seeded = await seed(h.db);
  return { url, h, seeded };
}

async function main(): Promise<void> {
  const t0 = Date.now();
  console.log('building the production build…');
  const b = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) process.exit(1);
  const env = await startDatabase();
  const results: Record<string, unknown> = {
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    startedAt: new Date().toISOString(),
  };
  const common = { ADMIN_PASSWORD: BENCH_PASSWORD, RATE_LOGIN_PER_MIN: '100000', RATE_REGISTER_PER_HOUR: '100000', RATE_OBJECTION_PER_MIN: '100000' };
  try {
    if (wanted('directory')) {
      const t = Date.now();
      const { url, h, seeded } = await prepared(env.adminUrl, 'bench_directory', (db) => seedDirectory(db, 20_000));
      const seedSeconds = Math.round((Date.now() - t) / 100) / 10;
      const { organizations, filings } = seeded as { organizations: number; filings: number };
      const env2 = { ...common, DATABASE_URL: url, DATA_DIR: path.join(env.dataDir, 'directory') };
      const { server: s, coldStartMs, listenMs } = await coldStart(() => startServer(env2));
      results.directory = { organizations, filings, seedSeconds, coldStartMs, listenMs, ...(await benchDirectory(s.url, organizations, 10, s.pid)) };
      console.log('directory', results.directory);
      await s.stop();
      await h.close();
    }
    if (wanted('surge')) {
      const { url, h, seeded } = await prepared(env.adminUrl, 'bench_surge', (db) => seedSurge(db, 200));
      const s = await startServer({ ...common, DATABASE_URL: url, DATA_DIR: path.join(env.dataDir, 'surge'), APP_CLOCK: '2024-08-28T23:59:00+08:00' });
      results.surge = await benchSurge(s.url, s.pid, seeded as string[], url, () => cpuSnapshot(s.pid, env.dataDir));
      console.log('surge', results.surge);
      await s.stop();
      await h.close();
    }
    if (wanted('transitions')) {
      const { url, h } = await prepared(env.adminUrl, 'bench_transitions', (db) => seedSubmitted(db, Number(process.env.BENCH_TRANSITIONS_N ?? 1000)));
      const s = await startServer({ ...common, DATABASE_URL: url, DATA_DIR: path.join(env.dataDir, 'transitions'), APP_CLOCK: '2024-09-02T09:00:00+08:00' });
      results.transitions = await benchTransitions(s.url, url, h.db, () => cpuSnapshot(s.pid, env.dataDir));
      console.log('transitions', results.transitions);
      await s.stop();
      await h.close();
    }
    if (wanted('sweep')) {
      const { url, h } = await prepared(env.adminUrl, 'bench_sweep', (db) => seedSweep(db, 100_000, 10_000));
      const s = await startServer({ ...common, DATABASE_URL: url, DATA_DIR: path.join(env.dataDir, 'sweep'), APP_CLOCK: '2023-12-01T09:00:00+08:00' });
      results.sweep = await benchSweep(s.url, 100_000, s.pid, path.join(env.dataDir, 'pg'), url);
      console.log('sweep', results.sweep);
      await s.stop();
      await h.close();
    }
    if (wanted('log')) {
      const { h } = await prepared(env.adminUrl, 'bench_log', async () => undefined);
      results.log = await benchLog(h.db);
      console.log('log', results.log);
      await h.close();
    }
  } finally {
    await env.close();
  }
  results.totalSeconds = Math.round((Date.now() - t0) / 1000);
  await fs.writeFile(path.join(root, 'bench-results.json'), JSON.stringify(results, null, 2));
  const rows: [string, string][] = [];
  const r = results as Record<string, Record<string, number>>;
  if (r.directory)
    rows.push([
      'directory',
      `${r.directory.filings} filings / ${r.directory.organizations} organisations: ${r.directory.rps} rps vs /health ${r.directory.baselineRps} → ratio ${r.directory.ratio} (goal ≥ 0.5), p99 ${r.directory.p99Ms} ms (goal < 50), cold start ${r.directory.coldStartMs} ms (goal < 5000); server CPU ${r.directory.serverCpuUsPerRequest} µs/request (/health ${r.directory.baselineServerCpuUsPerRequest})`,
    ]);
  if (r.surge)
    rows.push([
      'surge',
      `${r.surge.uploads} uploads, ${r.surge.mibPerSec} MiB/s vs a bare HTTP receiver ${r.surge.httpMibPerSec} → ratio ${r.surge.ratioToHttp} (goal ≥ 0.5; vs disk ${r.surge.diskMibPerSec} → ${r.surge.ratio}), errors ${r.surge.errors}, lost ${r.surge.lost} (goal 0, 0), p99 ${r.surge.p99Ms} ms, RSS +${r.surge.rssGrowthMiB} MiB (goal < 64)`,
    ]);
  if (r.transitions)
    rows.push(['transitions', `${r.transitions.perSec}/s vs single-row updates ${r.transitions.baselinePerSec}/s → ratio ${r.transitions.ratio} (goal ≥ 0.1)`]);
  if (r.log)
    rows.push([
      'log',
      `${r.log.leaves} leaves (${r.log.storageMiB} MiB): inclusion proof ${r.log.inclusionProofHashes} hashes = ${r.log.inclusionProofBytes} B in ${r.log.inclusionProofMs} ms; commit → signed checkpoint p50 ${r.log.commitToCheckpointP50Ms} ms, p99 ${r.log.commitToCheckpointP99Ms} ms`,
    ]);
  if (r.sweep)
    rows.push([
      'sweep',
      `${r.sweep.applied} of ${r.sweep.items} applied in ${r.sweep.ms} ms (goal < 1000); CPU: server ${r.sweep.serverCpuMs} ms, PostgreSQL ${r.sweep.pgCpuMs} ms`,
    ]);
  console.log('\n' + rows.map(([k, v]) => `${k.padEnd(12)} ${v}`).join('\n'));
  console.log(`\nbench-results.json written (${String(results.totalSeconds)} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
