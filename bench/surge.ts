import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import pg from 'pg';
import { BENCH_PASSWORD } from './seed.js';
import { Http, percentile, rssMiB, type CpuSnapshot } from './server.js';
import { round } from './directory.js';
import { pdfOfSize } from '../server/src/test-support/pdf-stream.js';

const MIB = 1024 * 1024;

/** A real, parseable 1 MiB PDF (header, page, content stream of padding, xref, trailer), unique per tag. */
async function pdfOfOneMiB(tag: string): Promise<Buffer> {
  return Buffer.concat(await pdfOfSize(MIB, tag).stream().toArray());
}

function multipart(fields: Record<string, string>, file: Buffer): { body: Buffer; type: string } {
  const b = `----bench${crypto.randomBytes(8).toString('hex')}`;
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="材料.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    file as Buffer<ArrayBuffer>,
    Buffer.from(`\r\n--${b}--\r\n`),
  );
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${b}` };
}

/** Writing the same bytes straight to disk (fsync per file), same concurrency: the ceiling. */
async function diskCeiling(files: Buffer[], concurrency: number): Promise<number> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-disk-'));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < files.length; i = next++) {
        const fh = await fs.open(path.join(dir, String(i)), 'w');
        await fh.writeFile(files[i]!);
        await fh.sync();
        await fh.close();
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  await fs.rm(dir, { recursive: true, force: true });
  return (files.length * MIB) / MIB / s;
}

/**
 * The same request bodies, same concurrency, to a bare receiver (bench/http-ceiling-server.mjs) in
 * its own process: what HTTP, hashing and fsync alone allow on this machine.
 */
async function httpCeiling(bodies: { body: Buffer; type: string }[], concurrency: number): Promise<{ mibPerSec: number; cpuMs: number }> {
  const child = fork(path.join(import.meta.dirname, 'http-ceiling-server.mjs'), { stdio: 'ignore' });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m) => resolve((m as { port: number }).port));
      child.once('exit', (code) => reject(new Error(`http ceiling server exited (${code})`)));
    });
    const h = new Http(`http://127.0.0.1:${port}`);
    let next = 0;
    const cpu0 = await cpuMs(child.pid!);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          const res = await h.send('POST', '/upload', bodies[i]!.body, { 'content-type': bodies[i]!.type });
          if (res.status !== 201) throw new Error(`http ceiling: ${res.status}`);
        }
      }),
    );
    const mibPerSec = bodies.length / ((performance.now() - t0) / 1000);
    return { mibPerSec, cpuMs: (await cpuMs(child.pid!)) - cpu0 };
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * surge: every applicant, in the window's last simulated minute, uploads 7 PDFs of 1 MiB and
 * submits. Then every stored file is re-hashed against its row (lost = mismatches or missing).
 */
