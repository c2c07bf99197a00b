import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../app.js';
import { Journey, expectStatus } from '../bootstrap/journey.js';
import { SimulatedClock } from '../platform/clock/clock.js';
import { Client, createTestSystem, samplePdf, type TestSystem } from '../test-support/harness.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * api-v1 "Trust": an audit record is written in the same transaction as the change it records, with
 * the business clock's time. The test clock stands at 2024-08-26 while the wall clock does not: every
 * record written here must carry 2024-08-26 as its business time; a change whose record cannot be
 * written is not made, and a refused change leaves neither.
 */
const BUSINESS = '2024-08-26T10:00:00+08:00';
const BUSINESS_UTC = new Date(BUSINESS).toISOString();

describe('audit records: the business clock, one transaction with their change', () => {
  let sys: TestSystem;
  let j: Journey;

  const lastSeq = async () => (await sys.ctx.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst())?.seq ?? '0';
  const recordsAfter = (seq: string) => sys.ctx.db.selectFrom('audit_log').selectAll().where('seq', '>', seq).orderBy('seq').execute();
  const iso = (d: Date | string) => new Date(d).toISOString();

  /** Makes the database refuse audit records matching `where` (SQL over NEW), as a failing write would. */
  async function refuseAudit(where: string): Promise<() => Promise<void>> {
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF ${where} THEN RAISE EXCEPTION 'audit record refused by the test'; END IF; RETURN NEW; END $$`,
      )
      .execute(sys.ctx.db);
    await sql`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`.execute(sys.ctx.db);
    return async () => {
      await sql`DROP TRIGGER test_refuse_audit ON audit_log`.execute(sys.ctx.db);
    };
  }

  beforeAll(async () => {
    sys = await createTestSystem({ now: BUSINESS });
    j = new Journey(sys.app);
  });
  afterAll(async () => sys?.close());

  it('logins, account work, calendar edits, a campaign window, material upload and download, blob checks: every record carries the business clock', async () => {
    const since = await lastSeq();
    await j.loginAdmin('Chief-Passw0rd!');
    const staff = await j.staff({ username: 'abc_center', role: 'center', displayName: '中心经办人' });
    expectStatus(await j.admin.put('/calendar/days/2025-01-02', { type: 'holiday', name: '测试假日' }), 200, 'calendar day');
    expectStatus(await j.admin.put('/calendar/years/2027', { days: [{ date: '2027-01-01', type: 'holiday', name: '元旦' }] }), 200, 'calendar year');
    const first17 = '91310115MA1AB0001';
    const org = await j.registerOrg({ username: 'abc_org', name: '上海业务时钟测试有限公司', uscc: `${first17}${usccCheckChar(first17)}` });
    const campaign = await j.campaign2024();
    const created = await org.client.post('/applications', { campaignId: campaign.id, industryAuthority: '上海市商务委员会', items: [], sites: [] });
    expectStatus(created, 201, 'application');
    const appId = created.json().id as string;
    const up = await org.client.upload(`/applications/${appId}/materials`, { kind: 'credit_proof' }, { name: '信用报告.pdf', content: samplePdf('credit') });
    expectStatus(up, 201, 'upload');
    expectStatus(await org.client.get(`/applications/${appId}/materials/${up.json().id}`), 200, 'download');
    expectStatus(await j.admin.get('/system/blobs/verify'), 200, 'blobs verify');
    expectStatus(await j.admin.post('/system/blobs/cleanup'), 200, 'blobs cleanup');
    expectStatus(await j.admin.post(`/campaigns/${campaign.id}/window`, { closesAt: '2024-08-30T00:00:00+08:00', reason: '测试顺延' }), 200, 'window');
    expectStatus(await staff.client.post('/auth/logout'), 204, 'logout');
    const refused = new Client(sys.app);
    expect((await refused.post('/auth/login', { username: 'abc_center', password: 'Wrong#Passw0rd1' })).statusCode).toBe(401);

    const records = await recordsAfter(since);
    const actions = records.map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'auth.login',
        'user.create',
        'auth.password_changed',
        'calendar.day',
        'calendar.year',
        'account.register',
        'application.create',
        'material.upload',
        'material.download',
        'blobs.verify',
        'blobs.cleanup',
        'campaign.window',
        'auth.logout',
      ]),
    );
    expect(records.filter((r) => r.action === 'auth.login' && r.result === 'refused')).toHaveLength(1);
    // the business clock, never the wall clock (which is not 2024-08-26)
    expect(records.filter((r) => iso(r.business_at) !== BUSINESS_UTC).map((r) => `${r.action} @ ${iso(r.business_at)}`)).toEqual([]);
    expect(records.every((r) => iso(r.at) !== BUSINESS_UTC)).toBe(true);
  });

  it('a refused calendar edit leaves no record and no change', async () => {
    const since = await lastSeq();
    const days2025 = (await j.admin.get('/calendar/days?year=2025')).json();
    const unknownYear = await j.admin.put('/calendar/days/2031-01-02', { type: 'holiday', name: '未知年份' });
    expect(unknownYear.statusCode).toBe(422);
    expect(unknownYear.json().code).toBe('CALENDAR_UNKNOWN');
    const otherYear = await j.admin.put('/calendar/years/2028', { days: [{ date: '2029-01-01', type: 'holiday', name: '元旦' }] });
    expect(otherYear.statusCode).toBe(400);
    expect(otherYear.json().code).toBe('VALIDATION_FAILED');
    // the same date twice used to fail in the database (500); now refused before anything is written
    const twice = await j.admin.put('/calendar/years/2028', {
      days: [
        { date: '2028-01-01', type: 'holiday', name: '元旦' },
        { date: '2028-01-01', type: 'workday', name: '调休' },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().code).toBe('VALIDATION_FAILED');
    expect(twice.json().detail).toContain('2028-01-01');
    expect((await j.admin.put('/calendar/days/2025-02-30', { type: 'holiday', name: 'x' })).statusCode).toBe(400);
    expect(await recordsAfter(since)).toEqual([]);
    expect((await j.admin.get('/calendar/years')).json().years).not.toContain(2028);
    expect((await j.admin.get('/calendar/days?year=2031')).json()).toEqual({ year: 2031, known: false, days: [] });
    expect((await j.admin.get('/calendar/days?year=2025')).json()).toEqual(days2025);
  });

  it('a calendar change whose audit record cannot be written is not made (one transaction)', async () => {
    const since = await lastSeq();
    const days2025 = (await j.admin.get('/calendar/days?year=2025')).json();
    const allow = await refuseAudit(`NEW.entity_type = 'calendar'`);
    try {
      expect((await j.admin.put('/calendar/years/2028', { days: [{ date: '2028-01-01', type: 'holiday', name: '元旦' }] })).statusCode).toBe(500);
      expect((await j.admin.put('/calendar/days/2025-01-03', { type: 'holiday', name: '不应写入' })).statusCode).toBe(500);
    } finally {
      await allow();
    }
    expect(await recordsAfter(since)).toEqual([]);
    expect((await j.admin.get('/calendar/years')).json().years).not.toContain(2028);
    expect((await j.admin.get('/calendar/days?year=2028')).json().days).toEqual([]);
    expect((await j.admin.get('/calendar/days?year=2025')).json()).toEqual(days2025);
    // with the log writable again the same change goes through, with its record
    expectStatus(await j.admin.put('/calendar/years/2028', { days: [{ date: '2028-01-01', type: 'holiday', name: '元旦' }] }), 200, 'load 2028');
    expect((await recordsAfter(since)).map((r) => [r.action, r.entity_id, iso(r.business_at)])).toEqual([['calendar.year', '2028', BUSINESS_UTC]]);
  });

  describe('simulated time (APP_CLOCK): PUT /system/clock', () => {
    let node: BuiltApp;
    let clock: SimulatedClock;
    let admin: Client;

    beforeAll(async () => {
      // a second node on the same database, running on a simulated clock as with APP_CLOCK
      clock = new SimulatedClock(sys.ctx.db, new Date(BUSINESS));
      await clock.publish();
      node = await buildApp({ ...sys.ctx, clock });
      admin = new Client(node.app);
      expectStatus(await admin.login('admin', 'Chief-Passw0rd!'), 200, 'admin on the simulated node');
    });
    afterAll(async () => node?.app.close());

    const storedClock = async () =>
      iso((await sys.ctx.db.selectFrom('system_clock').select('simulated_now').where('id', '=', 1).executeTakeFirstOrThrow()).simulated_now);

    it('the move and its record commit together; the record carries the business time the move was made at', async () => {
      const since = await lastSeq();
      const before = clock.now().getTime();
      const realBefore = Date.now();
      const res = await admin.put('/system/clock', { now: '2024-09-10T10:00:00+08:00' });
      expectStatus(res, 200, 'move');
      const realElapsed = Date.now() - realBefore;
      expect(res.json()).toMatchObject({ simulated: true });
      expect(res.json().now).toMatch(/^2024-09-10T10:00/);
      expect(await storedClock()).toBe('2024-09-10T02:00:00.000Z');
      const moves = (await recordsAfter(since)).filter((r) => r.action === 'system.clock');
      expect(moves).toHaveLength(1);
      const move = moves[0]!;
      const businessAt = new Date(move.business_at).getTime();
      expect(businessAt).toBeGreaterThanOrEqual(before);
      expect(businessAt).toBeLessThanOrEqual(before + realElapsed);
      expect(move.after).toEqual({ now: '2024-09-10T10:00:00+08:00' });
      expect(new Date((move.before as { now: string }).now).getTime()).toBe(businessAt);
      // a login on this node is stamped with its (moved) business clock too
      const since2 = await lastSeq();
      expectStatus(await new Client(node.app).login('admin', 'Chief-Passw0rd!'), 200, 'login');
      const login = (await recordsAfter(since2)).find((r) => r.action === 'auth.login')!;
      expect(iso(login.business_at).slice(0, 10)).toBe('2024-09-10');
    });

    it('a move whose audit record cannot be written is not made', async () => {
      const since = await lastSeq();
      const stored = await storedClock();
      const allow = await refuseAudit(`NEW.action = 'system.clock'`);
      try {
        expect((await admin.put('/system/clock', { now: '2025-03-01T10:00:00+08:00' })).statusCode).toBe(500);
      } finally {
        await allow();
      }
      expect(await storedClock()).toBe(stored);
      expect(iso(clock.now()).slice(0, 10)).toBe('2024-09-10');
      expect((await admin.get('/system/clock')).json().now).toMatch(/^2024-09-10/);
      expect((await recordsAfter(since)).filter((r) => r.action === 'system.clock')).toEqual([]);
    });
  });
});
