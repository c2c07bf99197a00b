import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Journey, expectStatus } from '../bootstrap/journey.js';
import type { Client } from '../bootstrap/inject-client.js';

/**
 * One organisation from registration to a verified public filing, through every step of 三、工作流程,
 * on real PostgreSQL through app.inject, with the business clock moved as the notice's periods run.
 */
describe('the selection, end to end', () => {
  let sys: TestSystem;
  let j: Journey;
  let applicant: Client;
  let industry: Client;
  let pudong: Client;
  let xuhui: Client;
  let center: Client;
  let bureau: Client;
  const experts: { client: Client; id: string }[] = [];
  let appId: string;
  let itemIds: string[];

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-20T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    industry = (await j.staff({ username: 'ind_sec', role: 'industry_authority', displayName: '市安防行业协会', authority: '上海市公安局技术防范办公室' }))
      .client;
    pudong = (await j.staff({ username: 'hr_pudong', role: 'district_hr', displayName: '浦东新区人社局', district: '310115' })).client;
    xuhui = (await j.staff({ username: 'hr_xuhui', role: 'district_hr', displayName: '徐汇区人社局', district: '310104' })).client;
    center = (await j.staff({ username: 'center1', role: 'center', displayName: '市职鉴中心经办人' })).client;
    bureau = (await j.staff({ username: 'bureau1', role: 'bureau', displayName: '市人社局职业能力处' })).client;
    for (const n of [1, 2, 3, 4]) experts.push(await j.staff({ username: `expert${n}`, role: 'expert', displayName: `专家${n}` }));
    applicant = (await j.registerOrg({ username: 'anfang', name: '上海安防职业技能评价有限公司', uscc: '91310115MA1H000011' })).client;
  });
  afterAll(async () => sys?.close());

  it('creates a draft with items whose levels the notice offers', async () => {
    const campaign = await j.campaign2024();
    const item1 = campaign.items.find((i) => i.seq === 1)!; // 安全防范系统安装维护员 5、4、3
    const item2 = campaign.items.find((i) => i.seq === 2)!; // 信息安全测试员（渗透测试员） 4、3
    const bad = await applicant.post('/applications', {
      campaignId: campaign.id,
      industryAuthority: '上海市公安局技术防范办公室',
      items: [{ itemId: item2.id, levels: [5] }],
      sites: [],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect(bad.json().detail).toContain('不含 5 级');

    const res = await applicant.post('/applications', {
      campaignId: campaign.id,
      industryAuthority: '上海市公安局技术防范办公室',
      items: [
        { itemId: item1.id, levels: [5, 4, 3] },
        { itemId: item2.id, levels: [4] },
      ],
      sites: [
        { name: '浦东考核点', address: '浦东新区张江路1号', district: '310115' },
        { name: '徐汇考核点', address: '徐汇区漕溪北路2号', district: '310104' },
      ],
    });
    expectStatus(res, 201, 'create');
    const app = res.json();
    expect(app.status).toBe('draft');
    appId = app.id;
    itemIds = app.items.map((i: { id: string }) => i.id);
    const dup = await applicant.post('/applications', { campaignId: campaign.id, industryAuthority: 'x', items: [], sites: [] });
    expect(dup.json().code).toBe('DUPLICATE');
  });

  it('tells everything still missing at once (一次性告知)', async () => {
    const res = await applicant.get(`/applications/${appId}/checklist`);
    const body = res.json();
    expect(body.ready).toBe(false);
    const codes = body.blockers.map((b: { code: string }) => b.code);
    // before 23 August the window is not open yet
    expect(codes[0]).toBe('WINDOW_CLOSED');
    expect(codes.filter((c: string) => c === 'RECOMMENDATION_MISSING')).toHaveLength(3);
    expect(codes.filter((c: string) => c === 'MATERIAL_MISSING')).toHaveLength(6);
    const submit = await applicant.post(`/applications/${appId}/submit`);
    expect(submit.statusCode).toBe(409);
    expect(submit.json().code).toBe('WINDOW_CLOSED');
    expect(submit.json().clause).toBe('四(二)');
    expect(submit.json().blockers.length).toBe(body.blockers.length);
  });

  it('is recommended by the named authority and the HR bureau of each site district (三(一))', async () => {
    expectStatus(await applicant.post(`/applications/${appId}/request-recommendation`), 200, 'request');
    // a district without a site does not even see the application
    const other = await j.staff({ username: 'hr_jingan', role: 'district_hr', displayName: '静安区人社局', district: '310106' });
    expect((await other.client.post(`/applications/${appId}/recommendations`, { decision: 'recommend', comment: '' })).statusCode).toBe(404);
    expect((await other.client.get(`/applications/${appId}`)).statusCode).toBe(404);
    expect((await pudong.get('/applications')).json().total).toBe(1);

    let r = await industry.post(`/applications/${appId}/recommendations`, { decision: 'recommend', comment: '同意推荐' });
    expectStatus(r, 200, 'industry');
    expect(r.json().status).toBe('awaiting_recommendation');
    const again = await industry.post(`/applications/${appId}/recommendations`, { decision: 'recommend', comment: '' });
    expect(again.json().code).toBe('CONFLICT');
    r = await pudong.post(`/applications/${appId}/recommendations`, { decision: 'recommend', comment: '同意' });
    r = await xuhui.post(`/applications/${appId}/recommendations`, { decision: 'recommend', comment: '同意' });
    expectStatus(r, 200, 'xuhui');
    expect(r.json().status).toBe('recommended');
  });

  it('uploads the materials of 四(一), PDFs by content only', async () => {
    const notPdf = await applicant.upload(
      `/applications/${appId}/materials`,
      { kind: 'credit_proof' },
      { name: 'fake.pdf', content: Buffer.from('hello, not a pdf') },
    );
    expect(notPdf.statusCode, notPdf.body).toBe(415);
    expect(notPdf.json().code).toBe('INVALID_FILE');
    await j.uploadAll(applicant, appId, itemIds);
    const app = (await applicant.get(`/applications/${appId}`)).json();
    expect(app.materials).toHaveLength(8);
    const m = app.materials[0];
    const dl = await applicant.get(`/applications/${appId}/materials/${m.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('submits inside the window; the instant is recorded with its offset (DL-2); a retry with the same key is the same submission (DL-6)', async () => {
    sys.clock.set(new Date('2024-08-28T23:59:59+08:00'));
    const res = await applicant.post(`/applications/${appId}/submit`, { idempotencyKey: 'submit-once-123' });
    expectStatus(res, 200, 'submit');
    expect(res.json().status).toBe('submitted');
    expect(res.json().submittedAt).toBe('2024-08-28T23:59:59+08:00');
    const retry = await applicant.post(`/applications/${appId}/submit`, { idempotencyKey: 'submit-once-123' });
    expectStatus(retry, 200, 'idempotent retry');
    // the same result, never a duplicate: same instant and version, one submission in the history
    expect(retry.json()).toMatchObject({ status: 'submitted', submittedAt: res.json().submittedAt, version: res.json().version });
    const submissions = await sys.database.db
      .selectFrom('application_events')
      .select('id')
      .where('application_id', '=', appId)
      .where('to_status', '=', 'submitted')
      .execute();
    expect(submissions).toHaveLength(1);
  });

  it('is returned for correction, resubmitted after the window within the period (三(二))', async () => {
    sys.clock.set(new Date('2024-09-02T10:00:00+08:00'));
    const r = await center.post(`/applications/${appId}/acceptance`, { decision: 'return', reason: '工作方案缺少质量管控措施' });
    expectStatus(r, 200, 'return');
    // 5 working days from the first working day after Monday 2 Sept: 3,4,5,6,9 Sept
    expect(r.json().correctionDueOn).toBe('2024-09-09');
    sys.clock.set(new Date('2024-09-09T20:00:00+08:00'));
    const s = await applicant.post(`/applications/${appId}/submit`);
    expectStatus(s, 200, 'resubmit');
    expect(s.json().status).toBe('submitted');
  });

  it('is accepted, reviewed by experts (a conflict recuses), inspected at every site', async () => {
    sys.clock.set(new Date('2024-09-10T10:00:00+08:00'));
    expectStatus(await center.post(`/applications/${appId}/acceptance`, { decision: 'accept', reason: '' }), 200, 'accept');
    expectStatus(await center.post(`/applications/${appId}/experts`, { expertUserIds: experts.map((e) => e.id) }), 200, 'assign');
    const early = await center.post(`/applications/${appId}/institution-evaluation`, { result: 'pass', summary: '通过' });
    expect(early.statusCode).toBe(409);
    expect(early.json().blockers.length).toBeGreaterThanOrEqual(3);
    expectStatus(
      await experts[0]!.client.post(`/applications/${appId}/expert-reviews`, { conflictOfInterest: true, opinion: '本人曾在该单位任职' }),
      200,
      'recuse',
    );
    for (const e of experts.slice(1)) {
      expectStatus(
        await e.client.post(`/applications/${appId}/expert-reviews`, { conflictOfInterest: false, score: 85, opinion: '条件具备', recommendation: 'pass' }),
        200,
        'review',
      );
    }
    const app = (await center.get(`/applications/${appId}`)).json();
    for (const site of app.sites) {
      expectStatus(
        await center.post(`/applications/${appId}/site-inspections`, {
          siteId: site.id,
          inspectedOn: '2024-09-12',
          inspectors: ['王五', '赵六'],
          findings: '场地设备及视频监控符合要求',
          result: 'pass',
        }),
        200,
        'inspect',
      );
    }
  });

  it('passes the institution evaluation; each item gets its 3-month clock (三(四))', async () => {
    sys.clock.set(new Date('2024-09-13T10:00:00+08:00'));
    const r = await center.post(`/applications/${appId}/institution-evaluation`, { result: 'pass', summary: '机构评估通过' });
    expectStatus(r, 200, 'institution');
    expect(r.json().status).toBe('institution_passed');
    expect(r.json().items.map((i: { projectEvaluationDueOn: string }) => i.projectEvaluationDueOn)).toEqual(['2024-12-13', '2024-12-13']);
  });

  it('passes one project; the other lapses and is deemed abandoned (视作放弃)', async () => {
    sys.clock.set(new Date('2024-12-13T23:00:00+08:00'));
    expectStatus(await center.post(`/application-items/${itemIds[0]}/project-evaluation`, { result: 'pass', summary: '通过' }), 200, 'project');
    sys.clock.set(new Date('2024-12-14T00:00:00+08:00'));
    const late = await center.post(`/application-items/${itemIds[1]}/project-evaluation`, { result: 'pass', summary: '通过' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('DEADLINE_PASSED');
    expect(late.json().clause).toBe('三(四)');
    const app = (await applicant.get(`/applications/${appId}`)).json();
    expect(app.items.map((i: { status: string }) => i.status)).toEqual(['project_passed', 'abandoned']);
  });

  it('is approved by the bureau, publicised for 5 working days, objected to, then filed', async () => {
    expectStatus(await bureau.post(`/application-items/${itemIds[0]}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve');
    sys.clock.set(new Date('2024-12-20T09:00:00+08:00')); // Friday
    const p = await center.post('/publicities', { title: '2024年社评组织遴选结果公示', applicationItemIds: [itemIds[0]] });
    expectStatus(p, 201, 'publicity');
    expect(p.json().startsOn).toBe('2024-12-20');
    expect(p.json().endsOn).toBe('2024-12-26');
    const pub = (await new (await import('../bootstrap/inject-client.js')).Client(sys.app).get('/public/publicities')).json();
    expect(pub[0].items[0].organizationName).toBe('上海安防职业技能评价有限公司');
    const anon = new (await import('../bootstrap/inject-client.js')).Client(sys.app);
    const o = await anon.post(`/public/publicities/${p.json().id}/objections`, {
      applicationItemId: itemIds[0],
      name: '王某',
      phone: '13912345678',
      content: '该单位考核点设备不足',
    });
    expectStatus(o, 201, 'objection');
    // the notice ends; the pending objection holds the item
    sys.clock.set(new Date('2024-12-27T00:00:00+08:00'));
    let app = (await applicant.get(`/applications/${appId}`)).json();
    expect(app.items[0].status).toBe('in_publicity');
    const late = await anon.post(`/public/publicities/${p.json().id}/objections`, {
      applicationItemId: itemIds[0],
      name: '王某',
      phone: '13912345678',
      content: '再次提出异议内容',
    });
    expect(late.json().code).toBe('PUBLICITY_CLOSED');
    const objections = (await center.get('/objections')).json();
    expect(objections.items[0].phone).toBe('139****5678');
    sys.clock.set(new Date('2024-12-30T10:00:00+08:00'));
    expectStatus(await center.post(`/objections/${objections.items[0].id}/resolution`, { decision: 'dismissed', reason: '经核查设备充足' }), 200, 'dismiss');
    app = (await applicant.get(`/applications/${appId}`)).json();
    expect(app.items[0].status).toBe('filed');
    expect(app.items[0].filing.filedOn).toBe('2024-12-30');
    expect(app.items[0].filing.validUntil).toBe('2027-12-29');
  });

  it('publishes the filing for public query and verification (三(六))', async () => {
    const app = (await applicant.get(`/applications/${appId}`)).json();
    const receiptNo = app.items[0].filing.receiptNo;
    const anon = new (await import('../bootstrap/inject-client.js')).Client(sys.app);
    const v = await anon.get(`/public/filings/${receiptNo}`);
    expectStatus(v, 200, 'verify');
    expect(v.json().status).toBe('active');
    const dir = (await anon.get(`/public/organizations?q=${encodeURIComponent('安防职业')}`)).json();
    expect(dir.total).toBe(1);
    expect(dir.items[0].filings[0].receiptNo).toBe(receiptNo);
    expect((await anon.get('/public/organizations?district=310104')).json().total).toBe(1); // a site's district
    expect((await anon.get('/public/organizations?itemSeq=2')).json().total).toBe(0); // abandoned item
    expect((await anon.get('/public/organizations?q=91310115MA1H000011')).json().total).toBe(1);
  });

  it('expires after three years, and the audit chain verifies', async () => {
    sys.clock.set(new Date('2027-12-30T00:00:01+08:00'));
    const app = (await applicant.get(`/applications/${appId}`)).json();
    expect(app.items[0].filing.status).toBe('expired');
    const anon = new (await import('../bootstrap/inject-client.js')).Client(sys.app);
    expect((await anon.get('/public/organizations')).json().total).toBe(0);
    const v = (await j.admin.get('/audit/verify')).json();
    expect(v.valid).toBe(true);
    expect(v.entries).toBeGreaterThan(30);
  });
});
