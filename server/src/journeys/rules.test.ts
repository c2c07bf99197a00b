import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Journey, applyAndSubmit, expectStatus, itemsBySeq, makeCast, passInstitution, type Cast } from '../bootstrap/journey.js';
import { usccCheckChar } from '../workflow/uscc.js';

/** Rules of the notice that span cases, campaigns and time, on real PostgreSQL. */
describe('rules across time and campaigns', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let campaign: Awaited<ReturnType<Journey['campaign2024']>>;

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-23T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    campaign = await j.campaign2024();
  });
  afterAll(async () => sys?.close());

  it('a declined recommendation goes back to the applicant, who corrects and asks again (三(一))', async () => {
    const org = (await j.registerOrg({ username: 'decl', name: '上海甲培训有限公司', uscc: '91310115MA1H000011' })).client;
    const r = await org.post('/applications', {
      campaignId: campaign.id,
      industryAuthority: cast.authority,
      items: itemsBySeq(campaign.items, [33]),
      sites: [{ name: 'A', address: '浦东1号', district: '310115' }],
    });
    const id = r.json().id;
    expectStatus(await org.post(`/applications/${id}/request-recommendation`), 200, 'request');
    const noComment = await cast.hr['310115']!.post(`/applications/${id}/recommendations`, { decision: 'decline', comment: '' });
    expect(noComment.statusCode).toBe(400);
    const d = await cast.hr['310115']!.post(`/applications/${id}/recommendations`, { decision: 'decline', comment: '考核点缺少视频监控设备' });
    expect(d.json().status).toBe('recommendation_declined');
    // the applicant edits (a new site) and asks again: a new round, earlier decisions no longer count
    const e = await org.patch(`/applications/${id}`, { sites: [{ name: 'B', address: '浦东2号', district: '310115' }] });
    expectStatus(e, 200, 'edit');
    const again = await org.post(`/applications/${id}/request-recommendation`);
    expect(again.json().status).toBe('awaiting_recommendation');
    expect(again.json().requiredRecommendations.every((x: { decision: string }) => x.decision === 'pending')).toBe(true);
    expect((await cast.hr['310115']!.post(`/applications/${id}/recommendations`, { decision: 'recommend', comment: '已整改' })).statusCode).toBe(200);
    const done = await cast.industry.post(`/applications/${id}/recommendations`, { decision: 'recommend', comment: '' });
    expect(done.json().status).toBe('recommended');
    expect(done.json().recommendations).toHaveLength(3);
  });

  it('a stale edit (old version) gets CONFLICT and changes nothing', async () => {
    const org = (await j.registerOrg({ username: 'stale', name: '上海乙培训有限公司', uscc: '52310104MJ0000001J', legalForm: 'private_non_enterprise' }))
      .client;
    const r = await org.post('/applications', { campaignId: campaign.id, industryAuthority: cast.authority, items: [], sites: [] });
    const v = r.json().version;
    expectStatus(await org.patch(`/applications/${r.json().id}`, { industryAuthority: '上海市教育委员会', version: v }), 200, 'first edit');
    const stale = await org.patch(`/applications/${r.json().id}`, { industryAuthority: '上海市卫生健康委员会', version: v });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('CONFLICT');
    expect((await org.get(`/applications/${r.json().id}`)).json().industryAuthority).toBe('上海市教育委员会');
  });

  it('an unanswered return lapses at 24:00 of the correction day: rejected, 逾期未补正 (三(二))', async () => {
    sys.clock.set(new Date('2024-08-26T10:00:00+08:00'));
    const org = (await j.registerOrg({ username: 'lapse', name: '上海丙培训有限公司', uscc: '51310000MJ0000001N', legalForm: 'social_group' })).client;
    const app = await applyAndSubmit(j, cast, org, campaign, [36], ['310104']);
    sys.clock.set(new Date('2024-09-13T10:00:00+08:00')); // Friday before Mid-Autumn
    const ret = await cast.center.post(`/applications/${app.id}/acceptance`, { decision: 'return', reason: '信用报告已过期，请补正' });
    // 5 working days from the first working day after Fri 13 Sept: Sat 14 (调休), 18, 19, 20, 23
    expect(ret.json().correctionDueOn).toBe('2024-09-23');
    sys.clock.set(new Date('2024-09-24T00:00:00+08:00'));
    const after = (await org.get(`/applications/${app.id}`)).json();
    expect(after.status).toBe('rejected');
    expect(after.history.at(-1).action).toBe('逾期未补正');
    const late = await org.post(`/applications/${app.id}/submit`);
    expect(late.statusCode).toBe(409);
  });

  it('the one-year rule holds across campaigns: same occupation (work type) refused, then allowed after 12 months (三(四))', async () => {
    sys.clock.set(new Date('2024-08-27T10:00:00+08:00'));
    const { client: org } = await j.registerOrg({ username: 'cool', name: '上海丁评价有限公司', uscc: '12310115MB00000016', legalForm: 'school' });
    const first = await applyAndSubmit(j, cast, org, campaign, [9, 10], ['310115']); // 车工（普通车工）, 车工（数控车工）
    expect(first.id).toBeTruthy();
    // a second call, next spring, with the same catalogue
    sys.clock.set(new Date('2025-03-03T09:00:00+08:00'));
    const c2 = await j.admin.post('/campaigns', {
      docNumber: '沪人社职〔2025〕10号',
      title: '2025年征集遴选',
      opensAt: '2025-03-03T00:00:00+08:00',
      closesAt: '2025-09-01T00:00:00+08:00',
    });
    expectStatus(c2, 201, 'campaign 2025');
    expect(c2.json().rules).toEqual({
      publicityWorkingDays: 5,
      projectEvaluationMonths: 3,
      cooldownMonths: 12,
      filingValidityYears: 3,
      correctionWorkingDays: 5,
      minExpertReviews: 3,
    });
    const items2 = (await j.admin.get(`/campaigns/${c2.json().id}/items`)).json();
    expect(items2).toHaveLength(89);
    const second = await applyAndSubmit(j, cast, org, { id: c2.json().id, items: items2 }, [10, 8], ['310115'], { submit: false });
    const refused = await org.post(`/applications/${second.id}/submit`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('COOLDOWN_ACTIVE');
    expect(refused.json().clause).toBe('三(四)');
    const cooldowns = refused.json().blockers.filter((b: { code: string }) => b.code === 'COOLDOWN_ACTIVE');
    expect(cooldowns).toHaveLength(1); // 车工 (no work type, seq 8) is a different work type than 数控车工
    expect(cooldowns[0].detail).toContain('2025-08-27');
    sys.clock.set(new Date('2025-08-26T23:59:59+08:00'));
    expect((await org.post(`/applications/${second.id}/submit`)).json().code).toBe('COOLDOWN_ACTIVE');
    sys.clock.set(new Date('2025-08-27T00:00:00+08:00'));
    expectStatus(await org.post(`/applications/${second.id}/submit`), 200, 'allowed on the anniversary');
  });

  it('a draft never submitted does not count for the one-year rule', async () => {
    sys.clock.set(new Date('2025-03-10T09:00:00+08:00'));
    const campaigns = (await j.admin.get('/campaigns')).json();
    const c2 = campaigns.find((c: { docNumber: string }) => c.docNumber === '沪人社职〔2025〕10号');
    const items2 = (await j.admin.get(`/campaigns/${c2.id}/items`)).json();
    const { client: org } = await j.registerOrg({
      username: 'drafty',
      name: '上海戊培训有限公司',
      uscc: `91310104MA1H00002${usccCheckChar('91310104MA1H00002')}`,
      district: '310104',
    });
    // a draft for 安全防范系统安装维护员, never submitted …
    await applyAndSubmit(j, cast, org, { id: c2.id, items: items2 }, [1], ['310104'], { submit: false });
    // … does not stop a submission for the same item in another call a week later
    sys.clock.set(new Date('2025-03-17T09:00:00+08:00'));
    const c3 = await j.admin.post('/campaigns', {
      docNumber: '沪人社职〔2025〕20号',
      title: '2025年第二批',
      opensAt: '2025-03-17T00:00:00+08:00',
      closesAt: '2025-04-01T00:00:00+08:00',
      itemSeqs: [1, 2, 3],
    });
    expectStatus(c3, 201, 'campaign c3');
    const items3 = (await j.admin.get(`/campaigns/${c3.json().id}/items`)).json();
    expect(items3.map((i: { seq: number }) => i.seq)).toEqual([1, 2, 3]);
    const app = await applyAndSubmit(j, cast, org, { id: c3.json().id, items: items3 }, [1], ['310104']);
    expect((await org.get(`/applications/${app.id}`)).json().status).toBe('submitted');
  });

  it('project evaluation passes within 3 months; the bureau approves; two staff racing: one wins, the other CONFLICT', async () => {
    sys.clock.set(new Date('2025-03-11T09:00:00+08:00'));
    const campaigns = (await j.admin.get('/campaigns')).json();
    const c2 = campaigns.find((c: { docNumber: string }) => c.docNumber === '沪人社职〔2025〕10号');
    const items2 = (await j.admin.get(`/campaigns/${c2.id}/items`)).json();
    const { client: org } = await j.registerOrg({
      username: 'race',
      name: '上海己培训有限公司',
      uscc: `91310110MA1H00003${usccCheckChar('91310110MA1H00003')}`,
      district: '310110',
    });
    const app = await applyAndSubmit(j, cast, org, { id: c2.id, items: items2 }, [84], ['310115']);
    const center2 = (await j.staff({ username: 'center_two', role: 'center', displayName: '市职鉴中心经办人二' })).client;
    const [a, b] = await Promise.all([
      cast.center.post(`/applications/${app.id}/acceptance`, { decision: 'accept', reason: '' }),
      center2.post(`/applications/${app.id}/acceptance`, { decision: 'return', reason: '请补正' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().code).toBe('CONFLICT');
    const state = (await org.get(`/applications/${app.id}`)).json();
    expect(state.history.filter((h: { action: string }) => h.action === '受理' || h.action === '退回补正')).toHaveLength(1);
    if (state.status === 'returned') {
      expectStatus(await org.post(`/applications/${app.id}/submit`), 200, 'resubmit');
      await passInstitution(cast, app, '2025-03-12');
    } else {
      await passInstitution(cast, app, '2025-03-12', { accepted: true });
    }
    const passed = (await org.get(`/applications/${app.id}`)).json();
    expect(passed.items[0].projectEvaluationDueOn).toBe('2025-06-11');
    sys.clock.set(new Date('2025-06-11T16:00:00+08:00'));
    expectStatus(await cast.center.post(`/application-items/${app.items[0]!.id}/project-evaluation`, { result: 'pass', summary: '通过' }), 200, 'project');
    const early = await cast.center.post(`/publicities`, { title: '公示', applicationItemIds: [app.items[0]!.id] });
    expect(early.json().code).toBe('CONFLICT'); // not yet approved by the bureau (三(五))
    expect((await cast.center.post(`/application-items/${app.items[0]!.id}/approval`, { decision: 'approve', comment: '' })).statusCode).toBe(403);
    const ok = await cast.bureau.post(`/application-items/${app.items[0]!.id}/approval`, { decision: 'approve', comment: '同意' });
    expect(ok.json().items[0].status).toBe('approved');
  });
});
