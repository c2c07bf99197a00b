import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../bootstrap/inject-client.js';
import { Journey, applyAndSubmit, expectStatus, makeCast, passInstitution, type Cast, type CaseHandle } from '../bootstrap/journey.js';
import { startNode, type NodeProcess } from '../test-support/processes.js';
import { templateDatabase } from '../test-support/harness.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * Two server processes on one database and one blob store behave as one system: sessions work on
 * either node, conflicting actions on one case resolve to one winner, both sweepers run and apply
 * each deadline once, receipt numbers stay unique and gapless.
 */
describe('two nodes, one system', () => {
  let database: Awaited<ReturnType<typeof templateDatabase>>;
  let dbUrl: string;
  let dataDir: string;
  let a: NodeProcess;
  let b: NodeProcess;
  let cast: Cast;
  let jA: Journey;
  const cases: { org: Client; app: CaseHandle }[] = [];

  beforeAll(async () => {
    database = await templateDatabase('mn');
    dbUrl = database.url;
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-mn-'));
    const env = {
      DATABASE_URL: dbUrl,
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: 'Chief-Passw0rd!',
      APP_CLOCK: '2024-08-26T09:00:00+08:00',
      SWEEP_INTERVAL_MS: '200',
      RATE_LOGIN_PER_MIN: '10000',
      RATE_REGISTER_PER_HOUR: '10000',
    };
    [a, b] = await Promise.all([startNode(env), startNode(env)]);
    jA = new Journey(a.url);
    await jA.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(jA);
    const campaign = await jA.campaign2024();
    for (let i = 0; i < 4; i++) {
      const first17 = `9131011${i}MA1H0000${i}`;
      const { client } = await jA.registerOrg({
        username: `mn_org${i}`,
        name: `上海多节点测试${i}有限公司`,
        uscc: `${first17}${usccCheckChar(first17)}`,
        district: '310115',
      });
      cases.push({ org: client, app: await applyAndSubmit(jA, cast, client, campaign, [33 + i], ['310115']) });
    }
  }, 120_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }); // a postmaster still shutting down may write its last files a moment longer
    await database?.drop();
  });

  it('a session made on one node is valid on the other, and logout on one ends it on both', async () => {
    const onB = new Client(b.url);
    onB.cookie = cases[0]!.org.cookie;
    onB.csrf = cases[0]!.org.csrf;
    expect((await onB.get('/auth/me')).statusCode).toBe(200);
    const temp = new Client(a.url);
    await temp.login('mn_org1', 'Shanghai#2024ok');
    const tempOnB = new Client(b.url);
    tempOnB.cookie = temp.cookie;
    tempOnB.csrf = temp.csrf;
    expect((await temp.post('/auth/logout')).statusCode).toBe(204);
    expect((await tempOnB.get('/auth/me')).statusCode).toBe(401);
  });

  it('conflicting actions on one case through two nodes: one wins, the other gets CONFLICT', async () => {
    const centerOnB = new Client(b.url);
    centerOnB.cookie = cast.center.cookie;
    centerOnB.csrf = cast.center.csrf;
    const id = cases[0]!.app.id;
    const [x, y] = await Promise.all([
      cast.center.post(`/applications/${id}/acceptance`, { decision: 'accept', reason: '' }),
      centerOnB.post(`/applications/${id}/acceptance`, { decision: 'reject', reason: '不符合条件' }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    const status = (await cast.center.get(`/applications/${id}`)).json().status;
    if (status === 'rejected') cases.shift(); // the loser's case is out of the rest of the journey
  });

  it('both sweepers run: every item is filed exactly once, receipt numbers gapless', async () => {
    for (const c of cases) {
      const st = (await cast.center.get(`/applications/${c.app.id}`)).json().status;
      await passInstitution(cast, c.app, '2024-08-27', { accepted: st === 'accepted' });
    }
    const admin = jA.admin;
    expectStatus(await admin.put('/system/clock', { now: '2024-09-10T10:00:00+08:00' }), 200, 'clock');
    for (const c of cases) {
      expectStatus(await cast.center.post(`/application-items/${c.app.items[0]!.id}/project-evaluation`, { result: 'pass', summary: '通过' }), 200, 'project');
      expectStatus(await cast.bureau.post(`/application-items/${c.app.items[0]!.id}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve');
    }
    expectStatus(await cast.center.post('/publicities', { title: '多节点公示', applicationItemIds: cases.map((c) => c.app.items[0]!.id) }), 201, 'publicity');
    // move time on node B; node A follows the shared clock; both sweepers race for the notice's end
    const adminB = new Client(b.url);
    adminB.cookie = admin.cookie;
    adminB.csrf = admin.csrf;
    expectStatus(await adminB.put('/system/clock', { now: '2024-09-20T10:00:00+08:00' }), 200, 'clock on B');
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    try {
      for (let i = 0; i < 100; i++) {
        const n = Number((await db.query('SELECT count(*) FROM filings')).rows[0].count);
        if (n === cases.length) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 1000)); // give a double application every chance to show
      const receipts = (await db.query('SELECT receipt_no FROM filings ORDER BY receipt_no')).rows.map((r) => r.receipt_no);
      expect(receipts).toEqual(cases.map((_, i) => `SHPB-2024-${String(i + 1).padStart(5, '0')}`));
      const issued = Number((await db.query("SELECT count(*) FROM audit_log WHERE action = 'filing.issue'")).rows[0].count);
      expect(issued).toBe(cases.length);
      const closes = Number((await db.query("SELECT count(*) FROM audit_log WHERE action = 'publicity.close'")).rows[0].count);
      expect(closes).toBe(1);
    } finally {
      await db.end();
    }
    const v = (await admin.get('/audit/verify')).json();
    expect(v.valid).toBe(true);
    // the directory of node B, which never wrote a filing itself, shows them all
    expect((await new Client(b.url).get('/public/organizations?q=多节点')).json().total).toBe(cases.length);
  }, 120_000);
});
