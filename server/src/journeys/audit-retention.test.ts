import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Client } from '../bootstrap/inject-client.js';
import { pruneAudit } from '../platform/audit/audit.js';

/** SEC-11: records are kept ≥ 180 days; the retention job never removes younger ones; the rest verifies. */
describe('audit retention', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await createTestSystem();
  });
  afterAll(async () => sys?.close());

  it('prunes only what is older than the period, and the remaining chain still verifies', async () => {
    const anon = new Client(sys.app);
    const attempt = () => anon.post('/auth/login', { username: 'nobody_here', password: 'Wrong#Pass1x' });
    for (let i = 0; i < 3; i++) await attempt();
    await new Promise((r) => setTimeout(r, 30));
    const boundary = new Date();
    await new Promise((r) => setTimeout(r, 30));
    for (let i = 0; i < 2; i++) await attempt();
    const db = sys.database.db;
    await sys.log.integrate(); // only records the log has sequenced are ever pruned
    const total = (await db.selectFrom('audit_log').select('seq').execute()).length;
    const older = (await db.selectFrom('audit_log').select('seq').where('at', '<', boundary).execute()).length;
    await expect(pruneAudit(db, 179, new Date())).rejects.toThrow(/180/);
    // 180 days after the boundary: the records before it have had their 180 days, the others not
    const later = new Date(boundary.getTime() + 180 * 86_400_000);
    expect(await pruneAudit(db, 180, later)).toBe(older);
    // … and the prune is itself recorded (a leaf naming how far it went)
    expect((await db.selectFrom('audit_log').select('seq').execute()).length).toBe(total - older + 1);
    expect((await db.selectFrom('audit_log').select('after').where('action', '=', 'audit.prune').executeTakeFirstOrThrow()).after).toMatchObject({
      removed: older,
    });
    const admin = new Client(sys.app);
    await admin.login('admin', 'Chief-Passw0rd!');
    const v = (await admin.get('/audit/verify')).json();
    expect(v).toMatchObject({ valid: true });
    // and nothing younger than 180 days is ever removed, whatever the clock says today
    expect(await pruneAudit(db, 180, new Date())).toBe(0);
  });

  it('an anchor moved by hand (to hide deleted records) is caught: no prune record names it', async () => {
    const db = sys.database.db;
    const newest = await db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    await db.updateTable('audit_anchor').set({ seq: newest.seq }).where('id', '=', 1).execute();
    const admin = new Client(sys.app);
    await admin.login('admin', 'Chief-Passw0rd!');
    const v = (await admin.get('/audit/verify')).json();
    expect(v.valid).toBe(false);
    expect(v.reason).toMatch(/锚点/);
  });

  it('the log refuses updates (append-only in the database itself)', async () => {
    const db = sys.database.db;
    await expect(db.updateTable('audit_log').set({ actor_label: 'x' }).execute()).rejects.toThrow(/append-only/);
  });
});