export async function benchSurge(url: string, pid: number, usernames: string[], dbUrl?: string, cpu?: () => Promise<CpuSnapshot>) {
  // sign-ins before the clock starts, sixteen at a time (200 password hashes at once starved a loaded machine's pool: 503)
  const clients: { h: Http; app: { id: string; items: { id: string }[] } }[] = new Array(usernames.length);
  let nextUser = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = nextUser++; i < usernames.length; i = nextUser++) {
        const h = new Http(url);
        await h.login(usernames[i]!, BENCH_PASSWORD);
        const apps = (await (await h.req('GET', '/applications')).json()) as { items: { id: string }[] };
        const app = (await (await h.req('GET', `/applications/${apps.items[0]!.id}`)).json()) as { id: string; items: { id: string }[] };
        clients[i] = { h, app };
      }
    }),
  );
  const plan = (itemId: string) => [
    { kind: 'credit_proof' },
    { kind: 'application_form' },
    { kind: 'license_copy' },
    { kind: 'work_plan' },
    { kind: 'sample_paper', itemId },
    { kind: 'sample_paper', itemId },
    { kind: 'credit_proof' },
  ];
  const files = await Promise.all(clients.flatMap((c, ci) => plan(c.app.items[0]!.id).map((_, k) => pdfOfOneMiB(`${ci}-${k}`))));
  // every request body is built before the clock starts: the client allocates nothing while measured
  const bodies = clients.flatMap((c, ci) => plan(c.app.items[0]!.id).map((f, k) => multipart(f as Record<string, string>, files[ci * 7 + k]!)));
  // the last simulated minute starts now, after every applicant has signed in
  const admin = new Http(url);
  await admin.login('admin', BENCH_PASSWORD);
  const moved = await admin.req('PUT', '/system/clock', { now: '2024-08-28T23:59:00+08:00' });
  if (moved.status !== 200) throw new Error(`clock: ${moved.status} ${await moved.text()}`);
  const rssBefore = await rssMiB(pid);
  const cpuBefore = await cpuSplit(pid);
  const allBefore = await cpu?.();
  const memory = process.env.BENCH_MEMORY ? sampleMemory(url) : undefined;
  let rssPeak = rssBefore;
  const sampler = setInterval(
    () =>
      void rssMiB(pid)
        .then((r) => (rssPeak = Math.max(rssPeak, r)))
        .catch(() => {}),
    100,
  );
  const latencies: number[] = [];
  let errors = 0;
  const waits = process.env.BENCH_WAITS && dbUrl ? sampleWaits(dbUrl) : undefined;
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (c, ci) => {
      for (let k = 0; k < 7; k++) {
        const { body, type } = bodies[ci * 7 + k]!;
        const s = performance.now();
        const res = await c.h
          .send('POST', `/applications/${c.app.id}/materials`, body, { 'content-type': type })
          .catch((err: Error) => ({ status: 0, text: err.message }));
        latencies.push(performance.now() - s);
        if (res.status !== 201) {
          errors++;
          if (errors <= 3) console.error('upload refused:', res.status, res.text);
        }
      }
      const s = performance.now();
      const res = await c.h.req('POST', `/applications/${c.app.id}/submit`, {});
      latencies.push(performance.now() - s);
      if (res.status !== 200) {
        errors++;
        if (errors <= 3) console.error('submit refused:', res.status, await res.text());
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpuAfter = await cpuSplit(pid);
  const serverCpuMs = cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system;
  const allAfter = await cpu?.();
  clearInterval(sampler);
  if (memory) console.log("the server's memory over the surge (MiB, /metrics every 200 ms):", await memory.stop());
  if (waits) console.log('what the database sessions were doing (samples):', await waits.stop());
  const uploads = clients.length * 7;
  const mibPerSec = uploads / seconds;
  const diskMibPerSec = await diskCeiling(files, 16);
  const http = await httpCeiling(bodies, clients.length);
  const httpMibPerSec = http.mibPerSec;
  // lost: a file we sent whose bytes do not come back identical (downloaded through the API)
  let lost = 0;
  const sent = new Set(files.map((f) => crypto.createHash('sha256').update(f).digest('hex')));
  const stored = new Set<string>();
  // (after the clock stopped: eight clients at a time, so the check does not take longer than the surge)
  let nextClient = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = nextClient++; i < clients.length; i = nextClient++) {
        const c = clients[i]!;
        const app = (await (await c.h.req('GET', `/applications/${c.app.id}`)).json()) as { materials: { id: string; sha256: string }[] };
        for (const m of app.materials) {
          const data = Buffer.from(await (await c.h.req('GET', `/applications/${c.app.id}/materials/${m.id}`)).arrayBuffer());
          const h = crypto.createHash('sha256').update(data).digest('hex');
          if (h !== m.sha256) lost++;
          else stored.add(h);
        }
      }
    }),
  );
  for (const h of sent) if (!stored.has(h)) lost++;
  return {
    uploads,
    mibPerSec: round(mibPerSec, 1),
    diskMibPerSec: round(diskMibPerSec, 1),
    ratio: round(mibPerSec / diskMibPerSec),
    // context, not the goal: the same bodies through a bare node:http receiver (hash + fsync only)
    httpMibPerSec: round(httpMibPerSec, 1),
    ratioToHttp: round(mibPerSec / httpMibPerSec),
    errors,
    lost,
    p99Ms: Math.round(percentile(latencies, 99)),
    rssGrowthMiB: round(rssPeak - rssBefore, 1),
    seconds: round(seconds, 1),
    // context: the server's own CPU time per upload (user + system) — what other load on the machine does not change much
    serverCpuMsPerUpload: round(serverCpuMs / uploads, 1),
    serverSystemCpuMsPerUpload: round((cpuAfter.system - cpuBefore.system) / uploads, 1),
    // the bare receiver's, for the same bodies: what HTTP, SHA-256 and a file with its fsync cost alone
    httpCpuMsPerUpload: round(http.cpuMs / uploads, 1),
    // …and PostgreSQL's (the postmaster and its backends), on the same two cores
    ...(allBefore && allAfter ? { pgCpuMsPerUpload: round((allAfter.postgresMs - allBefore.postgresMs) / uploads, 1) } : {}),
  };
}

