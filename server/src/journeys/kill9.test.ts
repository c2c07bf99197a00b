import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../bootstrap/inject-client.js';
import { Journey, applyAndSubmit, makeCast, type Cast, type CaseHandle } from '../bootstrap/journey.js';
import { startNode, type NodeProcess } from '../test-support/processes.js';
import { templateDatabase } from '../test-support/harness.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * kill -9 of a node in the middle of state changes: after a restart nothing is half-written (every
 * application's status is the one its own history ends in), and the audit chain verifies.
 */
describe('kill -9 during state changes', () => {
  let database: Awaited<ReturnType<typeof templateDatabase>>;
  let dbUrl: string;
  let dataDir: string;
  let env: Record<string, string>;
  let node: NodeProcess;
  let cast: Cast;
  const cases: CaseHandle[] = [];

  beforeAll(async () => {
    database = await templateDatabase('k9');
    dbUrl = database.url;
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-k9-'));
    env = {
      DATABASE_URL: dbUrl,
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: 'Chief-Passw0rd!',
      APP_CLOCK: '2024-08-26T09:00:00+08:00',
      RATE_LOGIN_PER_MIN: '10000',
      RATE_REGISTER_PER_HOUR: '10000',
    };
    node = await startNode(env);
    const j = new Journey(node.url);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { districts: ['310115'] });
    const campaign = await j.campaign2024();
    for (let i = 0; i < 6; i++) {
      const first17 = `913101150K${String(i).padStart(7, '0')}`;
      const { client } = await j.registerOrg({ username: `k9_${i}`, name: `上海断电测试${i}公司`, uscc: `${first17}${usccCheckChar(first17)}` });
      cases.push(await applyAndSubmit(j, cast, client, campaign, [40 + i], ['310115']));
    }
  }, 120_000);

  afterAll(async () => {
    await node?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }); // a postmaster still shutting down may write its last files a moment longer
    await database?.drop();
  });

  it('leaves every case whole and the audit chain valid', async () => {
    // the centre works through the cases; the node is killed while requests are in flight
    const work = Promise.all(
      cases.map(async (c, i) => {
        await new Promise((r) => setTimeout(r, i * 15));
        await cast.center.post(`/applications/${c.id}/acceptance`, { decision: i % 2 ? 'accept' : 'return', reason: '请补正材料' }).catch(() => null);
        await cast.center.post(`/applications/${c.id}/experts`, { expertUserIds: cast.experts.map((e) => e.id) }).catch(() => null);
      }),
    );
    await new Promise((r) => setTimeout(r, 40));
    await node.stop('SIGKILL');
    await work;
    node = await startNode(env);
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    try {
      const rows = (
        await db.query(`
          SELECT a.id, a.status,
                 (SELECT e.to_status FROM application_events e WHERE e.application_id = a.id AND e.to_status IS NOT NULL AND e.item_id IS NULL ORDER BY e.id DESC LIMIT 1) AS last
          FROM applications a`)
      ).rows as { id: string; status: string; last: string }[];
      for (const r of rows) expect(r.status, r.id).toBe(r.last);
      // the version bump and the history row are one transaction: no status change without its audit record
      const orphans = (
        await db.query(`SELECT count(*) FROM application_events e WHERE e.to_status IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM audit_log l WHERE l.entity_id = e.application_id::text AND l.action LIKE 'application.%')`)
      ).rows[0].count;
      expect(Number(orphans)).toBe(0);
    } finally {
      await db.end();
    }
    const admin = new Client(node.url);
    await admin.login('admin', 'Chief-Passw0rd!');
    expect((await admin.get('/audit/verify')).json().valid).toBe(true);
  }, 120_000);
});
