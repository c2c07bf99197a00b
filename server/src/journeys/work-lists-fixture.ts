import { Journey, applyAndSubmit, expectStatus, itemsBySeq, makeCast, passInstitution, type Cast, type CaseHandle } from '../bootstrap/journey.js';
import { type Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { usccCheckChar } from '../workflow/uscc.js';

/** A valid USCC of a district, numbered — `mark` keeps the test files' codes apart. */
export function usccOf(mark: string, district: string, n: number): string {
  const base = `91${district}MA${mark}${String(n).padStart(5, '0')}`;
  return base + usccCheckChar(base);
}

export interface WorkListWorld {
  sys: TestSystem;
  j: Journey;
  cast: Cast;
  cases: Record<'a' | 'b' | 'c' | 'd', CaseHandle>;
  applicants: Record<'a' | 'b' | 'c' | 'd', Client>;
  campaign: Awaited<ReturnType<Journey['campaign2024']>>;
}

/**
 * Four cases in every officials' queue (the work-list and work-count journeys):
 * A (Pudong) awaits recommendations, the authority has recommended; B (Xuhui only) accepted, the first
 * expert assigned; C (both districts, two items) institution passed, its first item passed its project
 * evaluation; D (Pudong) a draft — or, with `declineD`, declined by Pudong's HR in the first round.
 */
export async function workListWorld(opts: {
  prefix: string;
  mark: string;
  names: [string, string, string, string];
  declineD: boolean;
}): Promise<WorkListWorld> {
  const { prefix, mark, names } = opts;
  const sys = await createTestSystem({ now: '2024-08-26T09:00:00+08:00' });
  const j = new Journey(sys.app);
  await j.loginAdmin('Chief-Passw0rd!');
  const cast = await makeCast(j, { districts: ['310115', '310104'], experts: 3 });
  const campaign = await j.campaign2024();
  const cases = {} as WorkListWorld['cases'];
  const applicants = {} as WorkListWorld['applicants'];
  const draft = async (key: 'a' | 'd', n: number, seq: number, site: string) => {
    const org = await j.registerOrg({ username: `${prefix}_${key}`, name: names[n - 1]!, uscc: usccOf(mark, '310115', n) });
    applicants[key] = org.client;
    const created = await org.client.post('/applications', {
      campaignId: campaign.id,
      industryAuthority: cast.authority,
      items: itemsBySeq(campaign.items, [seq]),
      sites: [{ name: `${site}考核点`, address: `浦东新区${site}路1号`, district: '310115' }],
    });
    expectStatus(created, 201, `create ${key.toUpperCase()}`);
    cases[key] = created.json();
    return org.client;
  };

  const a = await draft('a', 1, 33, '甲');
  expectStatus(await a.post(`/applications/${cases.a.id}/request-recommendation`), 200, 'request A');
  expectStatus(await cast.industry.post(`/applications/${cases.a.id}/recommendations`, { decision: 'recommend', comment: '同意' }), 200, 'authority A');

  const b = await j.registerOrg({ username: `${prefix}_b`, name: names[1], uscc: usccOf(mark, '310104', 2), district: '310104' });
  applicants.b = b.client;
  cases.b = await applyAndSubmit(j, cast, b.client, campaign, [33], ['310104']);
  expectStatus(await cast.center.post(`/applications/${cases.b.id}/acceptance`, { decision: 'accept', reason: '材料齐全' }), 200, 'accept B');
  expectStatus(await cast.center.post(`/applications/${cases.b.id}/experts`, { expertUserIds: [cast.experts[0]!.id] }), 200, 'assign B');

  const c = await j.registerOrg({ username: `${prefix}_c`, name: names[2], uscc: usccOf(mark, '310115', 3) });
  applicants.c = c.client;
  cases.c = await applyAndSubmit(j, cast, c.client, campaign, [33, 36], ['310115', '310104']);

  const d = await draft('d', 4, 1, '丁');
  if (opts.declineD) {
    expectStatus(await d.post(`/applications/${cases.d.id}/request-recommendation`), 200, 'request D');
    expectStatus(
      await cast.hr['310115']!.post(`/applications/${cases.d.id}/recommendations`, { decision: 'decline', comment: '考核点面积不足' }),
      200,
      'decline D',
    );
  }

  sys.clock.set(new Date('2024-09-02T09:00:00+08:00'));
  await passInstitution(cast, cases.c, '2024-09-03');
  expectStatus(await cast.center.post(`/application-items/${cases.c.items[0]!.id}/project-evaluation`, { result: 'pass', summary: '通过' }), 200, 'project C1');
  return { sys, j, cast, cases, applicants, campaign };
}
