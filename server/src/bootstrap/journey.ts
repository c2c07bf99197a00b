import { DECLARATION_CLAUSES } from '../../../contract/applications.js';
import { Client, samplePdf } from './inject-client.js';
import type { FastifyInstance } from 'fastify';

/** Fails loudly with the server's problem detail — a journey step that did not happen is a bug. */
export function expectStatus(res: { statusCode: number; body: string }, status: number, what: string): void {
  if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode}: ${res.body}`);
}

export interface OrgSpec {
  username: string;
  password?: string;
  name: string;
  uscc: string;
  district?: string;
  contactEmail?: string;
  legalForm?: 'enterprise' | 'social_group' | 'school' | 'private_non_enterprise';
}

export const DEFAULT_PASSWORD = 'Shanghai#2024ok';

/**
 * Drives the real system through its HTTP API, as any client would. Used by the integration tests
 * and to seed the demo, so demo data is made by the same rules users meet.
 */
export class Journey {
  readonly admin: Client;
  constructor(readonly app: FastifyInstance | string) {
    this.admin = new Client(app);
  }

  async loginAdmin(password: string): Promise<Client> {
    expectStatus(await this.admin.login('admin', password), 200, 'admin login');
    return this.admin;
  }

  async registerOrg(spec: OrgSpec): Promise<{ client: Client; organizationId: string; userId: string }> {
    const c = new Client(this.app);
    const res = await c.post('/auth/register', {
      username: spec.username,
      password: spec.password ?? DEFAULT_PASSWORD,
      organization: {
        name: spec.name,
        uscc: spec.uscc,
        legalForm: spec.legalForm ?? 'enterprise',
        district: spec.district ?? '310115',
        address: '上海市浦东新区世纪大道100号',
        legalRepresentative: '张三',
        contactName: '李四',
        contactPhone: '13800138000',
        contactEmail: spec.contactEmail ?? 'contact@example.cn',
      },
    });
    expectStatus(res, 201, `register ${spec.username}`);
    expectStatus(await c.login(spec.username, spec.password ?? DEFAULT_PASSWORD), 200, `login ${spec.username}`);
    const body = res.json();
    return { client: c, organizationId: body.organization.id, userId: body.user.id };
  }

  /** A staff account created by the admin, signed in, with its first password changed. */
  async staff(spec: { username: string; role: string; displayName: string; district?: string; authority?: string }): Promise<{ client: Client; id: string }> {
    const temp = `Temp#${spec.displayName.length}x9Q${spec.role.length}`;
    const res = await this.admin.post('/users', { ...spec, password: temp });
    expectStatus(res, 201, `create ${spec.username}`);
    const c = new Client(this.app);
    expectStatus(await c.login(spec.username, temp), 200, `login ${spec.username}`);
    expectStatus(await c.post('/auth/password', { currentPassword: temp, newPassword: DEFAULT_PASSWORD }), 200, `password ${spec.username}`);
    return { client: c, id: res.json().user.id };
  }

  async campaign2024(): Promise<{ id: string; items: { id: string; seq: number; levels: number[] }[] }> {
    const list = (await this.admin.get('/campaigns')).json() as { id: string; docNumber: string }[];
    const c = list.find((x) => x.docNumber === '沪人社职〔2024〕270号');
    if (!c) throw new Error('2024 campaign not seeded');
    return { id: c.id, items: (await this.admin.get(`/campaigns/${c.id}/items`)).json() };
  }

  /** Uploads the four documents and two sample papers per item (四(一)). */
  async uploadAll(c: Client, appId: string, itemIds: string[]): Promise<void> {
    for (const kind of ['credit_proof', 'application_form', 'license_copy', 'work_plan']) {
      expectStatus(await c.upload(`/applications/${appId}/materials`, { kind }, { name: `${kind}.pdf`, content: samplePdf(kind) }), 201, `upload ${kind}`);
    }
    for (const itemId of itemIds) {
      for (const n of [1, 2]) {
        expectStatus(
          await c.upload(`/applications/${appId}/materials`, { kind: 'sample_paper', itemId }, { name: `样卷${n}.pdf`, content: samplePdf(`paper ${n}`) }),
          201,
          'upload sample paper',
        );
      }
    }
  }
}

/** The officials a case meets, signed in. */
export interface Cast {
  industry: Client;
  authority: string;
  hr: Record<string, Client>;
  center: Client;
  bureau: Client;
  experts: { client: Client; id: string }[];
}

export interface CaseHandle {
  id: string;
  items: { id: string }[];
  sites: { id: string; district: string }[];
}

/** Creates the officials of a case: one authority, the HR bureaus of the given districts, centre, bureau, experts. */
export async function makeCast(j: Journey, opts: { prefix?: string; authority?: string; districts?: string[]; experts?: number } = {}): Promise<Cast> {
  const p = opts.prefix ?? '';
  const authority = opts.authority ?? '上海市商务委员会';
  const hr: Record<string, Client> = {};
  for (const d of opts.districts ?? ['310115', '310104']) {
    hr[d] = (await j.staff({ username: `${p}hr_${d}`, role: 'district_hr', displayName: `区人社局 ${d}`, district: d })).client;
  }
  const experts = [];
  for (let n = 1; n <= (opts.experts ?? 3); n++) experts.push(await j.staff({ username: `${p}expert${n}`, role: 'expert', displayName: `评估专家${n}` }));
  return {
    industry: (await j.staff({ username: `${p}industry`, role: 'industry_authority', displayName: authority, authority })).client,
    authority,
    hr,
    center: (await j.staff({ username: `${p}center`, role: 'center', displayName: '市职鉴中心经办人' })).client,
    bureau: (await j.staff({ username: `${p}bureau`, role: 'bureau', displayName: '市人社局经办人' })).client,
    experts,
  };
}

