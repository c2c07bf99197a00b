import { buildApp } from '../app.js';
import { ManualClock } from '../platform/clock/clock.js';
import type { System } from './system.js';
import { DEFAULT_PASSWORD, Journey, applyAndSubmit, expectStatus, itemsBySeq, passInstitution, type Cast } from './journey.js';
import { Client } from './inject-client.js';
import { usccCheckChar } from '../workflow/uscc.js';

export const DEMO_PASSWORD = DEFAULT_PASSWORD;

/** Demo accounts (README lists them). Staff passwords are changed once, as a real first login would. */
export const DEMO_STAFF = [
  { username: 'center', role: 'center', displayName: '市职鉴中心（演示）' },
  { username: 'bureau', role: 'bureau', displayName: '市人社局职业能力建设处（演示）' },
  { username: 'expert1', role: 'expert', displayName: '评估专家 王教授' },
  { username: 'expert2', role: 'expert', displayName: '评估专家 李高工' },
  { username: 'expert3', role: 'expert', displayName: '评估专家 陈主任' },
  { username: 'industry', role: 'industry_authority', displayName: '市商务委（演示）', authority: '上海市商务委员会' },
  { username: 'hr_pudong', role: 'district_hr', displayName: '浦东新区人社局（演示）', district: '310115' },
  { username: 'hr_xuhui', role: 'district_hr', displayName: '徐汇区人社局（演示）', district: '310104' },
  { username: 'auditor', role: 'auditor', displayName: '安全审计员（演示）' },
] as const;

const AUTHORITY = '上海市商务委员会';

interface Org {
  username: string;
  name: string;
  uscc: string;
  district: string;
  legalForm: 'enterprise' | 'social_group' | 'school' | 'private_non_enterprise';
}

// Synthetic codes with valid check characters (not real organisations).
const ORGS: Org[] = [
  { username: 'demo_org', name: '上海浦江职业技能评价有限公司', uscc: '91310115MA1H000011', district: '310115', legalForm: 'enterprise' },
  { username: 'demo_assoc', name: '上海市餐饮烹饪行业协会', uscc: '51310000MJ0000001N', district: '310101', legalForm: 'social_group' },
  { username: 'demo_school', name: '上海徐汇现代服务业培训中心', uscc: '52310104MJ0000001J', district: '310104', legalForm: 'private_non_enterprise' },
];

/**
 * Demo data (DEMO_DATA=1), made by driving the real API with the rules users meet: accounts for
 * every role, a completed earlier call with filed organisations (so the directory and receipt
 * verification have content), and applications of the 2024 call in several states as of the demo's
 * simulated start (2024-08-26 09:00). Runs once per database.
 */
