import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, samplePdf, type TestSystem } from '../test-support/harness.js';
import { Journey, expectStatus, itemsBySeq, makeCast, type Cast } from '../bootstrap/journey.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * api-v1 "Recommendations the system did not receive online": the centre records, on the
 * recommender's behalf, a recommendation received on paper (三(一)), with its scanned letter (四(一) item 2).
 */
describe('paper recommendations recorded by the centre', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let campaign: Awaited<ReturnType<Journey['campaign2024']>>;
  const AUTHORITY = '上海市体育局'; // on the list, without an account
  let n = 0;
  const org = async (tag: string) => {
    n += 1;
    const body = `91310115MA1P0${String(n).padStart(4, '0')}`;
    return j.registerOrg({ username: `pr_${tag}`, name: `上海${tag}培训评价有限公司`, uscc: `${body}${usccCheckChar(body)}` });
  };
  const draft = async (client: Awaited<ReturnType<typeof org>>['client']) => {
    const r = await client.post('/applications', {
      campaignId: campaign.id,
      industryAuthority: AUTHORITY,
      items: itemsBySeq(campaign.items, [33]),
      sites: [{ name: '考核点1', address: '上海市示例路10号', district: '310115' }],
    });
    expectStatus(r, 201, 'create');
    return r.json().id as string;
  };

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    campaign = await j.campaign2024();
  });
  afterAll(async () => sys?.close());

  it('the centre records both recommendations on paper with their letters; the application is recommended; recordedBy is shown; the applicant uploads its own 推荐函', async () => {
    const { client } = await org('paper');
    const id = await draft(client);
    const checklist = (await client.get(`/applications/${id}/checklist`)).json();
    expect(
      checklist.blockers.find((b: { code: string; ref?: { role: string } }) => b.code === 'RECOMMENDATION_MISSING' && b.ref?.role === 'industry_authority')
        .detail,
    ).toContain('市职鉴中心代为录入');
    expectStatus(await client.post(`/applications/${id}/request-recommendation`), 200, 'request');

    const letter = await cast.center.upload(
      `/applications/${id}/materials`,
      { kind: 'recommendation_letter' },
      { name: '体育局推荐函.pdf', content: samplePdf('paper letter') },
    );
    expectStatus(letter, 201, 'centre uploads the scanned letter');
    const r1 = await cast.center.post(`/applications/${id}/recommendations`, {
      onBehalfOf: { role: 'industry_authority', authority: AUTHORITY },
      decision: 'recommend',
      comment: '纸质推荐函（体育局）',
      letterMaterialId: letter.json().id,
    });
    expectStatus(r1, 200, 'paper recommendation, authority');
    expect(r1.json().status).toBe('awaiting_recommendation');
    const r2 = await cast.center.post(`/applications/${id}/recommendations`, {
      onBehalfOf: { role: 'district_hr', district: '310115' },
      decision: 'recommend',
      comment: '纸质推荐函（浦东）',
    });
    expectStatus(r2, 200, 'paper recommendation, district');
    const view = r2.json();
    expect(view.status).toBe('recommended');
    const me = (await cast.center.get('/auth/me')).json();
    const userId = me.user?.id ?? me.id;
    expect(view.recommendations).toHaveLength(2);
    for (const rec of view.recommendations) expect(rec.recordedBy).toEqual({ role: 'center', userId, displayName: '市职鉴中心经办人' });
    expect(view.recommendations.find((r: { role: string }) => r.role === 'industry_authority')).toMatchObject({
      role: 'industry_authority',
      authority: AUTHORITY,
      letterMaterialId: letter.json().id,
    });
    expect((await client.get(`/applications/${id}`)).json().recommendations.find((r: { role: string }) => r.role === 'district_hr')).toMatchObject({
      role: 'district_hr',
      district: '310115',
      recordedBy: { role: 'center' },
    });

    // 四(一) item 2: the applicant may upload the 推荐函 it holds
    const own = await client.upload(
      `/applications/${id}/materials`,
      { kind: 'recommendation_letter' },
      { name: '推荐函.pdf', content: samplePdf('own letter') },
    );
    expectStatus(own, 201, 'applicant uploads its 推荐函');

    // the centre's scan a recorded recommendation rests on stays: the applicant cannot delete it…
    const gone = await client.delete(`/applications/${id}/materials/${letter.json().id}`);
    expect([gone.statusCode, gone.json().code]).toEqual([409, 'CONFLICT']);
    expect(gone.json().detail).toContain('已随推荐意见存档');
    expect(
      (await client.get(`/applications/${id}`)).json().recommendations.find((r: { role: string }) => r.role === 'industry_authority').letterMaterialId,
    ).toBe(letter.json().id);
    // …while its own letter is its own to remove (the positive twin)
    expectStatus(await client.delete(`/applications/${id}/materials/${own.json().id}`), 204, 'applicant deletes its own letter');

    // audited
    const audit = await sys.ctx.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action).filter((a) => a === 'application.recommend').length).toBeGreaterThanOrEqual(2);
  });

  it('the centre cannot record a recommendation the application does not await (409), nor twice; others than the centre cannot speak for a recommender (403)', async () => {
    const { client } = await org('notawaited');
    const id = await draft(client);
    // not yet requested
    const early = await cast.center.post(`/applications/${id}/recommendations`, {
      onBehalfOf: { role: 'industry_authority', authority: AUTHORITY },
      decision: 'recommend',
      comment: '',
    });
    expect([early.statusCode, early.json().code]).toEqual([409, 'CONFLICT']);
    expectStatus(await client.post(`/applications/${id}/request-recommendation`), 200, 'request');
    // a scan the centre filed is the centre's, even before a recommendation rests on it
    const scan = await cast.center.upload(
      `/applications/${id}/materials`,
      { kind: 'recommendation_letter' },
      { name: '扫描件.pdf', content: samplePdf('scan') },
    );
    expectStatus(scan, 201, 'centre files a scan');
    const del = await client.delete(`/applications/${id}/materials/${scan.json().id}`);
    expect([del.statusCode, del.json().detail]).toEqual([409, expect.stringContaining('由市职鉴中心上传存档')]);
    for (const onBehalfOf of [
      { role: 'industry_authority', authority: '上海市教育委员会' },
      { role: 'district_hr', district: '310104' },
    ]) {
      const r = await cast.center.post(`/applications/${id}/recommendations`, { onBehalfOf, decision: 'recommend', comment: '' });
      expect([r.statusCode, r.json().code], JSON.stringify(onBehalfOf)).toEqual([409, 'CONFLICT']);
    }
    expectStatus(
      await cast.center.post(`/applications/${id}/recommendations`, {
        onBehalfOf: { role: 'district_hr', district: '310115' },
        decision: 'recommend',
        comment: '',
      }),
      200,
      'first',
    );
    const twice = await cast.center.post(`/applications/${id}/recommendations`, {
      onBehalfOf: { role: 'district_hr', district: '310115' },
      decision: 'recommend',
      comment: '',
    });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'CONFLICT']);
    const noWho = await cast.center.post(`/applications/${id}/recommendations`, { decision: 'recommend', comment: '' });
    expect(noWho.statusCode).toBe(400);

    for (const [who, c] of [
      ['bureau', cast.bureau],
      ['applicant', client],
      ['expert', cast.experts[0]!.client],
    ] as const) {
      const r = await c.post(`/applications/${id}/recommendations`, {
        onBehalfOf: { role: 'industry_authority', authority: AUTHORITY },
        decision: 'recommend',
        comment: '',
      });
      expect(r.statusCode, who).toBe(403);
    }
    // a recommender speaks for itself only
    const hr = await cast.hr['310115']!.post(`/applications/${id}/recommendations`, {
      onBehalfOf: { role: 'district_hr', district: '310115' },
      decision: 'recommend',
      comment: '',
    });
    expect(hr.statusCode).toBe(400);
  });
});
