import pg from 'pg';
import type { Db } from '../server/src/platform/db/database.js';
import { BENCH_PASSWORD } from './seed.js';
import { Http, statementStats, type CpuSnapshot } from './server.js';
import { round } from './directory.js';

async function ok(res: Response | Promise<{ status: number; text: string }>, what: string): Promise<void> {
  if (res instanceof Response) {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    return;
  }
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
}

/** A command over node:http with keep-alive (fetch's web streams cost the client ~2 ms a request on these cores — decision 0009). */
const post = (h: Http, p: string, body: unknown) =>
  h.send('POST', p, Buffer.from(JSON.stringify(body)), { 'content-type': 'application/json', 'accept-encoding': 'br, gzip' }); // compressed answers, as a browser asks

/**
 * transitions: 1,000 submitted applications driven through the whole lifecycle (accept, experts,
 * three reviews, inspection, institution evaluation, project evaluation, approval, public notice,
 * filing) by concurrent staff, against single-row updates of the same table in the same run.
 */
export async function benchTransitions(url: string, dbUrl: string, db: Db, cpu: () => Promise<CpuSnapshot>) {
  const center = await Promise.all(
    [0, 1, 2, 3].map(async (i) => {
      const h = new Http(url);
      await h.login(`bench_center${i}`, BENCH_PASSWORD);
      return h;
    }),
  );
  const bureau = await Promise.all(
    [0, 1].map(async (i) => {
      const h = new Http(url);
      await h.login(`bench_bureau${i}`, BENCH_PASSWORD);
      return h;
    }),
  );
  const experts = await Promise.all(
    [0, 1, 2].map(async (i) => {
      const h = new Http(url);
      await h.login(`bench_expert${i}`, BENCH_PASSWORD);
      return h;
    }),
  );
  const expertIds = (await db.selectFrom('users').select('id').where('username', 'like', 'bench_expert%').orderBy('username').execute()).map((u) => u.id);
  const apps = await db
    .selectFrom('applications as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .innerJoin('application_items as i', 'i.application_id', 'a.id')
    .innerJoin('sites as s', 's.application_id', 'a.id')
    .select(['a.id', 'i.id as item_id', 's.id as site_id'])
    .where('o.uscc', 'like', '9131TR%')
    .execute();
  let commands = 0;
  // BENCH_PG_STATS=1: where PostgreSQL's time went during the nine commands of every case
  const stats = process.env.BENCH_PG_STATS ? await statementStats(dbUrl) : null;
  const cpu0 = await cpu();
  const t0 = performance.now();
  const workers = 8;
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const c = center[w % center.length]!;
      const b = bureau[w % bureau.length]!;
      for (let i = next++; i < apps.length; i = next++) {
        const a = apps[i]!;
        await ok(post(c, `/applications/${a.id}/acceptance`, { decision: 'accept', reason: '' }), 'accept');
        await ok(post(c, `/applications/${a.id}/experts`, { expertUserIds: expertIds }), 'experts');
        for (const e of experts)
          await ok(
            post(e, `/applications/${a.id}/expert-reviews`, { conflictOfInterest: false, score: 80, opinion: '符合', recommendation: 'pass' }),
            'review',
          );
        await ok(
          post(c, `/applications/${a.id}/site-inspections`, {
            siteId: a.site_id,
            inspectedOn: '2024-09-03',
            inspectors: ['甲'],
            findings: '符合',
            result: 'pass',
          }),
          'inspect',
        );
        await ok(post(c, `/applications/${a.id}/institution-evaluation`, { result: 'pass', summary: '通过' }), 'institution');
        await ok(post(c, `/application-items/${a.item_id}/project-evaluation`, { result: 'pass', summary: '通过' }), 'project');
        await ok(post(b, `/application-items/${a.item_id}/approval`, { decision: 'approve', comment: '同意' }), 'approve');
        commands += 9;
      }
    }),
  );
  const tCommands = performance.now();
  const cpu1 = await cpu();
  await stats?.print();
  const nineCommands = commands;
  // the public notice, in batches, then its end: every item filed
  for (let i = 0; i < apps.length; i += 100) {
    await ok(
      await center[0]!.req('POST', '/publicities', { title: '基准公示', applicationItemIds: apps.slice(i, i + 100).map((a) => a.item_id) }),
      'publicity',
    );
    commands += 1;
  }
  const tNotice = performance.now();
  const admin = new Http(url);
  await admin.login('admin', BENCH_PASSWORD);
  await ok(await admin.req('PUT', '/system/clock', { now: '2024-09-20T09:00:00+08:00' }), 'clock');
  commands += apps.length; // each item filed
  const tEnd = performance.now();
  const seconds = (tEnd - t0) / 1000;
  const filed = await db
    .selectFrom('filings')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();

  // baseline: single-row updates of the same table, same concurrency, same number of statements
  const pool = new pg.Pool({ connectionString: dbUrl, max: workers });
  const cpuB0 = await cpu();
  const b0 = performance.now();
  let k = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = k++; i < commands; i = k++) {
        await pool.query('UPDATE applications SET updated_at = now() WHERE id = $1', [apps[i % apps.length]!.id]);
      }
    }),
  );
  const baseSeconds = (performance.now() - b0) / 1000;
  const cpuB1 = await cpu();
  await pool.end();
  const perSec = commands / seconds;
  const baselinePerSec = commands / baseSeconds;
  return {
    applications: apps.length,
    commands,
    filed: Number(filed.n),
    perSec: round(perSec, 1),
    baselinePerSec: round(baselinePerSec, 1),
    ratio: round(perSec / baselinePerSec),
    seconds: round(seconds, 1),
    // where the time went: the nine commands per case, the public notices, the filings at the notice's end
    // work, not time: CPU per command of the nine (node under test, PostgreSQL, the bench's own client)
    // against PostgreSQL's CPU per single-row update — far steadier than rates on a loaded machine
    cpuMsPerCommand: {
      server: round((cpu1.serverMs - cpu0.serverMs) / nineCommands, 3),
      postgres: round((cpu1.postgresMs - cpu0.postgresMs) / nineCommands, 3),
      benchClient: round((cpu1.benchMs - cpu0.benchMs) / nineCommands, 3),
    },
    baselineCpuMsPerUpdate: {
      postgres: round((cpuB1.postgresMs - cpuB0.postgresMs) / commands, 3),
      benchClient: round((cpuB1.benchMs - cpuB0.benchMs) / commands, 3),
    },
    phases: { commandsS: round((tCommands - t0) / 1000, 1), noticesS: round((tNotice - tCommands) / 1000, 1), filingS: round((tEnd - tNotice) / 1000, 1) },
  };
}

/** Where PostgreSQL's time went during the commands (BENCH_PG_STATS=1): the top statements by planning + execution. */
