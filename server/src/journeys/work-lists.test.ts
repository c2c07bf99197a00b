import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, type Cast } from '../bootstrap/journey.js';
import type { Client, TestSystem } from '../test-support/harness.js';
import { workListWorld, type WorkListWorld } from './work-lists-fixture.js';

interface Row {
  id: string;
  organizationName: string;
  awaitingMe: boolean;
  myRecommendation?: { decision: string; currentRound: boolean };
  myReview?: { score: number | null; recommendation: string | null; opinion: string };
}
interface ItemRow {
  id: string;
  applicationId: string;
  status: string;
  awaitingMe: boolean;
  organizationName: string;
}
const list = async (c: Client, query = '') => (await c.get(`/applications${query}`)).json() as { items: Row[]; total: number };
const items = async (c: Client, query = '') => (await c.get(`/application-items${query}`)).json() as { items: ItemRow[]; total: number };
const ids = (page: { items: { id: string }[] }) => page.items.map((r) => r.id).sort();

/**
 * The officials' work lists (issues 10 and 13): `GET /applications?queue=mine|handled` and the
 * item-level `GET /application-items` split what waits for the caller from what the caller handled,
 * inside the caller's scope, paged and counted by the server, each row saying what the list shows.
 */
describe('work lists: queue=mine|handled, item-level list, scope', () => {
  let sys: TestSystem;
  let cast: Cast;
  let applicantA: Client;
  let applicantD: Client;
  let cases: WorkListWorld['cases'];

  beforeAll(async () => {
    const w = await workListWorld({
      prefix: 'wl',
      mark: '2W',
      names: ['上海甲评价有限公司', '上海乙评价有限公司', '上海丙评价有限公司', '上海丁评价有限公司'],
      declineD: true,
    });
    ({ sys, cast, cases } = w);
    applicantA = w.applicants.a;
    applicantD = w.applicants.d;
  }, 180_000);

  afterAll(async () => {
    await sys?.close();
  });

  it("a district's HR: 待我处理 holds its own missing line, 已处理 its decisions, never another district's case", async () => {
    const pudong = cast.hr['310115']!;
    const mine = await list(pudong, '?queue=mine');
    expect(ids(mine)).toEqual([cases.a.id]);
    expect(mine.total).toBe(1);
    expect(mine.items[0]!.awaitingMe).toBe(true);
    const handled = await list(pudong, '?queue=handled');
    expect(ids(handled)).toEqual([cases.c.id, cases.d.id].sort());
    expect(handled.items.find((r) => r.id === cases.d.id)!.myRecommendation).toMatchObject({ decision: 'decline', currentRound: true });
    expect(handled.items.every((r) => !r.awaitingMe)).toBe(true);

    // Xuhui's HR never sees A or D (no site there), in any list
    const xuhui = cast.hr['310104']!;
    expect(ids(await list(xuhui, '?queue=mine'))).toEqual([]);
    expect(ids(await list(xuhui, '?queue=handled'))).toEqual([cases.b.id, cases.c.id].sort());
    expect(ids(await list(xuhui))).toEqual([cases.b.id, cases.c.id].sort());
  });

  it('the authority: A is handled once it recommended, although A still waits for the district', async () => {
    // D was declined by the district: it waits for nobody's recommendation, the authority never gave one
    expect(ids(await list(cast.industry, '?queue=mine'))).toEqual([]);
    const handled = await list(cast.industry, '?queue=handled');
    expect(ids(handled)).toEqual([cases.a.id, cases.b.id, cases.c.id].sort());
    expect(handled.items.find((r) => r.id === cases.a.id)!.myRecommendation).toMatchObject({ decision: 'recommend', currentRound: true });
  });

  it('a new round after a decline puts the case back in the decliner’s 待我处理', async () => {
    sys.clock.set(new Date('2024-08-27T09:00:00+08:00')); // inside the window again
    expectStatus(await applicantD.post(`/applications/${cases.d.id}/request-recommendation`), 200, 'request D again');
    sys.clock.set(new Date('2024-09-02T09:00:00+08:00'));
    expect(ids(await list(cast.industry, '?queue=mine'))).toEqual([cases.d.id]);
    const pudong = cast.hr['310115']!;
    const mine = await list(pudong, '?queue=mine');
    expect(ids(mine)).toEqual([cases.a.id, cases.d.id].sort());
    expect(mine.items.find((r) => r.id === cases.d.id)!.myRecommendation).toMatchObject({ decision: 'decline', currentRound: false });
    expect(ids(await list(pudong, '?queue=handled'))).toEqual([cases.c.id]);
  });

  it('an expert: only assigned cases; 待我评审 until its review is in, then 已处理 with its own review on the row', async () => {
    const [first, second] = cast.experts;
    expect(ids(await list(first!.client, '?queue=mine'))).toEqual([cases.b.id]);
    expect(ids(await list(first!.client, '?queue=handled'))).toEqual([cases.c.id]);
    // the second expert was not assigned to B: not in any of its lists
    expect(ids(await list(second!.client))).toEqual([cases.c.id]);
    expect(ids(await list(second!.client, '?queue=mine'))).toEqual([]);

    expectStatus(
      await first!.client.post(`/applications/${cases.b.id}/expert-reviews`, {
        conflictOfInterest: false,
        score: 78,
        opinion: '基本符合',
        recommendation: 'pass',
      }),
      200,
      'review B',
    );
    expect((await list(first!.client, '?queue=mine')).total).toBe(0);
    const handled = await list(first!.client, '?queue=handled');
    expect(ids(handled)).toEqual([cases.b.id, cases.c.id].sort());
    expect(handled.items.find((r) => r.id === cases.b.id)!.myReview).toMatchObject({ score: 78, recommendation: 'pass', opinion: '基本符合' });
  });

  it('the bureau: item by item, 待我审批 across applications, 已审批 after its decision', async () => {
    const mine = await items(cast.bureau, '?queue=mine');
    expect(mine.items.map((r) => r.id)).toEqual([cases.c.items[0]!.id]);
    expect(mine.items[0]).toMatchObject({ applicationId: cases.c.id, organizationName: '上海丙评价有限公司', status: 'project_passed', awaitingMe: true });
    expect((await items(cast.bureau, '?queue=handled')).total).toBe(0);
    expectStatus(await cast.bureau.post(`/application-items/${cases.c.items[0]!.id}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve C1');
    expect((await items(cast.bureau, '?queue=mine')).total).toBe(0);
    expect((await items(cast.bureau, '?queue=handled')).items.map((r) => r.id)).toEqual([cases.c.items[0]!.id]);
  });

  it('the centre: its items under project evaluation; its applications to accept or evaluate', async () => {
    const mine = await items(cast.center, '?queue=mine&sort=dueOn');
    expect(mine.items.map((r) => r.id)).toEqual([cases.c.items[1]!.id]);
    const apps = await list(cast.center, '?queue=mine');
    // B accepted (experts, inspection, evaluation); C has an item under project evaluation
    expect(ids(apps)).toEqual([cases.b.id, cases.c.id].sort());
    expect(ids(await list(cast.center, '?queue=handled'))).toEqual([]);
  });

  it('an applicant sees its own items only', async () => {
    expect((await items(applicantA)).items.map((r) => r.applicationId)).toEqual([cases.a.id]);
    expect((await list(applicantA, '?queue=mine')).total).toBe(0);
    expect((await list(applicantA, '?queue=handled')).total).toBe(1);
  });

  it('pages and sorts on the server, with the total of the whole list', async () => {
    const byName = await list(cast.center, '?sort=organizationName&pageSize=2');
    expect(byName.total).toBe(4);
    expect(byName.items.map((r) => r.organizationName)).toEqual(['上海丁评价有限公司', '上海丙评价有限公司']);
    const second = await list(cast.center, '?sort=organizationName&pageSize=2&page=2');
    expect(second.items).toHaveLength(2);
    expect(new Set([...ids(byName), ...ids(second)]).size).toBe(4);
    expect((await cast.center.get('/applications?queue=later')).statusCode).toBe(400);
    expect((await cast.experts[0]!.client.get('/application-items')).statusCode).toBe(403);
  });
});
