import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Journey, applyAndSubmit, expectStatus, itemsBySeq, makeCast, type Cast } from '../bootstrap/journey.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * api-v1 "Rules clarified on a second reading of the notice", on real PostgreSQL:
 * - Correction after the window (四(二)): a returned application may not enlarge what was applied for;
 * - One-year rule (三(四)): what was submitted counts, whatever is removed or withdrawn afterwards;
 * - Withdrawal: before acceptance only, audited on the business clock.
 */
describe('correction scope, the one-year rule as submitted, withdrawal', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let campaign: Awaited<ReturnType<Journey['campaign2024']>>;
  let n = 0;
  const org = async (tag: string) => {
    n += 1;
    const body = `91310115MA1K0${String(n).padStart(4, '0')}`;
    return j.registerOrg({ username: `cw_${tag}`, name: `上海${tag}评价有限公司`, uscc: `${body}${usccCheckChar(body)}` });
  };
  const SEQ_A = 30; // 家政服务员（家庭照护员）
  const SEQ_B = 33; // 咖啡师
  const SEQ_C = 36; // 美发师

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-23T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    campaign = await j.campaign2024();
  });
  afterAll(async () => sys?.close());

  let removedFrom: { id: string; orgClient: Awaited<ReturnType<typeof org>>['client'] };
  let withdrawn: { id: string; orgClient: Awaited<ReturnType<typeof org>>['client'] };

  it('after the window a correction cannot add an item, a level, a site or change the authority (CORRECTION_SCOPE 四(二)); it may withdraw an item and resubmit', async () => {
    sys.clock.set(new Date('2024-08-26T10:00:00+08:00'));
    const { client } = await org('scope');
    const app = await applyAndSubmit(j, cast, client, campaign, [SEQ_A, SEQ_B], ['310115']);
    sys.clock.set(new Date('2024-08-30T10:00:00+08:00')); // the window closed at 2024-08-29T00:00+08:00
    expectStatus(await cast.center.post(`/applications/${app.id}/acceptance`, { decision: 'return', reason: '工作方案未盖章，请补正' }), 200, 'return');
    const before = (await client.get(`/applications/${app.id}`)).json();
    const [a, b] = itemsBySeq(campaign.items, [SEQ_A, SEQ_B]);
    const site = { name: '考核点1', address: '上海市示例路10号', district: '310115' };

    const refusals = [
      ['an item', { items: [a, b, ...itemsBySeq(campaign.items, [SEQ_C])] }],
      ['a level', { items: [a, { ...b!, levels: [5, 4, 3] }] }],
      ['a site', { sites: [site, { name: '考核点2', address: '上海市示例路11号', district: '310104' }] }],
      ['the authority', { industryAuthority: '上海市教育委员会' }],
    ] as const;
    // make the level case a real enlargement: first narrow the levels of 咖啡师 to 5、4 (allowed)…
    expectStatus(await client.patch(`/applications/${app.id}`, { items: [a, { ...b!, levels: [5, 4] }] }), 200, 'withdraw a level');
    for (const [what, body] of refusals) {
      const r = await client.patch(`/applications/${app.id}`, body);
      expect(r.statusCode, what).toBe(409);
      expect([r.json().code, r.json().clause], what).toEqual(['CORRECTION_SCOPE', '四(二)']);
    }
    // …and nothing of the refused edits stuck
    const after = (await client.get(`/applications/${app.id}`)).json();
    expect(after.industryAuthority).toBe(before.industryAuthority);
    expect(after.sites.map((s: { district: string }) => s.district)).toEqual(['310115']);
    expect(after.items.map((i: { levels: number[] }) => i.levels)).toEqual([a!.levels, [5, 4]]);

    // the allowed change: withdraw 咖啡师 (and correct a site's address, a text), then resubmit in the period
    expectStatus(
      await client.patch(`/applications/${app.id}`, { items: [a], sites: [{ ...site, address: '上海市示例路10号（东门）' }] }),
      200,
      'withdraw an item',
    );
    expectStatus(await client.post(`/applications/${app.id}/submit`), 200, 'resubmit');
    const done = (await client.get(`/applications/${app.id}`)).json();
    expect(done.status).toBe('submitted');
    expect(done.items).toHaveLength(1);
    removedFrom = { id: app.id, orgClient: client };
  });

  it('the positive twin: returned while the window is open, the same enlargements are allowed', async () => {
    sys.clock.set(new Date('2024-08-26T11:00:00+08:00'));
    const { client } = await org('open');
    const app = await applyAndSubmit(j, cast, client, campaign, [SEQ_A], ['310115']);
    expectStatus(await cast.center.post(`/applications/${app.id}/acceptance`, { decision: 'return', reason: '请补充样卷' }), 200, 'return');
    const r = await client.patch(`/applications/${app.id}`, { items: itemsBySeq(campaign.items, [SEQ_A, SEQ_C]) });
    expectStatus(r, 200, 'add an item while the window is open');
    expect(r.json().items).toHaveLength(2);
  });

  it('withdrawal: before acceptance → withdrawn (已撤回), audited on the business clock; after acceptance → CONFLICT', async () => {
    sys.clock.set(new Date('2024-08-27T10:00:00+08:00'));
    const { client } = await org('wd');
    const app = await applyAndSubmit(j, cast, client, campaign, [SEQ_C], ['310115']);
    expect((await cast.center.post(`/applications/${app.id}/withdraw`)).statusCode).toBe(403);
    const w = await client.post(`/applications/${app.id}/withdraw`);
    expectStatus(w, 200, 'withdraw');
    expect(w.json().status).toBe('withdrawn');
    expect(w.json().history.at(-1)).toMatchObject({ action: '撤回申报', from: 'submitted', to: 'withdrawn' });
    const audit = await sys.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'application.withdraw').where('entity_id', '=', app.id).execute();
    expect(audit).toHaveLength(1);
    expect(new Date(audit[0]!.business_at).toISOString()).toBe(new Date('2024-08-27T10:00:00+08:00').toISOString());
    // withdrawn is final
    expect((await client.post(`/applications/${app.id}/withdraw`)).json().code).toBe('CONFLICT');
    expect((await client.post(`/applications/${app.id}/submit`)).statusCode).toBe(409);
    withdrawn = { id: app.id, orgClient: client };

    // a draft may be withdrawn too (never submitted)
    const { client: c2 } = await org('wdraft');
    const draft = (
      await c2.post('/applications', { campaignId: campaign.id, industryAuthority: cast.authority, items: itemsBySeq(campaign.items, [SEQ_A]), sites: [] })
    ).json();
    expect((await c2.post(`/applications/${draft.id}/withdraw`)).json().status).toBe('withdrawn');

    // after acceptance: CONFLICT, said in Chinese
    const { client: c3 } = await org('wacc');
    const acc = await applyAndSubmit(j, cast, c3, campaign, [SEQ_A], ['310115']);
    expectStatus(await cast.center.post(`/applications/${acc.id}/acceptance`, { decision: 'accept', reason: '材料齐全' }), 200, 'accept');
    const late = await c3.post(`/applications/${acc.id}/withdraw`);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('CONFLICT');
    expect(late.json().detail).toMatch(/不能撤回申报/);
  });

  it('a returned application withdrawn in its correction period stays withdrawn: the lapse of the period no longer rejects it', async () => {
    sys.clock.set(new Date('2024-08-27T11:00:00+08:00'));
    const { client } = await org('wret');
    const app = await applyAndSubmit(j, cast, client, campaign, [SEQ_A], ['310115']);
    const ret = await cast.center.post(`/applications/${app.id}/acceptance`, { decision: 'return', reason: '请补正信用报告' });
    expectStatus(ret, 200, 'return');
    expectStatus(await client.post(`/applications/${app.id}/withdraw`), 200, 'withdraw while returned');
    sys.clock.set(new Date('2024-09-20T10:00:00+08:00')); // long after correctionDueOn
    const after = (await client.get(`/applications/${app.id}`)).json();
    expect(after.status).toBe('withdrawn');
    expect(after.history.some((h: { action: string }) => h.action === '逾期未补正')).toBe(false);
  });

  it('the one-year rule reads what was submitted: an item removed in correction, and a withdrawn application, still count (三(四))', async () => {
    sys.clock.set(new Date('2025-03-03T09:00:00+08:00'));
    const c2 = await j.admin.post('/campaigns', {
      docNumber: '沪人社职〔2025〕10号',
      title: '2025年征集遴选',
      opensAt: '2025-03-03T00:00:00+08:00',
      closesAt: '2025-09-01T00:00:00+08:00',
    });
    expectStatus(c2, 201, 'campaign 2025');
    const items2 = (await j.admin.get(`/campaigns/${c2.json().id}/items`)).json();
    const next = { id: c2.json().id, items: items2 };

    // 咖啡师 was removed from the 2024 application during its correction: it still counts
    const again = await applyAndSubmit(j, cast, removedFrom.orgClient, next, [SEQ_B], ['310115'], { submit: false });
    const r = await removedFrom.orgClient.post(`/applications/${again.id}/submit`);
    expect(r.statusCode).toBe(409);
    expect([r.json().code, r.json().clause]).toEqual(['COOLDOWN_ACTIVE', '三(四)']);
    expect(r.json().blockers.filter((b: { code: string }) => b.code === 'COOLDOWN_ACTIVE')).toHaveLength(1);

    // the withdrawn 2024 application (美发师, submitted) still counts
    const w = await applyAndSubmit(j, cast, withdrawn.orgClient, next, [SEQ_C], ['310115'], { submit: false });
    const rw = await withdrawn.orgClient.post(`/applications/${w.id}/submit`);
    expect([rw.statusCode, rw.json().code]).toEqual([409, 'COOLDOWN_ACTIVE']);

    // the positive twin: an item never submitted by that organisation is not blocked
    const { client: fresh } = await org('fresh');
    const ok = await applyAndSubmit(j, cast, fresh, next, [SEQ_B], ['310115']);
    expect((await fresh.get(`/applications/${ok.id}`)).json().status).toBe('submitted');
  });
});
