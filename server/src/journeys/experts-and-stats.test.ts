import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, expectStatus, makeCast, passInstitution, type Cast, type CaseHandle } from '../bootstrap/journey.js';
import { Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { usccCheckChar } from '../workflow/uscc.js';

/** A valid USCC of an enterprise registered in the given Shanghai district. */
function uscc(district: string, n: number): string {
  const base = `91${district}MA1H${String(n).padStart(5, '0')}`;
  return base + usccCheckChar(base);
}

/**
 * The centre's back office: GET /experts (the accounts the centre may assign as experts) and
 * GET /statistics (the dashboard's counts, computed by the database), with real cases.
 */
describe('experts list and statistics', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let campaign: { id: string; items: { id: string; seq: number; levels: number[] }[] };
  let applicant: Client;
  let disabledExpertId: string;
  const cases = {} as Record<'a' | 'b' | 'd' | 'e', CaseHandle>;
  let correctionDueOn: string;
  let publicity: { id: string; title: string; endsOn: string };
  const names = new Map<number, string>();

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { districts: ['310115', '310104'], experts: 3 });
    // an expert whose account was disabled: never offered for assignment
    disabledExpertId = (await j.staff({ username: 'expert_gone', role: 'expert', displayName: '已停用专家' })).id;
    await sys.ctx.db.updateTable('users').set({ disabled: true }).where('id', '=', disabledExpertId).execute();

    campaign = await j.campaign2024();
    for (const i of (await j.admin.get(`/campaigns/${campaign.id}/items`)).json() as { seq: number; name: string }[]) names.set(i.seq, i.name);

    // A: two occupations, sites in Pudong and Xuhui → institution passed; one item approved and on public notice
    const a = await j.registerOrg({ username: 'st_a', name: '上海甲职业技能评价有限公司', uscc: uscc('310115', 1) });
    applicant = a.client;
    cases.a = await applyAndSubmit(j, cast, a.client, campaign, [33, 36], ['310115', '310104']);
    // B: one occupation, a Xuhui site → returned for correction
    const b = await j.registerOrg({ username: 'st_b', name: '上海乙培训中心有限公司', uscc: uscc('310104', 2), district: '310104' });
    cases.b = await applyAndSubmit(j, cast, b.client, campaign, [33], ['310104']);
    // C: a draft (Pudong site, occupation 36) — counted by status, never in the charts
    const c = await j.registerOrg({ username: 'st_c', name: '上海丙教育科技有限公司', uscc: uscc('310115', 3) });
    expectStatus(
      await c.client.post('/applications', {
        campaignId: campaign.id,
        industryAuthority: cast.authority,
        items: [{ itemId: campaign.items.find((i) => i.seq === 36)!.id, levels: campaign.items.find((i) => i.seq === 36)!.levels }],
        sites: [{ name: '丙考核点', address: '浦东新区丙路1号', district: '310115' }],
      }),
      201,
      'draft C',
    );
    // D: occupation 1, a Pudong site → accepted
    const d = await j.registerOrg({ username: 'st_d', name: '上海丁职业培训学校有限公司', uscc: uscc('310115', 4) });
    cases.d = await applyAndSubmit(j, cast, d.client, campaign, [1], ['310115']);
    // E: occupation 36, a Xuhui site → submitted, waiting for acceptance
    const e = await j.registerOrg({ username: 'st_e', name: '上海戊服务有限公司', uscc: uscc('310104', 5), district: '310104' });
    cases.e = await applyAndSubmit(j, cast, e.client, campaign, [36], ['310104']);

    sys.clock.set(new Date('2024-08-28T10:00:00+08:00'));
    const returned = await cast.center.post(`/applications/${cases.b.id}/acceptance`, { decision: 'return', reason: '工作方案未盖章' });
    expectStatus(returned, 200, 'return B');
    correctionDueOn = returned.json().correctionDueOn;
    expectStatus(await cast.center.post(`/applications/${cases.d.id}/acceptance`, { decision: 'accept', reason: '材料齐全' }), 200, 'accept D');

    sys.clock.set(new Date('2024-09-02T09:00:00+08:00'));
    await passInstitution(cast, cases.a, '2024-09-03');
    const [first] = cases.a.items;
    expectStatus(await cast.center.post(`/application-items/${first!.id}/project-evaluation`, { result: 'pass', summary: '通过' }), 200, 'project A1');
    expectStatus(await cast.bureau.post(`/application-items/${first!.id}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve A1');
    const p = await cast.center.post('/publicities', { title: '2024年遴选结果公示', applicationItemIds: [first!.id] });
    expectStatus(p, 201, 'publicity');
    publicity = p.json();
  }, 120_000);

  afterAll(async () => sys?.close());

  describe('GET /experts', () => {
    it('gives the centre the enabled expert accounts — id, display name and username, nothing else', async () => {
      const res = await cast.center.get('/experts');
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as Record<string, unknown>[];
      const expected = cast.experts.map((e, n) => ({ id: e.id, displayName: `评估专家${n + 1}`, username: `expert${n + 1}` }));
      expect(items).toEqual(expected); // by display name; the disabled expert and every other role left out
      expect(items.map((i) => i.id)).not.toContain(disabledExpertId);
      for (const i of items) expect(Object.keys(i).sort()).toEqual(['displayName', 'id', 'username']);
      // the administrator sees the same list
      expect((await j.admin.get('/experts')).json().items).toEqual(expected);
    });

    it('is refused to every other role (403) and to anonymous callers (401)', async () => {
      const others: [string, Client][] = [
        ['applicant', applicant],
        ['expert', cast.experts[0]!.client],
        ['bureau', cast.bureau],
        ['industry_authority', cast.industry],
        ['district_hr', cast.hr['310115']!],
      ];
      for (const [role, c] of others) {
        const res = await c.get('/experts');
        expect(res.statusCode, role).toBe(403);
        expect(res.json().code, role).toBe('FORBIDDEN');
      }
      const anon = await new Client(sys.app).get('/experts');
      expect(anon.statusCode).toBe(401);
      expect(anon.json().code).toBe('UNAUTHENTICATED');
    });

    it('takes no query parameters', async () => {
      const res = await cast.center.get('/experts?role=admin');
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    });
  });

  describe('GET /statistics', () => {
    const expectedCounts = () => ({
      applications: {
        total: 5,
        byStatus: [
          { status: 'draft', count: 1 },
          { status: 'submitted', count: 1 },
          { status: 'returned', count: 1 },
          { status: 'accepted', count: 1 },
          { status: 'institution_passed', count: 1 },
        ],
      },
      items: {
        total: 6,
        byStatus: [
          { status: 'pending', count: 4 }, // B, the draft C, D, E
          { status: 'project_evaluation', count: 1 }, // A's second occupation
          { status: 'in_publicity', count: 1 }, // A's first, on public notice
        ],
      },
      // drafts left out: occupation 36 counts A and E, not C
      byOccupation: [
        { seq: 33, name: names.get(33), count: 2 },
        { seq: 36, name: names.get(36), count: 2 },
        { seq: 1, name: names.get(1), count: 1 },
      ],
      // once per application and district of its sites; the draft's Pudong site left out
      byDistrict: [
        { code: '310104', name: '徐汇区', count: 3 },
        { code: '310115', name: '浦东新区', count: 2 },
      ],
    });

    it('counts applications and items by status, items by occupation, applications by site district; lists the open deadlines', async () => {
      const res = await cast.center.get('/statistics');
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject(expectedCounts());
      expect(body.campaignId).toBeUndefined();

      const a = (await cast.center.get(`/applications/${cases.a.id}`)).json();
      const second = a.items.find((i: { status: string }) => i.status === 'project_evaluation');
      expect(correctionDueOn).toBe('2024-09-04');
      // what is left of each, in working days after today (Mon 2024-09-02, the simulated clock), by the
      // calendar: to 12-02, 61 — Mid-Autumn (09-15…17) and National Day (10-01…07) off, the make-up
      // days 09-14, 09-29 and 10-12 worked; Monday to Friday alone would say 65
      expect(second.projectEvaluationDueOn).toBe('2024-12-02');
      expect(second.projectEvaluationWorkingDaysLeft).toBe(61);
      expect(body.upcoming).toEqual([
        { kind: 'correction', dueOn: '2024-09-04', workingDaysLeft: 2, applicationId: cases.b.id, organizationName: '上海乙培训中心有限公司' },
        { kind: 'publicity_end', dueOn: publicity.endsOn, workingDaysLeft: 4, publicityId: publicity.id, title: '2024年遴选结果公示' },
        {
          kind: 'project_evaluation',
          dueOn: second.projectEvaluationDueOn,
          workingDaysLeft: 61,
          applicationId: cases.a.id,
          applicationItemId: second.id,
          organizationName: '上海甲职业技能评价有限公司',
          itemSeq: second.seq,
          itemName: second.name,
        },
      ]);
      expect(publicity.endsOn < second.projectEvaluationDueOn).toBe(true);
    });

    it('a day the administrator makes a holiday (or a working day) changes what is left, on the dashboard and on the case at once', async () => {
      const left = async () => {
        const stats = (await cast.center.get('/statistics')).json();
        const a = (await cast.center.get(`/applications/${cases.a.id}`)).json();
        return [
          stats.upcoming.map((d: { kind: string; workingDaysLeft?: number }) => [d.kind, d.workingDaysLeft]),
          a.items.find((i: { status: string }) => i.status === 'project_evaluation').projectEvaluationWorkingDaysLeft,
        ];
      };
      const set = async (date: string, body: { type: 'holiday' | 'workday'; name: string }) =>
        expectStatus(await j.admin.put(`/calendar/days/${date}`, body), 200, `calendar ${date}`);
      expect(await left()).toEqual([
        [
          ['correction', 2],
          ['publicity_end', 4],
          ['project_evaluation', 61],
        ],
        61,
      ]);
      // Wed 09-04 off: one day fewer for all three; Sat 09-07 worked: one more for the one that runs past it
      await set('2024-09-04', { type: 'holiday', name: '测试假日' });
      await set('2024-09-07', { type: 'workday', name: '测试调休上班' });
      expect(await left()).toEqual([
        [
          ['correction', 1],
          ['publicity_end', 3],
          ['project_evaluation', 61],
        ],
        61,
      ]);
      // and back (a Wednesday worked, a Saturday off, as before): the node's copy follows every change
      await set('2024-09-04', { type: 'workday', name: '恢复' });
      await set('2024-09-07', { type: 'holiday', name: '恢复' });
      expect(await left()).toEqual([
        [
          ['correction', 2],
          ['publicity_end', 4],
          ['project_evaluation', 61],
        ],
        61,
      ]);
    });

    it('agrees with the application list it replaces on the dashboard', async () => {
      const list = (await cast.center.get('/applications?pageSize=200')).json();
      const stats = (await cast.center.get('/statistics')).json();
      expect(stats.applications.total).toBe(list.total);
      for (const { status, count } of stats.applications.byStatus)
        expect(list.items.filter((x: { status: string }) => x.status === status).length, status).toBe(count);
    });

    it('the list is searched on the server: any part of the name, or the start of the USCC (full-width, spaced) — with the total of what matched', async () => {
      const all = (await cast.center.get('/applications?pageSize=200')).json();
      const byName = (await cast.center.get(`/applications?q=${encodeURIComponent('甲职业')}`)).json();
      expect(byName.items.map((x: { organizationName: string }) => x.organizationName)).toEqual(['上海甲职业技能评价有限公司']);
      expect(byName.total).toBe(1);
      const a = all.items.find((x: { organizationName: string }) => x.organizationName === '上海甲职业技能评价有限公司');
      const fullWidthSpaced = `${a.uscc.slice(0, 4)} ${a.uscc.slice(4, 10)}`.replace(/[0-9A-Z]/g, (c: string) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      const byUscc = (await cast.center.get(`/applications?q=${encodeURIComponent(fullWidthSpaced)}`)).json();
      expect(byUscc.items.map((x: { id: string }) => x.id)).toContain(a.id);
      // the positive twin's negative: nothing matches a stranger, and LIKE's wildcards are literal
      expect((await cast.center.get(`/applications?q=${encodeURIComponent('不存在的单位')}`)).json()).toEqual({ items: [], total: 0 });
      expect((await cast.center.get(`/applications?q=${encodeURIComponent('%')}`)).json().total).toBe(0);
    });

    it('narrows to one campaign; a campaign without applications counts zero; an unknown one is 404', async () => {
      const one = await cast.center.get(`/statistics?campaignId=${campaign.id}`);
      expect(one.statusCode, one.body).toBe(200);
      expect(one.json()).toMatchObject({ campaignId: campaign.id, ...expectedCounts() });
      expect(one.json().upcoming).toHaveLength(3);

      const created = await cast.center.post('/campaigns', {
        docNumber: '沪人社职〔2025〕1号',
        title: '2025年征集遴选',
        opensAt: '2025-03-01T00:00:00+08:00',
        closesAt: '2025-03-08T00:00:00+08:00',
        itemSeqs: [1],
      });
      expectStatus(created, 201, 'campaign 2025');
      const empty = (await cast.center.get(`/statistics?campaignId=${created.json().id}`)).json();
      expect(empty).toEqual({
        campaignId: created.json().id,
        applications: { total: 0, byStatus: [] },
        items: { total: 0, byStatus: [] },
        byOccupation: [],
        byDistrict: [],
        upcoming: [],
      });

      const unknown = await cast.center.get('/statistics?campaignId=00000000-0000-4000-8000-000000000000');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('NOT_FOUND');
    });

    it('refuses a malformed campaign id and unknown query parameters', async () => {
      for (const q of ['campaignId=not-a-uuid', 'status=draft', `campaignId=${campaign.id}&extra=1`]) {
        const res = await cast.center.get(`/statistics?${q}`);
        expect(res.statusCode, q).toBe(400);
        expect(res.json().code, q).toBe('VALIDATION_FAILED');
      }
    });

    it('is open to the centre, the bureau and the administrator; 403 to other roles, 401 to anonymous callers', async () => {
      for (const c of [cast.center, cast.bureau, j.admin]) expect((await c.get('/statistics')).statusCode).toBe(200);
      const others: [string, Client][] = [
        ['applicant', applicant],
        ['expert', cast.experts[0]!.client],
        ['industry_authority', cast.industry],
        ['district_hr', cast.hr['310104']!],
      ];
      for (const [role, c] of others) {
        const res = await c.get('/statistics');
        expect(res.statusCode, role).toBe(403);
        expect(res.json().code, role).toBe('FORBIDDEN');
      }
      const anon = await new Client(sys.app).get('/statistics');
      expect(anon.statusCode).toBe(401);
      expect(anon.json().code).toBe('UNAUTHENTICATED');
    });
  });
});