export async function seedDemo(system: System, log: (m: string) => void): Promise<void> {
  const done = await system.database.db.selectFrom('users').select('id').where('username', '=', 'center').executeTakeFirst();
  if (done) return addAuditor(system, log);
  const adminPassword = system.ctx.config.adminPassword;
  if (!adminPassword) throw new Error('demo data needs ADMIN_PASSWORD');
  // A second app over the same database and files, on a clock the seeding moves through 2024.
  const clock = new ManualClock(new Date('2024-01-02T09:00:00+08:00'));
  const seeding = await buildApp({ ...system.ctx, clock });
  const at = (iso: string) => clock.set(new Date(iso));
  try {
    const j = new Journey(seeding.app);
    await j.loginAdmin(adminPassword);
    const staff: Record<string, { client: Client; id: string }> = {};
    for (const s of DEMO_STAFF) staff[s.username] = await j.staff(s);
    const center = staff.center!.client;
    const bureau = staff.bureau!.client;
    const experts = ['expert1', 'expert2', 'expert3'].map((u) => staff[u]!);

    // An earlier call (演示), run to the end in the first half of 2024.
    const pilot = await j.admin.post('/campaigns', {
      docNumber: '沪人社职〔2024〕1号（演示）',
      title: '2024年第一批社会培训评价组织征集遴选（演示批次）',
      opensAt: '2024-01-08T00:00:00+08:00',
      closesAt: '2024-01-13T00:00:00+08:00',
      itemSeqs: [7, 33, 71, 72, 80, 81, 82, 86],
    });
    expectStatus(pilot, 201, 'demo campaign');
    const pilotItems = (await j.admin.get(`/campaigns/${pilot.json().id}/items`)).json();
    type DemoOrg = Org & { client: Client; organizationId: string };
    const orgs: DemoOrg[] = [];
    for (const o of ORGS) orgs.push({ ...o, ...(await j.registerOrg(o)) });

    const cast: Cast = {
      industry: staff.industry!.client,
      authority: AUTHORITY,
      hr: { '310115': staff.hr_pudong!.client, '310104': staff.hr_xuhui!.client },
      center,
      bureau,
      experts,
    };
    const pilotCampaign = { id: pilot.json().id as string, items: pilotItems };

    // 2024-01: three organisations apply in the pilot call
    at('2024-01-09T10:00:00+08:00');
    const a1 = await applyAndSubmit(j, cast, orgs[0]!.client, pilotCampaign, [71, 72], ['310115'], { declare: true });
    const a2 = await applyAndSubmit(j, cast, orgs[1]!.client, pilotCampaign, [7, 80, 81], ['310115', '310104'], { declare: true });
    const a3 = await applyAndSubmit(j, cast, orgs[2]!.client, pilotCampaign, [82, 86], ['310104'], { declare: true });
    at('2024-01-15T10:00:00+08:00');
    for (const a of [a1, a2, a3]) await passInstitution(cast, a, '2024-01-16');
    at('2024-03-01T10:00:00+08:00');
    const passed = [...a1.items, ...a2.items, a3.items[0]!];
    for (const it of passed)
      expectStatus(await center.post(`/application-items/${it.id}/project-evaluation`, { result: 'pass', summary: '项目评估通过' }), 200, 'project');
    // a3's second item is left to lapse: 视作放弃 on 2024-04-16
    at('2024-04-22T10:00:00+08:00');
    for (const it of passed) expectStatus(await bureau.post(`/application-items/${it.id}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve');
    at('2024-05-06T09:30:00+08:00');
    const notice = await center.post('/publicities', {
      title: '2024年第一批社会培训评价组织遴选结果公示（演示）',
      applicationItemIds: passed.map((p) => p.id),
    });
    expectStatus(notice, 201, 'notice');
    at('2024-05-07T15:00:00+08:00');
    const anon = new Client(seeding.app);
    expectStatus(
      await anon.post(`/public/publicities/${notice.json().id}/objections`, {
        applicationItemId: a2.items[2]!.id,
        name: '匿名群众',
        phone: '13900001111',
        content: '该单位西式面点师考核设备数量不足，请核查。',
      }),
      201,
      'objection',
    );
    at('2024-05-10T11:00:00+08:00');
    const obj = (await center.get('/objections')).json().items[0];
    expectStatus(await center.post(`/objections/${obj.id}/resolution`, { decision: 'upheld', reason: '经现场核查，考核设备不足，异议成立' }), 200, 'resolve');
    at('2024-05-20T10:00:00+08:00'); // the notice has ended: items filed, the upheld one refused

    // The 2024 notice's call (沪人社职〔2024〕270号), as of the demo's start.
    const main = await j.campaign2024();
    at('2024-08-23T10:00:00+08:00');
    const b1 = await applyAndSubmit(j, cast, orgs[0]!.client, main, [1, 29], ['310115'], { submit: false, declare: true });
    void b1; // 已推荐，材料已齐 — ready for its applicant to submit
    at('2024-08-23T14:00:00+08:00');
    await applyAndSubmit(j, cast, orgs[1]!.client, main, [71, 72], ['310115', '310104'], { declare: true }); // 已提交（待受理）
    const b3 = await applyAndSubmit(j, cast, orgs[2]!.client, main, [36, 38], ['310104'], { declare: true });
    at('2024-08-24T10:00:00+08:00');
    await passInstitution(cast, b3, '2024-08-24'); // 项目评估中
    const extra = await j.registerOrg({
      username: 'demo_new',
      name: '上海静安智能楼宇培训有限公司',
      uscc: `91310106MA1J00002${usccCheckChar('91310106MA1J00002')}`,
      district: '310106',
    });
    const draft = await extra.client.post('/applications', {
      campaignId: main.id,
      industryAuthority: AUTHORITY,
      items: itemsBySeq(main.items, [70]),
      sites: [{ name: '静安考核点', address: '静安区南京西路1号', district: '310106' }],
    });
    expectStatus(draft, 201, 'draft');
    log(`演示数据已生成：${DEMO_STAFF.length} 个工作人员账号、${ORGS.length + 1} 个申报单位、2 个征集批次（含已备案单位）。演示密码：${DEMO_PASSWORD}`);
  } finally {
    await seeding.app.close();
  }
}

/** A demo database seeded before the security auditor (SEC-08) existed gets that one account, made by the admin as any would be. */
async function addAuditor(system: System, log: (m: string) => void): Promise<void> {
  const spec = DEMO_STAFF.find((s) => s.role === 'auditor')!;
  const has = await system.database.db.selectFrom('users').select('id').where('username', '=', spec.username).executeTakeFirst();
  const adminPassword = system.ctx.config.adminPassword;
  if (has || !adminPassword) return;
  try {
    const j = new Journey(system.app);
    await j.loginAdmin(adminPassword);
    await j.staff(spec);
  } catch (err) {
    log(`演示数据：未能补建安全审计员账号 ${spec.username}（${(err as Error).message}）`);
  }
}
