import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, samplePdf } from '../bootstrap/inject-client.js';
import { Journey, expectStatus, itemsBySeq } from '../bootstrap/journey.js';
import { pdfOfSize } from '../test-support/pdf-stream.js';
import { startNode as startNodeProcess, type NodeProcess } from '../test-support/processes.js';

/**
 * Done-when of the documents issue: a real server (its own process, embedded PostgreSQL in
 * DATA_DIR) is killed with SIGKILL while several large uploads stream in slowly, three times at
 * different moments — the node alone (its PostgreSQL lives on as an orphan), the whole process
 * group (a power cut: PostgreSQL recovers from its WAL), and the node again as uploads finish —
 * and restarted on the same DATA_DIR each time. Afterwards, once the cleanup has run: no material
 * row without its file, no file without a row, no temporary left, every file's SHA-256 equal to its
 * row, every upload the server acknowledged still there, and the audit chain verifies.
 */
const ADMIN_PASSWORD = 'Crash#Chief2024';
const MIB = 1024 * 1024;

type Node = NodeProcess;
const nodes: ChildProcess[] = [];
const dataDirs: string[] = [];

/** A real node as the leader of its own process group (so a "power cut" can take PostgreSQL too). */
async function startNode(env: Record<string, string>): Promise<Node> {
  const node = await startNodeProcess(env, { detached: true });
  nodes.push(node.child);
  return node;
}

/** PostgreSQL's postmaster (it runs in a session of its own) and its backends. */
async function postgresProcesses(dataDir: string): Promise<number[]> {
  const postmaster = Number((await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => '0')).split('\n')[0]);
  if (!postmaster) return [];
  const children: number[] = [];
  for (const p of await fs.readdir('/proc').catch(() => [])) {
    const stat = await fs.readFile(`/proc/${p}/stat`, 'utf8').catch(() => '');
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) children.push(Number(p));
  }
  return [postmaster, ...children];
}

/** Running (a zombie — killed, not yet reaped — is not). */
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

/** kill -9 of the node; with `powerCut`, of its process group and of PostgreSQL and its backends too. */
async function kill9(node: Node, dataDir: string, powerCut: boolean): Promise<void> {
  const gone = new Promise((r) => node.child.once('exit', r));
  const pg = powerCut ? await postgresProcesses(dataDir) : [];
  if (powerCut) process.kill(-node.child.pid!, 'SIGKILL');
  else node.child.kill('SIGKILL');
  for (const pid of pg) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  await gone;
}

interface Upload {
  size: number;
  sha256: string;
  sent: () => number;
  done: Promise<{ status?: number; id?: string; error?: string }>;
}

/** A multipart upload over a real socket, written in `chunk`-sized pieces every `delayMs` — a slow client. */
function slowUpload(base: string, c: Client, appId: string, size: number, seed: string, delayMs: number, chunk = 64 * 1024): Upload {
  const pdf = pdfOfSize(size, seed);
  const boundary = `----crash${crypto.randomBytes(6).toString('hex')}`;
  const pre = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nwork_plan\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${seed}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const post = Buffer.from(`\r\n--${boundary}--\r\n`);
  let sent = 0;
  const done = new Promise<{ status?: number; id?: string; error?: string }>((resolve) => {
    const req = http.request(`${base}/api/v1/applications/${appId}/materials`, {
      method: 'POST',
      headers: {
        cookie: c.cookie!,
        'x-csrf-token': c.csrf!,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(pre.length + size + post.length),
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode, id: res.statusCode === 201 ? JSON.parse(body).id : undefined }));
      res.on('error', (e) => resolve({ error: e.message }));
    });
    req.on('error', (e) => resolve({ error: e.message }));
    void (async () => {
      req.write(pre);
      for await (const piece of pdf.stream({ chunk })) {
        if (req.destroyed) return;
        if (!req.write(piece)) await new Promise((r) => req.once('drain', r));
        sent += (piece as Buffer).length;
        await new Promise((r) => setTimeout(r, delayMs));
      }
      req.end(post);
    })().catch((e: Error) => resolve({ error: e.message }));
  });
  return { size, sha256: pdf.sha256(), sent: () => sent, done };
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

