import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Role } from '../../../contract/enums.js';
import { Journey, expectStatus } from '../bootstrap/journey.js';
import { samplePdf, type Client, type TestSystem } from '../test-support/harness.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * The cast of the authorisation matrix (authz.test.ts): one application in scope of exactly one of
 * each scoped role, and one of each out of it; the ids its routes are called with.
 */
export type Who = Role | 'anonymous';
export interface Cast {
  inScope: Record<Role, Client>;
  outOfScope: Partial<Record<Role, Client>>;
  ids: { application: string; item: string; material: string; campaign: string; user: string; applicationB: string; materialB: string; experts: string[] };
}

export function emptyCast(): Cast {
  return {
    inScope: {} as Record<Role, Client>,
    outOfScope: {},
    ids: { application: '', item: '', material: '', campaign: '', user: '', applicationB: '', materialB: '', experts: [] },
  };
}

export const UNKNOWN_ID = crypto.randomUUID();
const INVALID_BODY = { definitelyNotAField: true, decision: 'maybe', __extra: 'x'.repeat(50) };

/** The route's path with every parameter filled from the cast (or a nonexistent id). */
export function concrete(ids: Cast['ids'], url: string, opts: { missing?: boolean; malformed?: boolean } = {}): string {
  const segs = url.split('/');
  return segs
    .map((s, i) => {
      if (!s.startsWith(':')) return s;
      // a parameter may carry a fixed suffix in its segment (`:id.xlsx`): kept, so the route still matches
      const suffix = /^:\w+(.*)$/.exec(s)![1]!;
      if (opts.malformed) return `not-an-id${suffix}`;
      const prev = segs[i - 1];
      switch (prev) {
        case 'applications':
          return opts.missing ? UNKNOWN_ID : ids.application;
        case 'application-items':
          return opts.missing ? UNKNOWN_ID : ids.item;
        case 'materials':
          return ids.material;
        case 'campaigns':
          return ids.campaign;
        case 'items':
          return UNKNOWN_ID;
        case 'users':
          return ids.user;
        case 'organizations':
          return UNKNOWN_ID;
        case 'publicities':
          return UNKNOWN_ID;
        case 'objections':
          return UNKNOWN_ID;
        case 'inbox':
          return UNKNOWN_ID;
        case 'filings':
          return 'SHPJ-2024-000001';
        case 'days':
          return '2025-01-02';
        case 'years':
          return '2025';
        case 'authorities':
          return UNKNOWN_ID;
        case 'national-batches':
          return `${UNKNOWN_ID}${suffix}`;
        default:
          throw new Error(`authz-cast.ts: no parameter value for ${s} in ${url} — add one to concrete()`);
      }
    })
    .join('/');
}

/** A call as the matrix makes it: a state-changing one carries an invalid body (authorisation comes before validation). */
export async function call(who: Client, method: string, url: string, withBody = true): Promise<LightMyRequestResponse> {
  const safe = method === 'GET' || method === 'HEAD';
  return who.request(method, url, safe || !withBody ? undefined : INVALID_BODY);
}

export function expectProblem(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode, `${res.statusCode} ${res.body}`).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json().code).toBe(code);
}

/** Signs in the cast and brings application A to expert review (materials listed), B to a draft with one upload. */
export async function castAuthz(sys: TestSystem, { inScope, outOfScope, ids }: Cast): Promise<void> {
  const j = new Journey(sys.app);
  inScope.admin = await j.loginAdmin('Chief-Passw0rd!');
  inScope.industry_authority = (await j.staff({ username: 'ind_a', role: 'industry_authority', displayName: 'A局经办人', authority: 'A局' })).client;
  outOfScope.industry_authority = (await j.staff({ username: 'ind_b', role: 'industry_authority', displayName: 'B局经办人', authority: 'B局' })).client;
  inScope.district_hr = (await j.staff({ username: 'hr_pudong', role: 'district_hr', displayName: '浦东新区人社局', district: '310115' })).client;
  outOfScope.district_hr = (await j.staff({ username: 'hr_xuhui', role: 'district_hr', displayName: '徐汇区人社局', district: '310104' })).client;
  inScope.center = (await j.staff({ username: 'center1', role: 'center', displayName: '市职鉴中心' })).client;
  inScope.bureau = (await j.staff({ username: 'bureau1', role: 'bureau', displayName: '市人社局' })).client;
  inScope.auditor = (await j.staff({ username: 'auditor1', role: 'auditor', displayName: '安全审计员' })).client;
  const experts = [];
  for (const n of [1, 2, 3]) experts.push(await j.staff({ username: `expert${n}`, role: 'expert', displayName: `专家${n}` }));
  inScope.expert = experts[0]!.client;
  ids.experts = experts.map((e) => e.id);
  const unassigned = await j.staff({ username: 'expert_out', role: 'expert', displayName: '未指派专家' });
  outOfScope.expert = unassigned.client;
  ids.user = unassigned.id;

  const orgA = await j.registerOrg({ username: 'org_a', name: '甲职业技能评价有限公司', uscc: '91310115MA1H000011' });
  const orgB = await j.registerOrg({
    username: 'org_b',
    name: '乙职业技能评价有限公司',
    uscc: `91310104MA1H00002${usccCheckChar('91310104MA1H00002')}`,
    district: '310104',
  });
  inScope.applicant = orgA.client;
  outOfScope.applicant = orgB.client;

  const campaign = await j.campaign2024();
  ids.campaign = campaign.id;
  const item1 = campaign.items.find((i) => i.seq === 1)!;
  const created = await orgA.client.post('/applications', {
    campaignId: campaign.id,
    industryAuthority: 'A局',
    items: [{ itemId: item1.id, levels: [5, 4] }],
    sites: [{ name: '浦东考核点', address: '浦东新区张江路1号', district: '310115' }],
  });
  expectStatus(created, 201, 'create A');
  ids.application = created.json().id;
  ids.item = created.json().items[0].id;
  expectStatus(await orgA.client.post(`/applications/${ids.application}/request-recommendation`), 200, 'request A');
  expectStatus(
    await inScope.industry_authority.post(`/applications/${ids.application}/recommendations`, { decision: 'recommend', comment: '同意' }),
    200,
    'recommend A局',
  );
  expectStatus(
    await inScope.district_hr.post(`/applications/${ids.application}/recommendations`, { decision: 'recommend', comment: '同意' }),
    200,
    'recommend 浦东',
  );
  await j.uploadAll(orgA.client, ids.application, [ids.item]);
  expectStatus(await orgA.client.post(`/applications/${ids.application}/submit`), 200, 'submit A');
  expectStatus(await inScope.center.post(`/applications/${ids.application}/acceptance`, { decision: 'accept', reason: '' }), 200, 'accept A');
  const assigned = await inScope.center.post(`/applications/${ids.application}/experts`, { expertUserIds: ids.experts });
  expectStatus(assigned, 200, 'assign experts');
  ids.material = assigned.json().materials[0].id;

  const b = await orgB.client.post('/applications', {
    campaignId: campaign.id,
    industryAuthority: 'B局',
    items: [{ itemId: item1.id, levels: [5] }],
    sites: [{ name: '徐汇考核点', address: '徐汇区漕溪北路2号', district: '310104' }],
  });
  expectStatus(b, 201, 'create B');
  ids.applicationB = b.json().id;
  const up = await orgB.client.upload(`/applications/${ids.applicationB}/materials`, { kind: 'credit_proof' }, { name: 'b.pdf', content: samplePdf('B') });
  expectStatus(up, 201, 'upload B');
  ids.materialB = up.json().id;
}
