import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkCounts } from '../../../contract/work-counts.js';
import { type Journey, expectStatus, itemsBySeq, type Cast } from '../bootstrap/journey.js';
import type { Client, TestSystem } from '../test-support/harness.js';
import { usccOf, workListWorld } from './work-lists-fixture.js';

const uscc = (district: string, n: number) => usccOf('3W', district, n);

const counts = async (c: Client) => {
  const res = await c.get('/work-counts');
  expectStatus(res, 200, 'work-counts');
  return res.json() as WorkCounts;
};
const total = async (c: Client, path: '/applications' | '/application-items', queue?: 'mine' | 'handled') => {
  const res = await c.get(`${path}?pageSize=1${queue ? `&queue=${queue}` : ''}`);
  expectStatus(res, 200, `${path} ${queue ?? 'all'}`);
  return (res.json() as { total: number }).total;
};
/** What the three lists of a path answer as their totals. */
const listTotals = async (c: Client, path: '/applications' | '/application-items') => ({
  mine: await total(c, path, 'mine'),
  handled: await total(c, path, 'handled'),
  all: await total(c, path),
});

/**
 * GET /work-counts (issue 13): the menu's and the tabs' counts in one request, each equal to the
 * `total` of the list it labels — for every role, in its scope — and moving with the lists.
 */
describe('work counts: one request, each count the total of its list', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let applicantA: Client;
  let applicantC: Client;
  let auditor: Client;

  beforeAll(async () => {
    const w = await workListWorld({
      prefix: 'wc',
      mark: '3W',
      names: ['上海计数甲有限公司', '上海计数乙有限公司', '上海计数丙有限公司', '上海计数丁有限公司'],
      declineD: false,
    });
    ({ sys, j, cast } = w);
    applicantA = w.applicants.a;
    applicantC = w.applicants.c;
    auditor = (await j.staff({ username: 'wc_auditor', role: 'auditor', displayName: '审计员' })).client;
  }, 180_000);

  afterAll(async () => {
    await sys?.close();
  });

  it('for every role, each count equals the total of the list it labels', async () => {
    const who: [string, Client, { applications: boolean; items: boolean }][] = [
      ['applicant A', applicantA, { applications: true, items: true }],
      ['applicant C', applicantC, { applications: true, items: true }],
      ['authority', cast.industry, { applications: true, items: false }],
      ['Pudong HR', cast.hr['310115']!, { applications: true, items: false }],
      ['Xuhui HR', cast.hr['310104']!, { applications: true, items: false }],
      ['centre', cast.center, { applications: true, items: true }],
      ['expert 1', cast.experts[0]!.client, { applications: true, items: false }],
      ['expert 2', cast.experts[1]!.client, { applications: true, items: false }],
      ['expert 3', cast.experts[2]!.client, { applications: true, items: false }],
      ['bureau', cast.bureau, { applications: true, items: true }],
      ['admin', j.admin, { applications: true, items: true }],
      ['auditor', auditor, { applications: false, items: false }],
    ];
    for (const [name, client, lists] of who) {
      const got = await counts(client);
      const want: WorkCounts = {
        ...(lists.applications ? { applications: await listTotals(client, '/applications') } : {}),
        ...(lists.items ? { applicationItems: await listTotals(client, '/application-items') } : {}),
        unreadMessages: ((await client.get('/inbox?unread=true&pageSize=1')).json() as { unread: number }).unread,
      };
      expect(got, name).toEqual(want);
    }
  });

  it('the numbers themselves: the centre’s project-evaluation queue, the bureau’s approvals, each district its own cases', async () => {
    const centre = await counts(cast.center);
    // B (accepted) and C (an item under project evaluation) wait for the centre; all four cases are in its scope
    expect(centre.applications).toEqual({ mine: 2, handled: 0, all: 4 });
    // 项目评估: C's second item waits; its first was concluded
    expect(centre.applicationItems).toMatchObject({ mine: 1, handled: 1 });
    expect((await counts(cast.bureau)).applicationItems).toMatchObject({ mine: 1, handled: 0 });
    // Pudong: A waits for it, C it recommended, D (a draft with a Pudong site) counted in all only; never B
    expect((await counts(cast.hr['310115']!)).applications).toEqual({ mine: 1, handled: 1, all: 3 });
    // Xuhui: B and C (sites there), never A or D
    expect((await counts(cast.hr['310104']!)).applications).toEqual({ mine: 0, handled: 2, all: 2 });
    expect((await counts(cast.experts[0]!.client)).applications).toEqual({ mine: 1, handled: 1, all: 2 });
    // the second expert reviewed C and was not assigned to B
    expect((await counts(cast.experts[1]!.client)).applications).toEqual({ mine: 0, handled: 1, all: 1 });
    expect(await counts(auditor)).toEqual({ unreadMessages: 0 });
    expect((await counts(applicantA)).unreadMessages).toBeGreaterThan(0);
  });

  it('moves with the lists: an act moves the case from mine to handled, reading a message lowers the unread count', async () => {
    const xuhui = cast.hr['310104']!;
    const before = await counts(xuhui);
    // a new Xuhui case asks for its recommendation
    const e = await j.registerOrg({ username: 'wc_e', name: '上海计数戊有限公司', uscc: uscc('310104', 5), district: '310104' });
    sys.clock.set(new Date('2024-08-27T09:00:00+08:00'));
    const created = await e.client.post('/applications', {
      campaignId: (await j.campaign2024()).id,
      industryAuthority: cast.authority,
      items: itemsBySeq((await j.campaign2024()).items, [1]),
      sites: [{ name: '戊考核点', address: '徐汇区戊路1号', district: '310104' }],
    });
    expectStatus(created, 201, 'create E');
    const eId = (created.json() as { id: string }).id;
    expectStatus(await e.client.post(`/applications/${eId}/request-recommendation`), 200, 'request E');
    const asked = await counts(xuhui);
    expect(asked.applications).toEqual({ mine: before.applications!.mine + 1, handled: before.applications!.handled, all: before.applications!.all + 1 });
    expect(asked.unreadMessages).toBe(before.unreadMessages + 1);
    expect(asked.applications!.mine).toBe(await total(xuhui, '/applications', 'mine'));

    expectStatus(await xuhui.post(`/applications/${eId}/recommendations`, { decision: 'recommend', comment: '同意' }), 200, 'recommend E');
    const acted = await counts(xuhui);
    expect(acted.applications).toEqual({ mine: before.applications!.mine, handled: before.applications!.handled + 1, all: before.applications!.all + 1 });
    // Pudong never sees E
    expect((await counts(cast.hr['310115']!)).applications!.all).toBe(3);

    expectStatus(await xuhui.post('/inbox/read-all'), 200, 'read all');
    expect((await counts(xuhui)).unreadMessages).toBe(0);
    sys.clock.set(new Date('2024-09-02T09:00:00+08:00'));
  });
});