/** CPU time (user + system) a process has used, from /proc (Linux; clock ticks of 10 ms). */
async function cpuMs(pid: number): Promise<number> {
  const { user, system } = await cpuSplit(pid);
  return user + system;
}

/** The same, split: user (the process's own code) and system (the kernel on its behalf: sockets, files). */
async function cpuSplit(pid: number): Promise<{ user: number; system: number }> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(f[11]) * 10, system: Number(f[12]) * 10 };
}

/**
 * BENCH_MEMORY=1: where the server's memory is while the surge runs — resident set, V8 heap and memory
 * outside it (Buffers), from its own /metrics (on outside production): at the start and at their peaks.
 */
function sampleMemory(url: string) {
  const names = ['process_resident_memory_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_external_memory_bytes'];
  const first = new Map<string, number>();
  const peak = new Map<string, number>();
  // the garbage collector's time and count by kind (major, minor, incremental, weakcb), first and last seen
  const gcFirst = new Map<string, number>();
  const gcLast = new Map<string, number>();
  let on = true;
  const loop = (async () => {
    while (on) {
      const text = await (await fetch(`${url}/metrics`)).text().catch(() => '');
      for (const n of names) {
        const m = new RegExp(`^${n} (\\S+)`, 'm').exec(text);
        if (!m) continue;
        const v = Number(m[1]) / 1024 / 1024;
        if (!first.has(n)) first.set(n, v);
        peak.set(n, Math.max(peak.get(n) ?? 0, v));
      }
      for (const m of text.matchAll(/^nodejs_gc_duration_seconds_(sum|count)\{kind="(\w+)"\} (\S+)/gm)) {
        const k = `${m[2]} ${m[1] === 'sum' ? 'ms' : 'n'}`;
        const v = Number(m[3]) * (m[1] === 'sum' ? 1000 : 1);
        if (!gcFirst.has(k)) gcFirst.set(k, v);
        gcLast.set(k, v);
      }
      await new Promise((res) => setTimeout(res, 200));
    }
  })();
  return {
    async stop() {
      on = false;
      await loop;
      const memory = Object.fromEntries(
        names.map((n) => [n.replace(/^(process|nodejs)_|_bytes$/g, ''), { start: round(first.get(n) ?? 0, 1), peak: round(peak.get(n) ?? 0, 1) }]),
      );
      const gc = Object.fromEntries([...gcLast].map(([k, v]) => [k, Math.round(v - (gcFirst.get(k) ?? 0))]));
      return { ...memory, gc };
    },
  };
}

/** BENCH_WAITS=1: what PostgreSQL's sessions wait on while the surge runs (a diagnostic, not a figure). */
function sampleWaits(dbUrl: string) {
  const c = new pg.Client({ connectionString: dbUrl });
  const counts = new Map<string, number>();
  let on = true;
  const loop = (async () => {
    await c.connect();
    while (on) {
      const r = await c.query<{ k: string; n: string }>(
        `SELECT coalesce(wait_event_type, '-') || ':' || coalesce(wait_event, 'running') || ':' || state AS k, count(*) AS n
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1`,
      );
      for (const row of r.rows) counts.set(row.k, (counts.get(row.k) ?? 0) + Number(row.n));
      await new Promise((res) => setTimeout(res, 100));
    }
  })();
  return {
    async stop() {
      on = false;
      await loop;
      await c.end();
      return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
    },
  };
}
