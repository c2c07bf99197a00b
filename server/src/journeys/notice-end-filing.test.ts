import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../bootstrap/inject-client.js';
import { Journey, applyAndSubmit, expectStatus, makeCast, passInstitution, type Cast, type CaseHandle } from '../bootstrap/journey.js';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';

/**
 * 三(五) the end of a public notice files its items set-wise: the statements it costs do not grow with
 * the number of items (a call's last notice can hold a thousand), and each filing is still whole —
 * consecutive receipt numbers, its SM3 digests fixed and named in its own audit record, its log
 * event, its message, its expiry clock.
 */
let counting = false;
let statements = 0;
const original = pg.Client.prototype.query;

describe('the end of a public notice files its items at once', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  const anon = () => new Client(sys.app);
  const apps: CaseHandle[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    (pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
      if (counting) statements++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    sys = await createTestSystem({ now: '2024-08-26T09:00:00+08:00' });
    sys.log.nudge = () => {}; // the log sequences after commit, off this path: not counted here
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    const campaign = await j.campaign2024();
    const orgs = [
      { username: 'ne_p1', name: '上海东方咖啡培训有限公司', uscc: '91310115MA1H000011' },
      { username: 'ne_p2', name: '上海市美容美发行业协会', uscc: '51310000MJ0000001N', legalForm: 'social_group' as const },
    ];
    for (const [i, o] of orgs.entries()) {
      const { client } = await j.registerOrg(o);
      clients.push(client);
      apps.push(await applyAndSubmit(j, cast, client, campaign, [[33], [30, 36, 37]][i]!, ['310115']));
    }
    sys.clock.set(new Date('2024-09-02T09:00:00+08:00'));
    for (const app of apps) await passInstitution(cast, app, '2024-09-03');
    sys.clock.set(new Date('2024-10-08T10:00:00+08:00'));
    for (const app of apps) {
      for (const it of app.items) {
        expectStatus(await cast.center.post(`/application-items/${it.id}/project-evaluation`, { result: 'pass', summary: '通过' }), 200, 'project');
        expectStatus(await cast.bureau.post(`/application-items/${it.id}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve');
      }
    }
  });
  afterAll(async () => {
    pg.Client.prototype.query = original;
    await sys?.close();
  });

  it('one item or three: the same statements, and every filing whole', async () => {
    sys.clock.set(new Date('2024-10-14T10:00:00+08:00'));
    const one = await cast.center.post('/publicities', { title: '公示（一项）', applicationItemIds: apps[0]!.items.map((i) => i.id) });
    const three = await cast.center.post('/publicities', { title: '公示（三项）', applicationItemIds: apps[1]!.items.map((i) => i.id) });
    expectStatus(one, 201, 'notice of one');
    expectStatus(three, 201, 'notice of three');
    const ends = new Date('2024-10-19T00:00:00+08:00');
    expect(one.json().endsOn).toBe('2024-10-18');
    const close = async (id: string) => {
      statements = 0;
      counting = true;
      await sys.services.publicity.close(id, ends);
      counting = false;
      return statements;
    };
    const forOne = await close(one.json().id);
    const forThree = await close(three.json().id);
    expect(forThree).toBe(forOne);
    expect(forOne).toBeLessThanOrEqual(29); // 27 statements and the transaction's begin and commit

    const filings = (await cast.center.get('/filings?pageSize=50')).json().items as { receiptNo: string; applicationItemId: string }[];
    // numbered in the notices' order: the first notice's item, then the second's in the application's order
    expect(filings.map((f) => f.receiptNo).sort()).toEqual(['SHPB-2024-00001', 'SHPB-2024-00002', 'SHPB-2024-00003', 'SHPB-2024-00004']);
    const byItem = new Map(filings.map((f) => [f.applicationItemId, f.receiptNo]));
    expect([...apps[0]!.items, ...apps[1]!.items].map((i) => byItem.get(i.id))).toEqual([
      'SHPB-2024-00001',
      'SHPB-2024-00002',
      'SHPB-2024-00003',
      'SHPB-2024-00004',
    ]);
    const db = sys.database.db;
    for (const receiptNo of byItem.values()) {
      const v = (await anon().get(`/public/filings/${receiptNo}`)).json();
      expect(v.status).toBe('active');
      expect(v.validUntil).toBe('2027-10-18');
      expect(v.integrity.intact).toBe(true);
      const audit = await db.selectFrom('audit_log').select('after').where('action', '=', 'filing.issue').where('entity_id', '=', receiptNo).execute();
      expect(audit).toHaveLength(1);
      expect((audit[0]!.after as { snapshotDigest: string }).snapshotDigest).toBe(v.integrity.snapshotDigest);
      const events = await db.selectFrom('filing_events').select('type').where('receipt_no', '=', receiptNo).execute();
      expect(events.map((e) => e.type)).toEqual(['filing.issued']);
      const clock = await db.selectFrom('deadlines').select('due_at').where('kind', '=', 'filing_expiry').where('subject_id', '=', receiptNo).execute();
      expect(clock).toHaveLength(1);
    }
    // the second organisation is told of each of its three filings
    const inbox = (await clients[1]!.get('/inbox?pageSize=100')).json() as { items: { title: string; body: string }[] };
    for (const receiptNo of [...byItem.values()].slice(1)) expect(inbox.items.filter((n) => n.body.includes(receiptNo))).toHaveLength(1);
  });
});
