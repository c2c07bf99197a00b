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
  legalForm?: 'enterprise' | 'social_group' | 'school' | 'private_non_enterprise';
}

export const DEFAULT_PASSWORD = 'Shanghai#2024ok';

/**
 * Drives the real system through its HTTP API, as any client would. Used by the integration tests
 * and to seed the demo, so demo data is made by the same rules users meet.
 */
export class Journey {
  readonly admin: Client;
  constructor(readonly app: FastifyInstance) {
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
        contactEmail: 'contact@example.cn',
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
        expectStatus(await c.upload(`/applications/${appId}/materials`, { kind: 'sample_paper', itemId }, { name: `样卷${n}.pdf`, content: samplePdf(`paper ${n}`) }), 201, 'upload sample paper');
      }
    }
  }
}