async function countFiles(dir: string): Promise<number> {
  let n = 0;
  for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) n += e.isDirectory() ? await countFiles(path.join(dir, e.name)) : 1;
  return n;
}

afterAll(async () => {
  // also after a failure: no node, and no PostgreSQL of ours, outlives the test
  for (const c of nodes) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dataDirs) {
    for (const pid of await postgresProcesses(d)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await fs.rm(d, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }); // a postmaster still shutting down may write its last files a moment longer
  }
});

describe('kill -9 during uploads, then restart', () => {
  it('leaves no orphan and loses nothing acknowledged', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-crash-'));
    dataDirs.push(dataDir);
    const env = {
      DATA_DIR: dataDir,
      ADMIN_PASSWORD,
      APP_CLOCK: '2024-08-26T09:00:00+08:00',
      BLOB_GRACE_SECONDS: '2',
      RATE_LOGIN_PER_MIN: '10000',
      RATE_REGISTER_PER_HOUR: '10000',
    };
    let node = await startNode(env);
    let j = new Journey(node.url);
    await j.loginAdmin(ADMIN_PASSWORD);
    let { client: org } = await j.registerOrg({ username: 'crash_org', name: '上海断电测试有限公司', uscc: '91310115MA1H000011' });
    const campaign = await j.campaign2024();
    const created = await org.post('/applications', {
      campaignId: campaign.id,
      industryAuthority: '上海市商务委员会',
      items: itemsBySeq(campaign.items, [33]),
      sites: [{ name: '考核点', address: '浦东1号', district: '310115' }],
    });
    expectStatus(created, 201, 'application');
    const appId = created.json().id as string;
    const acknowledged = new Map<string, string>(); // material id → sha256 the server answered 201 for
    const ack = (id: string | undefined, sha256: string) => id && acknowledged.set(id, sha256);

    const rounds: { slow: [number, number][]; killAt: number; group: boolean }[] = [
      // [size, ms between 64 KiB pieces]: 2–5 MiB at 2.5–8 MiB/s, so each takes about a second
      {
        slow: [
          [4 * MIB, 20],
          [3 * MIB, 15],
          [5 * MIB, 25],
          [2 * MIB, 10],
        ],
        killAt: 0.45,
        group: false,
      }, // the node alone
      {
        slow: [
          [4 * MIB, 12],
          [4 * MIB, 18],
          [3 * MIB, 8],
        ],
        killAt: 0.7,
        group: true,
      }, // node and PostgreSQL: a power cut
      {
        slow: [
          [2 * MIB, 8],
          [2 * MIB, 9],
          [3 * MIB, 14],
          [2 * MIB, 12],
        ],
        killAt: 0.97,
        group: false,
      }, // as uploads finish and commit
    ];
    for (const [r, round] of rounds.entries()) {
      const base = node.url;
      for (let i = 0; i < 2; i++) {
        const res = await org.upload(
          `/applications/${appId}/materials`,
          { kind: 'credit_proof' },
          { name: `r${r}-${i}.pdf`, content: samplePdf(`round ${r} ${i}`) },
        );
        expectStatus(res, 201, 'fast upload before the crash');
        ack(res.json().id, res.json().sha256);
      }
      const uploads = round.slow.map(([size, delay], i) => slowUpload(base, org, appId, size, `r${r}-slow${i}`, delay));
      // small uploads keep coming while the big ones stream
      let stop = false;
      const small = (async () => {
        for (let i = 0; !stop; i++) {
          const content = samplePdf(`round ${r} small ${i}`);
          const res = await org.upload(`/applications/${appId}/materials`, { kind: 'license_copy' }, { name: `s${i}.pdf`, content }).catch(() => null);
          if (res?.statusCode === 201) ack(res.json().id, res.json().sha256);
        }
      })();
      const total = uploads.reduce((n, u) => n + u.size, 0);
      await waitFor(() => uploads.reduce((n, u) => n + u.sent(), 0) >= total * round.killAt, 60_000);
      await kill9(node, dataDir, round.group);
      stop = true;
      await small;
      const results = await Promise.all(uploads.map((u) => u.done));
      results.forEach((res, i) => res.status === 201 && ack(res.id, uploads[i]!.sha256));
      expect(
        results.some((res) => res.error),
        `round ${r}: some upload was cut off`,
      ).toBe(true);
      // what the crash left: temporary files, and (node alone) a PostgreSQL that outlived its node
      const postmaster = Number((await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => '0')).split('\n')[0]);
      await new Promise((r) => setTimeout(r, 100));
      const orphan = postmaster > 0 && isAlive(postmaster);
      expect(orphan, `round ${r}: PostgreSQL outlived the node`).toBe(!round.group);
      console.log(
        `crash round ${r} (${round.group ? 'process group' : 'node only'}): ${results.filter((x) => x.status === 201).length}/${uploads.length} large uploads acknowledged, ${await countFiles(path.join(dataDir, 'blobs', 'tmp'))} temporary and ${await countFiles(path.join(dataDir, 'blobs', 'objects'))} complete files on disk, orphaned PostgreSQL: ${orphan}`,
      );
      node = await startNode(env);
      j = new Journey(node.url);
      // the same session at the new address: it lives in the database and survives the restarts
      org = Object.assign(new Client(node.url), { cookie: org.cookie, csrf: org.csrf });
      expect((await org.get('/auth/me')).statusCode, `round ${r}: session after restart`).toBe(200);
    }

    // let the grace period of the dead uploads pass, then clean up (the start-up round may have run too early)
    await new Promise((r) => setTimeout(r, 2500));
    const admin = new Client(node.url);
    expectStatus(await admin.login('admin', ADMIN_PASSWORD), 200, 'admin');
    const cleanup = (await admin.post('/system/blobs/cleanup', {})).json();
    const report = (await admin.get('/system/blobs/verify')).json();
    const audit = (await admin.get('/audit/verify')).json();
    const app = (await org.get(`/applications/${appId}`)).json();
    console.log(
      `crash test: ${acknowledged.size} uploads acknowledged, ${report.materials} material rows, cleanup ${JSON.stringify(cleanup)}, verify ${JSON.stringify({ valid: report.valid, verified: report.verified, missing: report.missing.length, mismatched: report.mismatched.length, unreferencedBlobs: report.unreferencedBlobs, pendingUploads: report.pendingUploads })}, audit ${JSON.stringify(audit)}`,
    );

    expect(report.missing, 'material rows without their file').toEqual([]);
    expect(report.mismatched, 'files whose SHA-256 differs from their row').toEqual([]);
    expect(report.verified).toBe(report.materials);
    expect(report.unreferencedBlobs, 'files without a row').toBe(0);
    expect(report.pendingUploads, 'uploads left in flight').toBe(0);
    expect(await countFiles(path.join(dataDir, 'blobs', 'objects'))).toBe(report.materials);
    expect(await countFiles(path.join(dataDir, 'blobs', 'tmp')), 'temporary files').toBe(0);
    expect(audit.valid).toBe(true);
    const listed = new Map<string, string>(app.materials.map((m: { id: string; sha256: string }) => [m.id, m.sha256]));
    expect(listed.size).toBe(report.materials);
    for (const [id, sha] of acknowledged) expect(listed.get(id), `acknowledged upload ${id}`).toBe(sha);
    // the cleanup did the removing: its audited rounds (at each start, and the one above) add up to the strays
    const cleanups = (await admin.get('/audit?entityType=system&entityId=blobs&limit=500'))
      .json()
      .items.filter((a: { action: string }) => a.action === 'blobs.cleanup');
    const removed = cleanups.reduce(
      (n: number, a: { after: { expiredUploads: number; temporary: number; unreferenced: number } }) =>
        n + a.after.expiredUploads + a.after.temporary + a.after.unreferenced,
      0,
    );
    console.log(`crash test: cleanup rounds ${cleanups.length}, strays removed ${removed}`);
    expect(removed, 'strays the crashes left, removed by the cleanup').toBeGreaterThan(0);
    // a material row for every upload the audit log says was stored
    const uploadsAudited = (await admin.get(`/audit?entityType=application&entityId=${appId}&limit=500`))
      .json()
      .items.filter((a: { action: string }) => a.action === 'material.upload');
    expect(uploadsAudited.length).toBe(report.materials);

    await new Promise((r) => {
      node.child.once('exit', r);
      node.child.kill('SIGTERM');
    });
    await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }); // a postmaster still shutting down may write its last files a moment longer
  }, 240_000);
});
