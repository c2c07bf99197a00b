import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPg } from '../server/src/platform/db/database.js';

export const root = path.resolve(import.meta.dirname, '..');

export interface BenchEnv {
  pg: EmbeddedPg;
  adminUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

/** One real PostgreSQL for the whole bench run, in a temporary folder. */
export async function startDatabase(): Promise<BenchEnv> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-bench-'));
  // BENCH_PG_STATS=1: PostgreSQL keeps statement statistics (planning and execution time), and the
  // transitions bench prints where the database's time went
  const settings = process.env.BENCH_PG_STATS ? ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track_planning=on'] : [];
  const pgInstance = await startEmbeddedPostgres(dataDir, { database: 'bench_admin', settings });
  return {
    pg: pgInstance,
    adminUrl: pgInstance.url,
    dataDir,
    async close() {
      await pgInstance.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return withDatabase(adminUrl, name);
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  pid: number;
  stop(): Promise<void>;
}

/** The production build, as a separate process (what a load balancer would talk to). */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const entry = path.join(root, 'dist/server/src/main.js');
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), entry], {
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
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  child.stdout.removeAllListeners('data');
  child.stderr.on('data', (d: Buffer) => process.stderr.write(`[server] ${d.toString()}`));
  return {
    url,
    child,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise((r) => {
        child.on('exit', r);
        child.kill('SIGTERM');
      });
    },
  };
}

/** Resident set size of a process, from /proc (Linux). */
export async function rssMiB(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** A small HTTP client with a cookie jar and CSRF header, over fetch. */
export class Http {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}
  async req(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const isBuf = body instanceof Uint8Array;
    const res = await fetch(`${this.base}/api/v1${p}`, {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined && !isBuf ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isBuf ? (body as unknown as BodyInit) : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    return res;
  }
  /**
   * A prepared body over node:http with a keep-alive agent: no copy of the body into a web stream
   * (fetch clones every Uint8Array body), so a load of large uploads measures the server, not the
   * client's garbage collector.
   */
  send(method: string, p: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; text: string }> {
    const u = new URL(`${this.base}/api/v1${p}`);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname + u.search,
          method,
          agent: Http.agent,
          headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'content-length': String(body.length), ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
  static readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });

  async login(username: string, password: string): Promise<void> {
    const res = await this.req('POST', '/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }
}

/** CPU time (ms, user + system) a process has used, with its children that have exited and been waited for. */
async function cpuOf(pid: number, withChildren: boolean): Promise<number> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(f[11] ?? 0) + Number(f[12] ?? 0) + (withChildren ? Number(f[13] ?? 0) + Number(f[14] ?? 0) : 0);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/**
 * CPU used so far by the node under test and by the bench's PostgreSQL (the postmaster and every
 * backend): what a step costs in work, which a loaded machine changes far less than it changes time.
 */
export interface CpuSnapshot {
  serverMs: number;
  postgresMs: number;
  benchMs: number;
}
export async function cpuSnapshot(serverPid: number, pgDataDir: string): Promise<CpuSnapshot> {
  const pidFile = (await fs.readdir(pgDataDir, { recursive: true })).find((f) => String(f).endsWith('postmaster.pid'));
  const postmaster = pidFile ? Number((await fs.readFile(path.join(pgDataDir, String(pidFile)), 'utf8')).split('\n')[0]) : 0;
  let postgresMs = postmaster ? await cpuOf(postmaster, true) : 0;
  for (const d of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = await fs.readFile(`/proc/${d}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (postmaster && ppid === postmaster) postgresMs += await cpuOf(Number(d), false);
  }
  const u = process.cpuUsage();
  return { serverMs: await cpuOf(serverPid, false), postgresMs, benchMs: (u.user + u.system) / 1000 };
}

/**
 * BENCH_PG_STATS=1: where PostgreSQL's time went during the measured part alone (statistics reset
 * when this is called): the top statements by planning + execution time.
 */
export async function statementStats(dbUrl: string) {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await c.query('SELECT pg_stat_statements_reset()');
  return {
    async print() {
      try {
        const r = await c.query<{ calls: string; plan_ms: number; exec_ms: number; rows: string; query: string }>(
          `SELECT calls, round(total_plan_time::numeric, 1)::float AS plan_ms, round(total_exec_time::numeric, 1)::float AS exec_ms, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS query
           FROM pg_stat_statements ORDER BY total_plan_time + total_exec_time DESC LIMIT 25`,
        );
        console.table(r.rows);
      } finally {
        await c.end();
      }
    },
  };
}
