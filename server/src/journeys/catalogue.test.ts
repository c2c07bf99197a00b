import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Journey, applyAndSubmit, expectStatus, itemsBySeq, makeCast, type Cast } from '../bootstrap/journey.js';
import type { Client } from '../bootstrap/inject-client.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * api-v1 "Catalogue as data" (附件注: names and levels follow the 大典), on real PostgreSQL:
 * the admin or the centre edits a call's items before its window opens, only adds afterwards;
 * every change is audited; drafts keep what they chose; submissions keep the item as submitted.
 */
describe('a call’s catalogue as data', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let center: Client;
  let campaignId: string;
  type Item = {
    id: string;
    seq: number;
    name: string;
    levels: number[];
    kind: string;
    occupationCode: string | null;
    occupation: string;
    workType: string | null;
  };
  const items = async (): Promise<Item[]> => (await j.admin.get(`/campaigns/${campaignId}/items`)).json();

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2025-06-02T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { prefix: 'cat_' });
    center = cast.center;
    const r = await j.admin.post('/campaigns', {
      docNumber: '沪人社职〔2025〕测试号',
      title: '2025年度征集（目录编辑）',
      opensAt: '2025-07-01T00:00:00+08:00',
      closesAt: '2025-07-15T00:00:00+08:00',
      itemSeqs: [30, 33, 89],
    });
    expectStatus(r, 201, 'campaign');
    campaignId = r.json().id;
  });
  afterAll(async () => sys?.close());

  it('before the window opens, the centre adds an item after the printed ones, corrects one and removes one; each change is audited', async () => {
    const add = await center.post(`/campaigns/${campaignId}/items`, {
      name: '网约配送员（无人机配送员）',
      kind: 'occupation',
      levels: [4, 5],
      occupationCode: '4-02-07-10',
    });
    expectStatus(add, 201, 'add');
    expect(add.json()).toMatchObject({
      seq: 90,
      occupation: '网约配送员',
      workType: '无人机配送员',
      levels: [5, 4],
      officialName: '网约配送员（无人机配送员）',
    });

    const coffee = (await items()).find((i) => i.seq === 33)!;
    const patch = await j.admin.patch(`/campaigns/${campaignId}/items/${coffee.id}`, { name: '咖啡师（大典2025）', levels: [5, 4, 3, 2] });
    expectStatus(patch, 200, 'patch');
    expect(patch.json()).toMatchObject({ seq: 33, name: '咖啡师（大典2025）', levels: [5, 4, 3, 2], kind: 'occupation' });

    const ability = (await items()).find((i) => i.seq === 89)!;
    expectStatus(await center.delete(`/campaigns/${campaignId}/items/${ability.id}`), 204, 'delete');
    expect((await items()).map((i) => i.seq)).toEqual([30, 33, 90]);

    const audit = (await j.admin.get(`/audit?entityType=campaign&entityId=${campaignId}`)).json().items as {
      action: string;
      before?: { name?: string };
      after?: { name?: string };
    }[];
    expect(audit.map((a) => a.action).slice(0, 3)).toEqual(['campaign.item.remove', 'campaign.item.update', 'campaign.item.add']);
    expect(audit[1]!.before?.name).toBe('咖啡师');
    expect(audit[1]!.after?.name).toBe('咖啡师（大典2025）');
    expect(audit[0]!.before?.name).toBe('人工智能模型运用');
  });

  it('an item must be consistent: levels for an occupation, none for a special ability, a 大典-shaped code — and the refusal says which', async () => {
    const noLevels = await center.post(`/campaigns/${campaignId}/items`, { name: '某职业', kind: 'occupation', levels: [] });
    expect([noLevels.statusCode, noLevels.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(noLevels.json().errors[0].path).toBe('levels');
    const abilityWithLevel = await center.post(`/campaigns/${campaignId}/items`, { name: '某专项能力', kind: 'special_ability', levels: [5] });
    expect(abilityWithLevel.json().detail).toContain('专项职业能力不分等级');
    const badCode = await center.post(`/campaigns/${campaignId}/items`, { name: '某职业', kind: 'occupation', levels: [5], occupationCode: '4070504' });
    expect(badCode.json().detail).toContain('格式不对');
    const empty = await center.patch(`/campaigns/${campaignId}/items/${(await items())[0]!.id}`, {});
    expect(empty.statusCode).toBe(400);
    // the positive twin: the same special ability without levels is taken
    expectStatus(await center.post(`/campaigns/${campaignId}/items`, { name: '某专项能力', kind: 'special_ability', levels: [] }), 201, 'ability');
    expect((await items()).map((i) => i.seq)).toEqual([30, 33, 90, 91]);
  });

  it('only the admin and the centre edit a catalogue', async () => {
    const item = (await items())[0]!;
    for (const who of [cast.industry, cast.bureau, cast.hr['310115']!, cast.experts[0]!.client]) {
      expect((await who.post(`/campaigns/${campaignId}/items`, { name: 'x', kind: 'special_ability', levels: [] })).statusCode).toBe(403);
      expect((await who.patch(`/campaigns/${campaignId}/items/${item.id}`, { name: 'x' })).statusCode).toBe(403);
      expect((await who.delete(`/campaigns/${campaignId}/items/${item.id}`)).statusCode).toBe(403);
    }
    expect((await center.patch(`/campaigns/${campaignId}/items/00000000-0000-4000-8000-000000000000`, { name: 'x' })).statusCode).toBe(404);
  });

  let draftOrg: Client;
  it('a draft keeps what it chose: its item cannot be removed, its level cannot be dropped, other levels can', async () => {
    const body = '91310115MA1K0C001';
    draftOrg = (await j.registerOrg({ username: 'cat_org', name: '上海目录测试评价有限公司', uscc: `${body}${usccCheckChar(body)}` })).client;
    const home = (await items()).find((i) => i.seq === 30)!;
    const draft = await draftOrg.post('/applications', {
      campaignId,
      industryAuthority: cast.authority,
      items: [{ itemId: home.id, levels: [4] }],
      sites: [{ name: '考核点1', address: '上海市示例路1号', district: '310115' }],
    });
    expectStatus(draft, 201, 'draft before the window');
    const del = await center.delete(`/campaigns/${campaignId}/items/${home.id}`);
    expect([del.statusCode, del.json().code]).toEqual([409, 'CONFLICT']);
    expect(del.json().detail).toContain('已有 1 份申报');
    const drop = await center.patch(`/campaigns/${campaignId}/items/${home.id}`, { levels: [5] });
    expect([drop.statusCode, drop.json().code]).toEqual([409, 'CONFLICT']);
    expect(drop.json().detail).toContain('四级');
    expectStatus(await center.patch(`/campaigns/${campaignId}/items/${home.id}`, { levels: [4] }), 200, 'keep level 4, drop 5 and 3');
  });

  it('once the window opens, items may only be added: a correction or removal is refused citing the call’s rule', async () => {
    sys.clock.set(new Date('2025-07-01T00:00:00+08:00'));
    const item = (await items()).find((i) => i.seq === 90)!;
    const patch = await center.patch(`/campaigns/${campaignId}/items/${item.id}`, { name: '改名' });
    expect([patch.statusCode, patch.json().code, patch.json().clause]).toEqual([409, 'CONFLICT', '本批次规则']);
    expect(patch.json().detail).toContain('只能增补');
    const del = await center.delete(`/campaigns/${campaignId}/items/${item.id}`);
    expect([del.statusCode, del.json().clause]).toEqual([409, '本批次规则']);
    expect((await items()).find((i) => i.seq === 90)!.name).toBe('网约配送员（无人机配送员）');
    // the positive twin: adding is still possible
    expectStatus(
      await j.admin.post(`/campaigns/${campaignId}/items`, { name: '增补职业', kind: 'occupation', levels: [5], occupationCode: '4-01-02-03' }),
      201,
      'add after opening',
    );
  });

  it('a submitted application keeps the item as it was when submitted, whatever the catalogue becomes', async () => {
    sys.clock.set(new Date('2024-08-26T10:00:00+08:00'));
    const c2024 = await j.campaign2024();
    const body = '91310115MA1K0C002';
    const { client } = await j.registerOrg({ username: 'cat_sub', name: '上海目录提交评价有限公司', uscc: `${body}${usccCheckChar(body)}` });
    const app = await applyAndSubmit(j, cast, client, c2024, [33], ['310115']);
    const [coffee] = itemsBySeq(c2024.items, [33]);
    // after the window opened, the call's item can no longer change under the submission…
    expect((await center.patch(`/campaigns/${c2024.id}/items/${coffee!.itemId}`, { name: '咖啡师（新）' })).statusCode).toBe(409);
    // …additions leave it as it was
    expectStatus(await center.post(`/campaigns/${c2024.id}/items`, { name: '咖啡师（新）', kind: 'occupation', levels: [5, 4] }), 201, 'add');
    const view = (await client.get(`/applications/${app.id}`)).json();
    expect(view.items.map((i: { name: string; levels: number[] }) => [i.name, i.levels])).toEqual([['咖啡师', coffee!.levels]]);
  });
});
