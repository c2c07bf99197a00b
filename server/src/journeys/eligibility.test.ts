import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Client } from '../test-support/harness.js';
import { Journey, applyAndSubmit, expectStatus, makeCast, type Cast } from '../bootstrap/journey.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * Eligibility by the USCC's type (GB 32100-2015 characters 1–2; 通知 一, 一(一)) and the centre's
 * eligibility review, which gates 受理 (api-v1 "Eligibility by USCC"), on real PostgreSQL.
 */
const withCheck = (first17: string) => first17 + usccCheckChar(first17);
const fullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('eligibility by USCC type and the centre’s review', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let campaign: Awaited<ReturnType<Journey['campaign2024']>>;
  let n = 0;

  const register = (uscc: string, legalForm = 'enterprise') => {
    n += 1;
    return new Client(sys.app).post('/auth/register', {
      username: `elig_${n}`,
      password: 'Shanghai#2024ok',
      organization: {
        name: `上海资格测试${n}单位`,
        uscc,
        legalForm,
        district: '310115',
        address: '上海市浦东新区世纪大道100号',
        legalRepresentative: '张三',
        contactName: '李四',
        contactPhone: '13800138000',
        contactEmail: 'contact@example.cn',
      },
    });
  };

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-23T09:00:00+08:00', env: { RATE_REGISTER_PER_HOUR: '1000' } });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    campaign = await j.campaign2024();
  });
  afterAll(async () => sys?.close());

  describe('at registration, by characters 1–2', () => {
    it.each([
      ['11', '机关', '一(一)'],
      ['13', '编办', '一(一)'],
      ['19', '编办', '一(一)'],
      ['A1', '军队', '一'],
      ['A9', '军队', '一'],
      ['92', '个体工商户不是法人', '一'],
    ])('%s → 422 NOT_ELIGIBLE (%s), nothing kept', async (pair, words, clause) => {
      const uscc = withCheck(`${pair}310115MA1EL000${pair === 'A1' ? '1' : pair === 'A9' ? '2' : '3'}`);
      const res = await register(uscc);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'NOT_ELIGIBLE', clause });
      expect(res.json().detail).toContain(words);
      expect(await sys.database.db.selectFrom('organizations').select('id').where('uscc', '=', uscc).executeTakeFirst()).toBeUndefined();
    });

    it.each([
      ['91', 'enterprise'],
      ['93', 'enterprise'],
      ['51', 'social_group'],
      ['52', 'private_non_enterprise'],
    ])('%s → 201 eligible', async (pair, legalForm) => {
      const uscc = withCheck(`${pair}310115MA1EL0004`);
      const res = await register(uscc, legalForm);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().organization).toMatchObject({ uscc, eligibility: 'eligible', eligibilityReview: null });
    });

    it.each([
      ['12', 'school'],
      ['53', 'social_group'],
      ['31', 'enterprise'],
      ['N2', 'enterprise'],
      ['Y1', 'enterprise'],
      ['72', 'school'],
    ])('%s → 201 needs_review', async (pair, legalForm) => {
      const uscc = withCheck(`${pair}310115MA1EL0005`);
      const res = await register(uscc, legalForm);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().organization).toMatchObject({ uscc, eligibility: 'needs_review' });
    });

    it.each(['04', '1A', '00', '99', 'G1'])('%s (not a type GB 32100-2015 defines) → 400 INVALID_USCC naming the character', async (pair) => {
      const res = await register(withCheck(`${pair}310115MA1EL0006`));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('INVALID_USCC');
      expect(res.json().detail).toMatch(/第[12]位“.”/);
    });

    it('a full-width USCC (Chinese IME) with spaces registers, stored in half-width', async () => {
      const uscc = withCheck('91310115MA1EL0007');
      const typed = `${fullWidth(uscc.slice(0, 8))}\u3000${fullWidth(uscc.slice(8))}`;
      const res = await register(typed);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().organization.uscc).toBe(uscc);
      // the same code typed in half-width is a duplicate
      expect((await register(uscc)).json().code).toBe('DUPLICATE');
    });

    it('an extra character is named', async () => {
      const res = await register(`${withCheck('91310115MA1EL0008')}7`);
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toContain('第19位起的“7”是多出的');
    });
  });

  describe('the review gates acceptance (受理)', () => {
    let school: { client: Client; organizationId: string };
    let appId: string;

    beforeAll(async () => {
      sys.clock.set(new Date('2024-08-26T10:00:00+08:00'));
      school = await j.registerOrg({ username: 'elig_school', name: '上海市某职业技术学院', uscc: withCheck('12310115MB0EL0001'), legalForm: 'school' });
      appId = (await applyAndSubmit(j, cast, school.client, campaign, [36], ['310115'])).id;
    });

    it('the applicant sees the pending review; acceptance → 409 ELIGIBILITY_REVIEW', async () => {
      const view = (await school.client.get(`/applications/${appId}`)).json();
      expect(view.organization).toMatchObject({ eligibility: 'needs_review', eligibilityReview: null });
      const res = await cast.center.post(`/applications/${appId}/acceptance`, { decision: 'accept', reason: '' });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ code: 'ELIGIBILITY_REVIEW', clause: '一' });
      expect(res.json().detail).toContain('资格审核');
      expect((await cast.center.get(`/applications/${appId}`)).json().status).toBe('submitted');
    });

    it('only the centre reviews: applicant and bureau → 403; a bad body → 400; an unknown organisation → 404', async () => {
      const url = `/organizations/${school.organizationId}/eligibility-review`;
      const body = { decision: 'eligible', reason: '公办高职院校，已与主管部门脱钩' };
      expect((await school.client.post(url, body)).json().code).toBe('FORBIDDEN');
      expect((await cast.bureau.post(url, body)).statusCode).toBe(403);
      expect((await cast.center.post(url, { decision: 'eligible', reason: '' })).statusCode).toBe(400);
      expect((await cast.center.post(url, { decision: 'eligible', reason: 'x'.repeat(2001) })).statusCode).toBe(400);
      expect((await cast.center.post(url, { decision: 'maybe', reason: '理由充分' })).statusCode).toBe(400);
      expect((await cast.center.post(url, { decision: 'eligible' })).statusCode).toBe(400);
      expect((await cast.center.post(`/organizations/${crypto.randomUUID()}/eligibility-review`, body)).statusCode).toBe(404);
      expect((await school.client.get(`/applications/${appId}`)).json().organization.eligibility).toBe('needs_review');
    });

    it('an organisation eligible by its type has nothing to review → 409 CONFLICT', async () => {
      const ent = await j.registerOrg({ username: 'elig_ent', name: '上海资格测试企业', uscc: withCheck('91310115MA1EL0009') });
      const res = await cast.center.post(`/organizations/${ent.organizationId}/eligibility-review`, { decision: 'not_eligible', reason: '无理由' });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('CONFLICT');
    });

    it('reviewed eligible → 200, audited, told to the applicant, shown; then acceptance works (positive twin)', async () => {
      sys.clock.set(new Date('2024-08-27T11:00:00+08:00'));
      const reason = '该院校为独立事业单位法人，已与政府部门脱钩，符合通知一的条件';
      const res = await cast.center.post(`/organizations/${school.organizationId}/eligibility-review`, { decision: 'eligible', reason });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        organizationId: school.organizationId,
        eligibility: 'eligible',
        eligibilityReview: { decision: 'eligible', reason, at: '2024-08-27T11:00:00+08:00', by: '市职鉴中心经办人' },
      });
      const audit = await sys.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'organization.eligibility_review')
        .where('entity_id', '=', school.organizationId)
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_role: 'center', entity_type: 'organization', result: 'ok' });
      expect(new Date(audit[0]!.business_at).toISOString()).toBe('2024-08-27T03:00:00.000Z');
      expect(audit[0]!.before).toMatchObject({ eligibility: 'needs_review' });
      expect(audit[0]!.after).toMatchObject({ eligibility: 'eligible', reason });
      const inbox = (await school.client.get('/inbox?pageSize=100')).json() as { items: { title: string; body: string }[] };
      const told = inbox.items.find((i) => i.title.includes('资格审核'));
      expect(told?.title).toContain('符合申报条件');
      expect(told?.body).toContain(reason);
      const view = (await school.client.get(`/applications/${appId}`)).json();
      expect(view.organization).toMatchObject({ eligibility: 'eligible', eligibilityReview: { decision: 'eligible', reason, by: '市职鉴中心经办人' } });
      expectStatus(await cast.center.post(`/applications/${appId}/acceptance`, { decision: 'accept', reason: '' }), 200, 'accept after review');
    });

    it('reviewed not eligible → acceptance refused (NOT_ELIGIBLE); 不予受理 stays open', async () => {
      const fund = await j.registerOrg({ username: 'elig_fund', name: '上海某基金会', uscc: withCheck('53310115MJ0EL0001'), legalForm: 'social_group' });
      const id = (await applyAndSubmit(j, cast, fund.client, campaign, [37], ['310115'])).id;
      const res = await cast.center.post(`/organizations/${fund.organizationId}/eligibility-review`, {
        decision: 'not_eligible',
        reason: '基金会章程不含职业技能评价业务',
      });
      expect(res.json()).toMatchObject({ eligibility: 'not_eligible', eligibilityReview: { decision: 'not_eligible' } });
      const accept = await cast.center.post(`/applications/${id}/acceptance`, { decision: 'accept', reason: '' });
      expect(accept.statusCode).toBe(422);
      expect(accept.json().code).toBe('NOT_ELIGIBLE');
      expect((await fund.client.get(`/applications/${id}`)).json().organization.eligibilityReview).toMatchObject({
        decision: 'not_eligible',
        reason: '基金会章程不含职业技能评价业务',
      });
      expectStatus(await cast.center.post(`/applications/${id}/acceptance`, { decision: 'reject', reason: '资格审核不符合申报条件' }), 200, 'reject');
    });
  });
});
