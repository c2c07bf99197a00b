import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Client } from '../bootstrap/inject-client.js';
import { Journey, expectStatus } from '../bootstrap/journey.js';

/** The working-day calendar as data an administrator edits, and campaigns as data (DL-5). */
describe('calendar and campaigns', () => {
  let sys: TestSystem;
  let j: Journey;
  let anon: Client;

  beforeAll(async () => {
    sys = await createTestSystem();
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    anon = new Client(sys.app);
  });
  afterAll(async () => sys?.close());

  it('explains every computed span: which days were skipped and why', async () => {
    const r = (await anon.get('/calendar/working-days?from=2024-09-30&count=5')).json();
    expect(r.endsOn).toBe('2024-10-11');
    expect(r.days).toEqual(['2024-09-30', '2024-10-08', '2024-10-09', '2024-10-10', '2024-10-11']);
    expect(r.skipped.filter((s: { reason: string }) => s.reason === '国庆节')).toHaveLength(7);
    expect((await anon.get('/calendar/years')).json().years).toEqual([2024, 2025, 2026]);
  });

  it('a year without a published schedule is refused, never guessed', async () => {
    const r = await anon.get('/calendar/working-days?from=2026-12-28&count=10');
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('CALENDAR_UNKNOWN');
    expect(r.json().detail).toContain('2027');
    const bad = await anon.get('/calendar/working-days?from=2024-02-30&count=5');
    expect(bad.statusCode).toBe(400);
  });

  it('an administrator loads a year and edits a day; results change accordingly and are audited', async () => {
    expect((await j.admin.put('/calendar/days/2027-01-04', { type: 'holiday', name: '测试' })).json().code).toBe('CALENDAR_UNKNOWN');
    expectStatus(await j.admin.put('/calendar/years/2027', { days: [{ date: '2027-01-01', type: 'holiday', name: '元旦' }] }), 200, 'load 2027');
    expect((await anon.get('/calendar/working-days?from=2026-12-28&count=10')).json().endsOn).toBe('2027-01-11');
    expectStatus(await j.admin.put('/calendar/days/2027-01-04', { type: 'holiday', name: '临时休假' }), 200, 'edit day');
    const r = (await anon.get('/calendar/working-days?from=2027-01-04&count=1')).json();
    expect(r.days).toEqual(['2027-01-05']);
    expect(r.skipped).toEqual([{ date: '2027-01-04', reason: '临时休假' }]);
    const center = (await j.staff({ username: 'cal_center', role: 'center', displayName: '中心' })).client;
    expect((await center.put('/calendar/days/2027-01-05', { type: 'holiday', name: 'x' })).statusCode).toBe(403);
    const audit = (await j.admin.get('/audit?entityType=calendar')).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['calendar.day', 'calendar.year']);
  });

  it('the 2024 call is seeded with the attachment exactly: 89 items, levels and codes', async () => {
    const campaigns = (await anon.get('/campaigns')).json();
    const c = campaigns.find((x: { docNumber: string }) => x.docNumber === '沪人社职〔2024〕270号');
    expect(c.opensAt).toBe('2024-08-23T00:00:00+08:00');
    expect(c.closesAt).toBe('2024-08-29T00:00:00+08:00');
    expect(c.rules).toEqual({
      publicityWorkingDays: 5,
      projectEvaluationMonths: 3,
      cooldownMonths: 12,
      filingValidityYears: 3,
      correctionWorkingDays: 5,
      minExpertReviews: 3,
    });
    const items = (await anon.get(`/campaigns/${c.id}/items`)).json();
    expect(items).toHaveLength(89);
    expect(items[1]).toMatchObject({
      seq: 2,
      name: '信息安全测试员（渗透测试员）',
      occupation: '信息安全测试员',
      workType: '渗透测试员',
      kind: 'occupation',
      levels: [4, 3],
      occupationCode: '4-04-04-04',
    });
    expect(items[88]).toMatchObject({ seq: 89, name: '人工智能模型运用', kind: 'special_ability', levels: [], occupationCode: null });
    expect(items[78]).toMatchObject({ seq: 79, name: '插花茶艺师', aliases: ['插花花艺师'] });
  });

  it('a window is extended as data, with a reason, audited (DL-5)', async () => {
    const c = (await anon.get('/campaigns')).json()[0];
    const bad = await j.admin.post(`/campaigns/${c.id}/window`, { closesAt: '2024-08-30T00:00:00+08:00' });
    expect(bad.statusCode).toBe(400);
    const r = await j.admin.post(`/campaigns/${c.id}/window`, { closesAt: '2024-08-31T00:00:00+08:00', reason: '系统故障顺延' });
    expect(r.json().closesAt).toBe('2024-08-31T00:00:00+08:00');
    const audit = (await j.admin.get(`/audit?entityType=campaign&entityId=${c.id}`)).json().items;
    expect(audit[0].after.reason).toBe('系统故障顺延');
    const dup = await j.admin.post('/campaigns', {
      docNumber: c.docNumber,
      title: 'x',
      opensAt: '2025-01-01T00:00:00+08:00',
      closesAt: '2025-02-01T00:00:00+08:00',
    });
    expect(dup.json().code).toBe('DUPLICATE');
    const backwards = await j.admin.post('/campaigns', {
      docNumber: 'X',
      title: 'x',
      opensAt: '2025-02-01T00:00:00+08:00',
      closesAt: '2025-01-01T00:00:00+08:00',
    });
    expect(backwards.statusCode).toBe(400);
  });

  it('simulated time is not available without APP_CLOCK (404)', async () => {
    expect((await j.admin.put('/system/clock', { now: '2025-01-01T00:00:00+08:00' })).statusCode).toBe(404);
    expect((await anon.get('/openapi.json')).json().openapi).toBe('3.1.0');
  });
});
