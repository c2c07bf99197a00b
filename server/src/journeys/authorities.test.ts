import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Journey, expectStatus, itemsBySeq, makeCast, type Cast } from '../bootstrap/journey.js';
import { usccCheckChar } from '../workflow/uscc.js';

/** api-v1 "Recommendations the system did not receive online": the maintained list of industry authorities. */
describe('industry authorities', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let campaign: Awaited<ReturnType<Journey['campaign2024']>>;
  let n = 0;
  const org = async (tag: string) => {
    n += 1;
    const body = `91310115MA1Q0${String(n).padStart(4, '0')}`;
    return j.registerOrg({ username: `au_${tag}`, name: `上海${tag}鉴定服务有限公司`, uscc: `${body}${usccCheckChar(body)}` });
  };
  type A = { id: string; name: string; active: boolean; hasAccount: boolean };

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    campaign = await j.campaign2024();
  });
  afterAll(async () => sys?.close());

  it('every signed-in role reads the list, with whether the authority has an account', async () => {
    for (const c of [cast.industry, cast.center, cast.bureau, cast.hr['310115']!, cast.experts[0]!.client, (await org('reader')).client]) {
      const r = await c.get('/authorities');
      expectStatus(r, 200, 'list');
      const list = r.json() as A[];
      expect(list.find((a) => a.name === '上海市商务委员会')).toMatchObject({ active: true, hasAccount: true });
      expect(list.find((a) => a.name === '上海市体育局')).toMatchObject({ active: true, hasAccount: false });
    }
  });

  it('the admin adds, renames and deactivates an authority (audited); others get 403', async () => {
    const created = await j.admin.post('/authorities', { name: '上海市绿化和市容管理局' });
    expectStatus(created, 201, 'create');
    const a = created.json() as A;
    expect(a).toMatchObject({ name: '上海市绿化和市容管理局', active: true, hasAccount: false });
    expect((await j.admin.post('/authorities', { name: '上海市绿化和市容管理局' })).statusCode).toBe(409);
    const renamed = await j.admin.patch(`/authorities/${a.id}`, { name: '上海市绿化和市容管理局（上海市林业局）' });
    expectStatus(renamed, 200, 'rename');
    expect(renamed.json().name).toBe('上海市绿化和市容管理局（上海市林业局）');
    const off = await j.admin.patch(`/authorities/${a.id}`, { active: false });
    expectStatus(off, 200, 'deactivate');
    expect(off.json().active).toBe(false);
    const audit = await sys.ctx.db.selectFrom('audit_log').select(['action', 'business_at']).where('entity_id', '=', a.id).orderBy('seq').execute();
    expect(audit.map((r) => r.action)).toEqual(['authority.create', 'authority.update', 'authority.update']);
    for (const r of audit) expect(new Date(r.business_at).toISOString()).toBe(sys.clock.now().toISOString());

    for (const c of [cast.center, cast.bureau, cast.industry, (await org('nonadmin')).client]) {
      expect((await c.post('/authorities', { name: '某局' })).statusCode).toBe(403);
      expect((await c.patch(`/authorities/${a.id}`, { active: true })).statusCode).toBe(403);
    }
  });

  it('an application must name an active authority of the list (400 in Chinese); a listed one is taken; no account shows in the checklist', async () => {
    const { client } = await org('apply');
    const body = (industryAuthority: string) => ({
      campaignId: campaign.id,
      industryAuthority,
      items: itemsBySeq(campaign.items, [33]),
      sites: [{ name: '考核点1', address: '上海市示例路1号', district: '310115' }],
    });
    const unknown = await client.post('/applications', body('上海市不存在委员会'));
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(unknown.json().detail).toContain('请从行业主管部门名录中选择');
    const list = (await client.get('/authorities')).json() as A[];
    const inactive = list.find((x) => !x.active)!;
    const refused = await client.post('/applications', body(inactive.name));
    expect([refused.statusCode, refused.json().code]).toEqual([400, 'VALIDATION_FAILED']);

    const ok = await client.post('/applications', body('上海市体育局'));
    expectStatus(ok, 201, 'listed authority');
    const id = ok.json().id as string;
    const line = (await client.get(`/applications/${id}/checklist`))
      .json()
      .blockers.find((b: { ref?: { role: string } }) => b.ref?.role === 'industry_authority');
    expect(line.detail).toContain('上海市体育局');
    expect(line.detail).toContain('尚无系统账号');
    expect(line.detail).toContain('市职鉴中心代为录入');

    // a change to an unlisted one is refused too; to a listed one with an account, the line is the ordinary one
    expect((await client.patch(`/applications/${id}`, { industryAuthority: '上海市不存在委员会' })).statusCode).toBe(400);
    expectStatus(await client.patch(`/applications/${id}`, { industryAuthority: '上海市商务委员会' }), 200, 'change');
    const line2 = (await client.get(`/applications/${id}/checklist`))
      .json()
      .blockers.find((b: { ref?: { role: string } }) => b.ref?.role === 'industry_authority');
    expect(line2.detail).not.toContain('尚无系统账号');
  });
});
