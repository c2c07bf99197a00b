import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Client } from '../bootstrap/inject-client.js';
import { Journey, applyAndSubmit, expectStatus, makeCast, passInstitution, type Cast, type CaseHandle } from '../bootstrap/journey.js';
import { Sweeper } from '../modules/deadlines/sweeper.js';
import { sql } from 'kysely';

/** 三(五) public notice, objections, filing; revocation and expiry; the sweeper on several nodes. */
describe('public notice, objections and filings', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let anon: Client;
  const apps: { org: Client; app: CaseHandle }[] = [];

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    anon = new Client(sys.app);
    const campaign = await j.campaign2024();
    const orgs = [
      { username: 'org_p1', name: '上海东方咖啡培训有限公司', uscc: '91310115MA1H000011' },
      { username: 'org_p2', name: '上海市美容美发行业协会', uscc: '51310000MJ0000001N', legalForm: 'social_group' as const },
      { username: 'org_p3', name: '上海徐汇家政服务培训中心', uscc: '52310104MJ0000001J', legalForm: 'private_non_enterprise' as const, district: '310104' },
    ];
    for (const [i, o] of orgs.entries()) {
      const { client } = await j.registerOrg(o);
      apps.push({ org: client, app: await applyAndSubmit(j, cast, client, campaign, [[33], [36, 37], [30]][i]!, i === 2 ? ['310104'] : ['310115']) });
    }
    sys.clock.set(new Date('2024-09-02T09:00:00+08:00'));
    for (const { app } of apps) await passInstitution(cast, app, '2024-09-03');
    sys.clock.set(new Date('2024-10-08T10:00:00+08:00'));
    for (const { app } of apps) {
      for (const it of app.items) {
        expectStatus(await cast.center.post(`/application-items/${it.id}/project-evaluation`, { result: 'pass', summary: '通过' }), 200, 'project');
        expectStatus(await cast.bureau.post(`/application-items/${it.id}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve');
      }
    }
  });
  afterAll(async () => sys?.close());

  it('a notice published on a Saturday starts on the next working day and skips the holiday (三(五))', async () => {
    // Saturday 2024-10-12 is a make-up working day; Sunday 13th is not
    sys.clock.set(new Date('2024-10-13T10:00:00+08:00'));
    const items = apps.flatMap((a) => a.app.items.map((i) => i.id));
    const p = await cast.center.post('/publicities', { title: '2024年社评组织遴选结果公示', applicationItemIds: items });
    expectStatus(p, 201, 'notice');
    expect(p.json().startsOn).toBe('2024-10-14');
    expect(p.json().endsOn).toBe('2024-10-18');
    expect(p.json().skipped).toEqual([{ date: '2024-10-13', reason: '周日' }]);
    const twice = await cast.center.post('/publicities', { title: 'x', applicationItemIds: items.slice(0, 1) });
    expect(twice.json().code).toBe('CONFLICT');
    const early = await anon.post(`/public/publicities/${p.json().id}/objections`, {
      applicationItemId: items[0],
      name: '张某',
      phone: '13800001111',
      content: '公示开始前的异议',
    });
    expect(early.json().code).toBe('PUBLICITY_CLOSED');
  });

  it('objections: upheld refuses the item, dismissed files it, none files it the day after the notice ends', async () => {
    const [pub] = (await anon.get('/public/publicities')).json();
    expect(pub.open).toBe(false);
    sys.clock.set(new Date('2024-10-16T10:00:00+08:00'));
    expect((await anon.get('/public/publicities')).json()[0].open).toBe(true);
    const p2Items = apps[1]!.app.items;
    const o1 = await anon.post(`/public/publicities/${pub.id}/objections`, {
      applicationItemId: p2Items[0]!.id,
      name: '李某',
      phone: '13900002222',
      content: '美发师考核点场地不符合要求',
    });
    const o2 = await anon.post(`/public/publicities/${pub.id}/objections`, {
      applicationItemId: p2Items[1]!.id,
      name: '王某',
      phone: '13900003333',
      content: '美甲师考评员资质存疑',
    });
    expectStatus(o1, 201, 'objection 1');
    expectStatus(o2, 201, 'objection 2');
    expect(o1.json().reference).toMatch(/^YY20241016/);
    const foreign = await anon.post(`/public/publicities/${pub.id}/objections`, {
      applicationItemId: '00000000-0000-4000-8000-000000000000',
      name: '赵某',
      phone: '13900004444',
      content: '不在名单中的项目',
    });
    expect(foreign.statusCode).toBe(400);
    const list = (await cast.center.get('/objections?status=pending')).json().items;
    expect(list).toHaveLength(2);
    // paged on the server, pending ones oldest first; searched by reference, organisation or item
    const page1 = (await cast.center.get('/objections?status=pending&pageSize=1')).json();
    const page2 = (await cast.center.get('/objections?status=pending&pageSize=1&page=2')).json();
    expect([page1.total, page1.items.length, page2.items.length]).toEqual([2, 1, 1]);
    expect([page1.items[0].reference, page2.items[0].reference].sort()).toEqual([o1.json().reference, o2.json().reference].sort());
    expect((await cast.center.get(`/objections?q=${encodeURIComponent('美甲')}`)).json()).toMatchObject({
      total: 1,
      items: [{ reference: o2.json().reference }],
    });
    expect((await cast.center.get(`/objections?q=${o1.json().reference.slice(-4)}`)).json().total).toBe(1);
    expect((await cast.center.get('/objections?q=%25')).json().total).toBe(0); // a % is a character, not a wildcard
    const byItem = (id: string) => list.find((o: { applicationItemId: string }) => o.applicationItemId === id);
    expectStatus(await cast.center.post(`/objections/${byItem(p2Items[0]!.id).id}/resolution`, { decision: 'upheld', reason: '经核查属实' }), 200, 'uphold');
    // after 24:00 of 18 October the notice has ended
    sys.clock.set(new Date('2024-10-19T00:00:00+08:00'));
    const p1 = (await apps[0]!.org.get(`/applications/${apps[0]!.app.id}`)).json();
    expect(p1.items[0].status).toBe('filed');
    expect(p1.items[0].filing.filedOn).toBe('2024-10-19');
    expect(p1.items[0].filing.validUntil).toBe('2027-10-18');
    const p2 = (await apps[1]!.org.get(`/applications/${apps[1]!.app.id}`)).json();
    expect(p2.items.map((i: { status: string }) => i.status)).toEqual(['objection_upheld', 'in_publicity']);
    sys.clock.set(new Date('2024-10-22T15:00:00+08:00'));
    expectStatus(await cast.center.post(`/objections/${byItem(p2Items[1]!.id).id}/resolution`, { decision: 'dismissed', reason: '资质齐全' }), 200, 'dismiss');
    const again = await cast.center.post(`/objections/${byItem(p2Items[1]!.id).id}/resolution`, { decision: 'upheld', reason: '重复处理' });
    expect(again.json().code).toBe('CONFLICT');
    const p2b = (await apps[1]!.org.get(`/applications/${apps[1]!.app.id}`)).json();
    expect(p2b.items[1].status).toBe('filed');
    expect(p2b.items[1].filing.filedOn).toBe('2024-10-22');
  });

  it('receipt numbers are unique and gapless per year; applicants see only their own filings', async () => {
    const all = (await cast.center.get('/filings')).json().items as { receiptNo: string }[];
    expect(all.map((f) => f.receiptNo).sort()).toEqual(['SHPB-2024-00001', 'SHPB-2024-00002', 'SHPB-2024-00003']);
    const own = (await apps[0]!.org.get('/filings')).json().items;
    expect(own).toHaveLength(1);
    const other = all.find((f) => !own.some((o: { receiptNo: string }) => o.receiptNo === f.receiptNo))!;
    expect((await apps[0]!.org.get(`/filings/${other.receiptNo}`)).statusCode).toBe(404);
    expect((await apps[0]!.org.post(`/filings/${other.receiptNo}/revoke`, { reason: 'x' })).statusCode).toBe(403);
  });

  it('the bureau revokes a filing: verification says so and the directory drops it', async () => {
    const p3 = (await apps[2]!.org.get(`/applications/${apps[2]!.app.id}`)).json();
    const receiptNo = p3.items[0].filing.receiptNo;
    expect((await anon.get(`/public/organizations?q=${encodeURIComponent('家政')}`)).json().total).toBe(1);
    const r = await cast.bureau.post(`/filings/${receiptNo}/revoke`, { reason: '年度检查发现违规评价' });
    expectStatus(r, 200, 'revoke');
    const v = (await anon.get(`/public/filings/${receiptNo}`)).json();
    expect(v.status).toBe('revoked');
    expect(v.revokeReason).toBe('年度检查发现违规评价');
    expect((await anon.get(`/public/organizations?q=${encodeURIComponent('家政')}`)).json().total).toBe(0);
    expect((await cast.bureau.post(`/filings/${receiptNo}/revoke`, { reason: '再次' })).json().code).toBe('CONFLICT');
  });

  it('filings expire once, even with two sweepers racing (several nodes on one database)', async () => {
    sys.clock.set(new Date('2027-10-19T00:00:00+08:00'));
    const s1 = new Sweeper(sys.ctx, sys.services.applications, sys.services.publicity, sys.services.filings);
    const s2 = new Sweeper(sys.ctx, sys.services.applications, sys.services.publicity, sys.services.filings);
    const [n1, n2] = await Promise.all([s1.sweep(), s2.sweep()]);
    expect(n1 + n2).toBe(1); // only p1's filing (2027-10-18) has lapsed; p2's runs to 2027-10-21
    const expired = await sys.database.db.selectFrom('audit_log').select('seq').where('action', '=', 'filing.expire').execute();
    expect(expired).toHaveLength(1);
    const p1 = (await apps[0]!.org.get(`/applications/${apps[0]!.app.id}`)).json();
    const v = (await anon.get(`/public/filings/${p1.items[0].filing.receiptNo}`)).json();
    expect(v.status).toBe('expired');
  });

  it('the audit chain verifies, and detects an edited row and a deleted row (SEC-10)', async () => {
    expect((await j.admin.get('/audit/verify')).json().valid).toBe(true);
    const db = sys.database.db;
    const row = await db.selectFrom('audit_log').select(['seq', 'actor_label']).where('action', '=', 'filing.revoke').executeTakeFirstOrThrow();
    // the table refuses updates; an attacker with the database's superuser would switch that off first
    await expect(db.updateTable('audit_log').set({ actor_label: '某人' }).where('seq', '=', row.seq).execute()).rejects.toThrow(/append-only/);
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db);
    await db.updateTable('audit_log').set({ actor_label: '某人' }).where('seq', '=', row.seq).execute();
    const edited = (await j.admin.get('/audit/verify')).json();
    expect(edited.valid).toBe(false);
    expect(edited.firstBadSeq).toBe(row.seq);
    await db.updateTable('audit_log').set({ actor_label: row.actor_label }).where('seq', '=', row.seq).execute();
    expect((await j.admin.get('/audit/verify')).json().valid).toBe(true);
    await db
      .deleteFrom('audit_log')
      .where('seq', '=', String(Number(row.seq) - 1))
      .execute();
    const deleted = (await j.admin.get('/audit/verify')).json();
    expect(deleted.valid).toBe(false);
    expect((await cast.center.get('/audit/verify')).statusCode).toBe(403);
  });
});
