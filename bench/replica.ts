/**
 * `npx tsx bench/replica.ts` (issue 11, decision 0019): a real primary and streaming hot standby (the
 * embedded binaries), the directory seeded with 20,000 organisations, then
 * - replication lag: how long after a commit on the primary the standby has replayed it (what a
 *   receipt verification waits for), idle and under four busy writers, with PostgreSQL's own
 *   `pg_stat_replication.replay_lag`;
 * - a node with DATABASE_REPLICA_URL: its cold start (directory built from the standby), the directory
 *   against `/health` of the same node, and verification with and without the replica.
 * Reports numbers; asserts none. Prints JSON and writes bench-replica.json.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { seedReferenceData } from '../server/src/bootstrap/seed.js';
import { connect } from '../server/src/platform/db/database.js';
import { migrate } from '../server/src/platform/db/migrate.js';
import { replicaReads } from '../server/src/platform/db/replica.js';
import { startPrimaryAndReplica } from '../server/src/test-support/replica.js';
import { BENCH_PASSWORD, DISTRICTS, NAME_FRAGMENTS, seedDirectory } from './seed.js';
import { root } from './server.js';

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.floor(q * s.length))]!, 2);
};

async function startNode(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'warn', SWEEP_INTERVAL_MS: '3600000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`node exited (${code}): ${out}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((r) => {
        child.removeAllListeners('exit');
        child.on('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}

/** autocannon over `path()` (a new path per request), 16 connections */
async function load(url: string, path: () => string, seconds: number) {
  const r = await autocannon({ url, connections: 16, duration: seconds, requests: [{ setupRequest: (req) => ({ ...req, path: path() }) }] });
  return { rps: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors + r.non2xx + r.timeouts };
}

const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;
/** a name fragment, a district, a page: a varied mix, so no one answer is memoised */
const directoryPath = () => {
  const p = new URLSearchParams({ q: pick(NAME_FRAGMENTS), page: String(1 + Math.floor(Math.random() * 3)) });
  if (Math.random() < 0.5) p.set('district', pick(DISTRICTS));
  return `/api/v1/public/organizations?${p}`;
};

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-bench-replica-'));
  await fs.chmod(dir, 0o755);
  const pair = await startPrimaryAndReplica(dir, 'bench_replica');
  const primary = connect(pair.primaryUrl, 8);
  const replica = connect(pair.replicaUrl, 8);
  const results: Record<string, unknown> = { machine: { cpus: os.cpus().length, node: process.version }, startedAt: new Date().toISOString() };
  try {
    await migrate(primary.pool);
    await seedReferenceData(primary.db);
    const t = Date.now();
    await seedDirectory(primary.db, 20_000);
    const count = async (table: 'organizations' | 'filings') =>
      Number(
        (
          await primary.db
            .selectFrom(table)
            .select((e) => e.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const filings = await count('filings');
    results.seed = { organizations: await count('organizations'), filings, seconds: round((Date.now() - t) / 1000, 1) };
    const reads = replicaReads(primary.db, replica.db);
    await reads.caughtUp(120_000);

    // replication lag, as verification sees it: commit on the primary, then wait for the standby
    await sql`CREATE TABLE bench_lag (id int PRIMARY KEY, v int NOT NULL)`.execute(primary.db);
    await sql`INSERT INTO bench_lag SELECT g, 0 FROM generate_series(1, 64) g`.execute(primary.db);
    await reads.caughtUp(10_000);
    const lag = async (n: number) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) {
        await sql`UPDATE bench_lag SET v = v + 1 WHERE id = ${1 + (i % 64)}`.execute(primary.db);
        const t0 = performance.now();
        if (!(await reads.caughtUp(5_000))) throw new Error('the standby did not catch up within 5 s');
        ms.push(performance.now() - t0);
      }
      return { commits: n, p50Ms: quantile(ms, 0.5), p99Ms: quantile(ms, 0.99), maxMs: round(Math.max(...ms), 2) };
    };
    const idle = await lag(500);
    let stop = false;
    let written = 0;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        await sql`UPDATE bench_lag SET v = v + 1 WHERE id = ${1 + ((w * 16 + i) % 64)}`.execute(primary.db);
        written++;
      }
    });
    const t1 = performance.now();
    const busy = await lag(500);
    const busySeconds = (performance.now() - t1) / 1000;
    const pgLag = await sql<{ replay_lag: string | null; write_lag: string | null }>`SELECT replay_lag::text, write_lag::text FROM pg_stat_replication`.execute(
      primary.db,
    );
    stop = true;
    await Promise.all(writers);
    results.lag = {
      idle,
      busy: { ...busy, backgroundCommitsPerSec: Math.round(written / busySeconds) },
      pgStatReplication: pgLag.rows[0] ?? null,
    };
    console.log('lag', results.lag);

    // a node reading the standby: cold start to its first directory answer, then the directory against /health
    const env = { DATABASE_URL: pair.primaryUrl, ADMIN_PASSWORD: BENCH_PASSWORD, RATE_LOGIN_PER_MIN: '100000' };
    const t2 = performance.now();
    const server = await startNode({ ...env, DATABASE_REPLICA_URL: pair.replicaUrl, DATA_DIR: path.join(dir, 'node-r') });
    const first = await fetch(`${server.url}${directoryPath()}`);
    if (first.status !== 200) throw new Error(`directory answered ${first.status}`);
    await first.arrayBuffer();
    const coldStartMs = Math.round(performance.now() - t2);
    await load(server.url, directoryPath, 2); // warm-up
    const health = await load(server.url, () => '/api/v1/health', 10);
    const directory = await load(server.url, directoryPath, 10);
    const receipt = () => `/api/v1/public/filings/SHPB-2024-${String(1 + Math.floor(Math.random() * filings)).padStart(5, '0')}`;
    const verifyReplica = await load(server.url, receipt, 10);
    await server.stop();
    const plain = await startNode({ ...env, DATA_DIR: path.join(dir, 'node-p') });
    await load(plain.url, receipt, 2); // warm-up
    const verifyPrimary = await load(plain.url, receipt, 10);
    await plain.stop();
    results.node = {
      coldStartMs,
      health,
      directory: { ...directory, ratioToHealth: round(directory.rps / health.rps) },
      verification: { withReplica: verifyReplica, primaryOnly: verifyPrimary },
    };
    console.log('node', results.node);
  } finally {
    await primary.close();
    await replica.close();
    await pair.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(results, null, 2));
  await fs.writeFile(path.join(root, 'bench-replica.json'), JSON.stringify(results, null, 2) + '\n');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