export function itemsBySeq(items: { id: string; seq: number; levels: number[] }[], seqs: number[]) {
  return seqs.map((s) => {
    const it = items.find((i) => i.seq === s);
    if (!it) throw new Error(`catalogue item ${s} missing`);
    return { itemId: it.id, levels: it.levels };
  });
}

/** A new application (draft) of the organisation: the catalogue items by number, the sites given, for the cast's authority. */
export async function createDraft(
  cast: Cast,
  org: Client,
  campaign: { id: string; items: { id: string; seq: number; levels: number[] }[] },
  seqs: number[],
  sites: { name: string; address: string; district: string }[],
  opts: { declare?: boolean } = {},
): Promise<CaseHandle> {
  const r = await org.post('/applications', {
    // 一(一)–(六) affirmed at creation, as the wizard does once all six are ticked
    ...(opts.declare ? { declarations: { clauses: Object.fromEntries(DECLARATION_CLAUSES.map((c) => [c, true])) } } : {}),
    campaignId: campaign.id,
    industryAuthority: cast.authority,
    items: itemsBySeq(campaign.items, seqs),
    sites,
  });
  expectStatus(r, 201, 'create application');
  return r.json() as CaseHandle;
}

/** Draft → recommended → materials → submitted, for an organisation's client. */
export async function applyAndSubmit(
  j: Journey,
  cast: Cast,
  org: Client,
  campaign: { id: string; items: { id: string; seq: number; levels: number[] }[] },
  seqs: number[],
  districts: string[],
  opts: { submit?: boolean; declare?: boolean } = {},
): Promise<CaseHandle> {
  const app = await createDraft(
    cast,
    org,
    campaign,
    seqs,
    districts.map((d, i) => ({ name: `考核点${i + 1}`, address: `上海市示例路${i + 10}号`, district: d })),
    { declare: opts.declare },
  );
  expectStatus(await org.post(`/applications/${app.id}/request-recommendation`), 200, 'request recommendation');
  expectStatus(await cast.industry.post(`/applications/${app.id}/recommendations`, { decision: 'recommend', comment: '同意推荐' }), 200, 'industry recommends');
  for (const d of new Set(districts)) {
    const hr = cast.hr[d];
    if (!hr) throw new Error(`no district_hr for ${d} in the cast`);
    expectStatus(
      await hr.post(`/applications/${app.id}/recommendations`, { decision: 'recommend', comment: '考核点条件符合要求' }),
      200,
      'district recommends',
    );
  }
  await j.uploadAll(
    org,
    app.id,
    app.items.map((i) => i.id),
  );
  if (opts.submit !== false) expectStatus(await org.post(`/applications/${app.id}/submit`), 200, 'submit');
  return app;
}

/** Accepted, reviewed by every expert, every site inspected, institution evaluation passed. */
export async function passInstitution(cast: Cast, app: CaseHandle, inspectedOn: string, opts: { accepted?: boolean } = {}): Promise<void> {
  if (!opts.accepted) expectStatus(await cast.center.post(`/applications/${app.id}/acceptance`, { decision: 'accept', reason: '材料齐全' }), 200, 'accept');
  expectStatus(await cast.center.post(`/applications/${app.id}/experts`, { expertUserIds: cast.experts.map((e) => e.id) }), 200, 'assign experts');
  for (const e of cast.experts) {
    expectStatus(
      await e.client.post(`/applications/${app.id}/expert-reviews`, {
        conflictOfInterest: false,
        score: 86,
        opinion: '机构设置、人员、场地设备符合要求',
        recommendation: 'pass',
      }),
      200,
      'review',
    );
  }
  for (const s of app.sites) {
    expectStatus(
      await cast.center.post(`/applications/${app.id}/site-inspections`, {
        siteId: s.id,
        inspectedOn,
        inspectors: ['张检查', '刘检查'],
        findings: '场地、设备设施及视频监控符合要求',
        result: 'pass',
      }),
      200,
      'inspect',
    );
  }
  expectStatus(
    await cast.center.post(`/applications/${app.id}/institution-evaluation`, { result: 'pass', summary: '通过材料核验、专家论证和现场考察' }),
    200,
    'institution evaluation',
  );
}

/**
 * The 2024 call's first item of `app` through project evaluation, the bureau's approval and a public
 * notice published on 2024-10-08 — filed on 10-13 once the clock passes the notice's end (five
 * working days to Saturday 10-12, a make-up working day). Returns the receipt number.
 */
export async function fileFirstItem(cast: Cast, org: Client, app: CaseHandle, clock: { set(t: Date): void }): Promise<string> {
  clock.set(new Date('2024-09-02T09:00:00+08:00'));
  await passInstitution(cast, app, '2024-09-03');
  clock.set(new Date('2024-10-08T10:00:00+08:00'));
  const first = app.items[0]!.id;
  expectStatus(await cast.center.post(`/application-items/${first}/project-evaluation`, { result: 'pass', summary: '通过' }), 200, 'project');
  expectStatus(await cast.bureau.post(`/application-items/${first}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve');
  expectStatus(await cast.center.post('/publicities', { title: '公示', applicationItemIds: [first] }), 201, 'publicity');
  clock.set(new Date('2024-10-19T00:00:00+08:00'));
  const filed = (await org.get(`/applications/${app.id}`)).json() as { items: Array<{ filing?: { receiptNo: string } }> };
  const receiptNo = filed.items[0]?.filing?.receiptNo;
  if (!receiptNo) throw new Error('the first item was not filed after its public notice');
  return receiptNo;
}
