import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, expectStatus, makeCast, passInstitution, type CaseHandle, type Cast } from '../bootstrap/journey.js';
import { tokenHash } from '../platform/auth/tokens.js';
import { Client, createTestSystem, samplePdf, type TestSystem } from '../test-support/harness.js';
import { ADMIN_PASSWORD, expectProblem, freshUscc, securitySystem, sidOf, type LiveRoute } from './security-support.js';
import {
  API,
  AUDITOR_ROUTES,
  BODIES,
  UNSAFE,
  allows,
  concrete as concreteUrl,
  keyOf,
  rowCounts as countRows,
  snapshot as snapshotOf,
  type Targets,
} from './separation-of-duties-probe.js';

/**
 * SEC-08 — separation of duties (三员; docs/decisions/0011-separation-of-duties.md): the security
 * auditor (安全审计员) reads the audit log and verifies its chain but changes nothing; nobody — the
 * system administrator included — can change or delete an audit record, through the API or through
 * the application's own database connection; and nobody approves their own work: the centre
 * evaluates, the bureau approves, an expert reviews only what it was assigned, the administrator acts
 * in no business role. On real PostgreSQL through app.inject, against the live route table.
 */

let sys: TestSystem;
let routes: LiveRoute[];
let j: Journey;
let cast: Cast;
let admin: Client;
let auditor: Client;
let auditorId: string;
let lockedUser: { id: string; username: string };
let kase: CaseHandle;
let material: string;
let campaignId: string;
let unassigned: Client;

const targets = (): Targets => ({ caseId: kase.id, itemId: kase.items[0]!.id, material, campaignId, lockedUserId: lockedUser.id });
const concrete = (url: string) => concreteUrl(targets(), url);
const rowCounts = () => countRows(sys);
const snapshot = () => snapshotOf(sys, { center: cast.center, admin }, kase.id);

beforeAll(async () => {
  ({ sys, routes } = await securitySystem());
  j = new Journey(sys.app);
  admin = await j.loginAdmin(ADMIN_PASSWORD);
  const a = await j.staff({ username: 'auditor1', role: 'auditor', displayName: '安全审计员' });
  auditor = a.client;
  auditorId = a.id;
  cast = await makeCast(j, { districts: ['310115'] });
  unassigned = (await j.staff({ username: 'expert_out', role: 'expert', displayName: '未指派专家' })).client;
  const org = await j.registerOrg({ username: 'sod_org', name: '上海职责分离测试有限公司', uscc: freshUscc() });
  const campaign = await j.campaign2024();
  campaignId = campaign.id;
  kase = await applyAndSubmit(j, cast, org.client, campaign, [33, 36], ['310115']);
  sys.clock.set(new Date('2024-09-04T10:00:00+08:00'));
  await passInstitution(cast, kase, '2024-09-03');
  material = (await cast.center.get(`/applications/${kase.id}`)).json().materials[0].id;

  // an account the administrator will unlock: five wrong passwords lock it (SEC-02)
  const victim = await j.staff({ username: 'sod_locked', role: 'bureau', displayName: '被锁定的经办人' });
  lockedUser = { id: victim.id, username: 'sod_locked' };
  const anon = new Client(sys.app);
  for (let n = 0; n < 5; n++) await anon.post('/auth/login', { username: 'sod_locked', password: 'Wrong#Passw0rd' });
}, 120_000);

afterAll(async () => sys?.close());

describe('SEC-08 separation of duties', () => {
  it('SEC-08: the auditor reads the log (filtered by entity, page by page) and verifies the chain', async () => {
    const me = (await auditor.get('/auth/me')).json();
    expect(me.user).toMatchObject({ id: auditorId, role: 'auditor' });
    expect((await auditor.get('/inbox')).statusCode).toBe(200);

    const all = await auditor.get('/audit?limit=500');
    expectStatus(all, 200, 'GET /audit');
    const items = all.json().items as { seq: string; action: string; entityType: string; entityId: string | null; actor: string; actorRole: string | null }[];
    expect(items.length).toBeGreaterThan(20);
    expect(items.map((e) => e.action)).toEqual(expect.arrayContaining(['user.create', 'auth.login', 'application.submit']));

    const mine = (await auditor.get(`/audit?entityType=application&entityId=${kase.id}`)).json().items as typeof items;
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.every((e) => e.entityType === 'application' && e.entityId === kase.id)).toBe(true);

    // pages of 7, newest first, each older than the one before, together the whole first 21
    const first21 = (await auditor.get('/audit?limit=21')).json().items.map((e: { seq: string }) => e.seq);
    const paged: string[] = [];
    let before: string | undefined;
    for (let p = 0; p < 3; p++) {
      const page = (await auditor.get(`/audit?limit=7${before ? `&beforeSeq=${before}` : ''}`)).json();
      paged.push(...page.items.map((e: { seq: string }) => e.seq));
      expect(page.nextBeforeSeq).toBe(page.items[6].seq);
      before = page.nextBeforeSeq;
    }
    expect(paged).toEqual(first21);
    const last = (await auditor.get('/audit?limit=5&beforeSeq=3')).json();
    expect(last.items.map((e: { seq: string }) => e.seq)).toEqual(['2', '1']);
    expect(last.nextBeforeSeq).toBeUndefined();
    expectProblem(await auditor.get('/audit?beforeSeq=abc'), 400, 'VALIDATION_FAILED');

    const v = await auditor.get('/audit/verify');
    expectStatus(v, 200, 'verify');
    expect(v.json()).toMatchObject({ valid: true });
    expect(v.json().entries).toBe(Number(items[0]!.seq));
  });

  it('SEC-08: the auditor may call nothing but its own session, password, second factor, inbox and the two reads of the log', async () => {
    const signedIn = routes.filter((r) => r.auth !== 'public');
    expect(
      signedIn
        .filter((r) => allows(r, 'auditor'))
        .map(keyOf)
        .sort(),
    ).toEqual([...AUDITOR_ROUTES].sort());
    for (const r of signedIn.filter((x) => x.method === 'GET' && !allows(x, 'auditor'))) {
      expectProblem(await auditor.get(concrete(r.url).replace(API, '')), 403, 'FORBIDDEN');
    }
  });

  it('SEC-08: every state-changing route refuses the auditor (403) and nothing is written', async () => {
    const unsafe = routes.filter((r) => UNSAFE.includes(r.method));
    // the public ones are open to anonymous callers by design (api-v1): registration, login, objections
    expect(
      unsafe
        .filter((r) => r.auth === 'public')
        .map(keyOf)
        .sort(),
    ).toEqual(
      [
        `POST ${API}/auth/login`,
        `POST ${API}/auth/login/totp`,
        `POST ${API}/auth/register`,
        `POST ${API}/public/publicities/:id/objections`,
        // 忘记密码: anyone may ask for a link and use one (issue 13)
        `POST ${API}/auth/password-reset`,
        `POST ${API}/auth/password-reset/confirm`,
      ].sort(),
    );
    const refused = unsafe.filter((r) => r.auth !== 'public' && !allows(r, 'auditor'));
    expect(refused.length).toBeGreaterThan(20);

    const counts = await rowCounts();
    const before = await snapshot();
    for (const r of refused) {
      const url = concrete(r.url).replace(API, '');
      const res =
        r.method === 'POST' && r.url.endsWith('/materials')
          ? await auditor.upload(url, { kind: 'credit_proof' }, { name: 'auditor.pdf', content: samplePdf('auditor') })
          : await auditor.request(r.method, url, r.method === 'DELETE' ? undefined : (BODIES[keyOf(r)] ?? {}));
      expect(res.statusCode, `${keyOf(r)}: ${res.body}`).toBe(403);
      expect(res.json().code, keyOf(r)).toBe('FORBIDDEN');
    }
    expect(await rowCounts()).toEqual(counts);
    expect(await snapshot()).toEqual(before);
    // the locked account is still locked, and the auditor is still signed in
    expect((await admin.get('/users?pageSize=200')).json().items.find((u: { id: string }) => u.id === lockedUser.id).locked).toBe(true);
    expect((await auditor.get('/auth/me')).statusCode).toBe(200);
    expect((await auditor.get('/audit/verify')).json().valid).toBe(true);
  });

  it("SEC-08: no route changes or deletes an audit record, and the database refuses UPDATE and DELETE on the application's own connection", async () => {
    // only two routes touch the log at all, and both are reads
    expect(
      routes
        .filter((r) => r.url.startsWith(`${API}/audit`))
        .map(keyOf)
        .sort(),
    ).toEqual([`GET ${API}/audit`, `GET ${API}/audit/verify`]);
    expect(routes.filter((r) => /audit/.test(r.url) && r.method !== 'GET').map(keyOf)).toEqual([]);
    // what the administrator might try answers 404: there is no such route
    const seq = (await admin.get('/audit?limit=1')).json().items[0].seq as string;
    for (const [method, url] of [
      ['DELETE', '/audit'],
      ['DELETE', `/audit/${seq}`],
      ['PUT', `/audit/${seq}`],
      ['PATCH', `/audit/${seq}`],
      ['POST', '/audit'],
    ] as const) {
      expect((await admin.request(method, url, method === 'DELETE' ? undefined : {})).statusCode, `${method} ${url}`).toBe(404);
    }

    // the pool the application itself writes through
    const db = sys.ctx.db;
    const count = async () => Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM audit_log`.execute(db)).rows[0]!.n);
    const n = await count();
    const target =
      (await db.selectFrom('audit_log').selectAll().where('action', '=', 'user.unlock').orderBy('seq', 'desc').limit(1).executeTakeFirst()) ??
      (await db.selectFrom('audit_log').selectAll().where('action', '=', 'user.create').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow());
    await expect(db.updateTable('audit_log').set({ actor_label: '别人' }).where('seq', '=', target.seq).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('seq', '=', target.seq).execute()).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE actor_role = 'admin'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(db.transaction().execute((tx) => tx.deleteFrom('audit_log').where('seq', '=', target.seq).execute())).rejects.toThrow(/append-only/);
    expect(await count()).toBe(n);
    const still = await db.selectFrom('audit_log').selectAll().where('seq', '=', target.seq).executeTakeFirstOrThrow();
    expect(still).toEqual(target);
    expect((await auditor.get('/audit/verify')).json()).toMatchObject({ valid: true, entries: n });
  });

  it('SEC-08: the administrator creating and unlocking accounts is in the log the auditor reads, with the administrator as actor', async () => {
    const created = await admin.post('/users', { username: 'sod_new_center', password: 'Temp#Strong2024x', role: 'center', displayName: '新建的中心经办人' });
    expectStatus(created, 201, 'create');
    const newId = created.json().user.id as string;
    expectStatus(await admin.post(`/users/${lockedUser.id}/unlock`), 204, 'unlock');

    type Entry = {
      action: string;
      actor: string;
      actorId: string | null;
      actorRole: string | null;
      entityType: string;
      entityId: string | null;
      after: Record<string, unknown> | null;
      result: string;
    };
    const about = async (id: string) => (await auditor.get(`/audit?entityType=user&entityId=${id}`)).json().items as Entry[];
    const me = (await admin.get('/auth/me')).json().user as { id: string; displayName: string };
    const byAdmin = { actorId: me.id, actor: expect.stringContaining(me.displayName), actorRole: 'admin', result: 'ok' };

    const creation = (await about(newId)).find((e) => e.action === 'user.create');
    expect(creation).toMatchObject({ ...byAdmin, after: { username: 'sod_new_center', role: 'center' } });
    const unlock = (await about(lockedUser.id)).find((e) => e.action === 'user.unlock');
    expect(unlock).toMatchObject(byAdmin);
    // the lock-out it lifted is there too: five refused logins of that account
    const refusedLogins = (await about(lockedUser.id)).filter((e) => e.action === 'auth.login' && e.result === 'refused');
    expect(refusedLogins.length).toBeGreaterThanOrEqual(5);
    // and the administrator cannot hide having made the auditor itself
    expect((await about(auditorId)).find((e) => e.action === 'user.create')).toMatchObject({ ...byAdmin, after: { role: 'auditor' } });
    expect((await auditor.get('/audit/verify')).json().valid).toBe(true);
  });

  it('SEC-08: nobody approves their own work — the centre evaluates, the bureau approves, experts review only what they were assigned, the administrator acts in no business role', async () => {
    const [passed, pending] = kase.items as [{ id: string }, { id: string }];
    const item = (url: string) => `/application-items/${url}`;
    const approve = { decision: 'approve', comment: '同意' };
    const evaluate = { result: 'pass', summary: '项目评估通过' };

    expectStatus(await cast.center.post(item(`${passed.id}/project-evaluation`), evaluate), 200, 'centre evaluates');
    // the centre cannot approve what it evaluated
    expectProblem(await cast.center.post(item(`${passed.id}/approval`), approve), 403, 'FORBIDDEN');
    // the bureau cannot evaluate (nor accept, nor judge the institution) what it would approve
    expectProblem(await cast.bureau.post(item(`${pending.id}/project-evaluation`), evaluate), 403, 'FORBIDDEN');
    expectProblem(await cast.bureau.post(`/applications/${kase.id}/institution-evaluation`, { result: 'pass', summary: '通过' }), 403, 'FORBIDDEN');
    expectProblem(await cast.bureau.post(`/applications/${kase.id}/acceptance`, { decision: 'accept', reason: '' }), 403, 'FORBIDDEN');
    // an expert reviews only an application it was assigned to: any other is not found
    expectProblem(
      await unassigned.post(`/applications/${kase.id}/expert-reviews`, { conflictOfInterest: false, score: 95, opinion: '符合', recommendation: 'pass' }),
      404,
      'NOT_FOUND',
    );
    // the centre cannot make a non-expert (itself, the bureau) a reviewer
    const centreId = (await cast.center.get('/auth/me')).json().user.id as string;
    const bureauId = (await cast.bureau.get('/auth/me')).json().user.id as string;
    expectProblem(await cast.center.post(`/applications/${kase.id}/experts`, { expertUserIds: [centreId] }), 400, 'VALIDATION_FAILED');
    expectProblem(await cast.center.post(`/applications/${kase.id}/experts`, { expertUserIds: [bureauId] }), 400, 'VALIDATION_FAILED');
    // the administrator makes the accounts but acts in none of the business roles
    expectProblem(await admin.post(`/applications/${kase.id}/acceptance`, { decision: 'accept', reason: '' }), 403, 'FORBIDDEN');
    expectProblem(await admin.post(`/applications/${kase.id}/institution-evaluation`, { result: 'pass', summary: '通过' }), 403, 'FORBIDDEN');
    expectProblem(await admin.post(item(`${pending.id}/project-evaluation`), evaluate), 403, 'FORBIDDEN');
    expectProblem(await admin.post(item(`${passed.id}/approval`), approve), 403, 'FORBIDDEN');
    expectProblem(
      await admin.post(`/applications/${kase.id}/expert-reviews`, { conflictOfInterest: false, score: 95, opinion: '符合', recommendation: 'pass' }),
      403,
      'FORBIDDEN',
    );
    // one account, one role: no route changes an account's role (only POST /users sets it, once; a password reset keeps it)
    expect(
      routes
        .filter((r) => /\/users/.test(r.url))
        .map(keyOf)
        .sort(),
    ).toEqual([`GET ${API}/users`, `POST ${API}/users`, `POST ${API}/users/:id/unlock`, `POST ${API}/users/:id/password-reset`].sort());

    expectStatus(await cast.bureau.post(item(`${passed.id}/approval`), approve), 200, 'bureau approves');
    // and the log says so: evaluated by a centre account, approved by a different, bureau account
    const log = (await auditor.get(`/audit?entityType=application&entityId=${kase.id}&limit=500`)).json().items as {
      action: string;
      actorRole: string | null;
      actor: string;
    }[];
    const byAction = (re: RegExp) => log.filter((e) => re.test(e.action));
    expect(byAction(/project[_-]evaluation/).map((e) => e.actorRole)).toContain('center');
    expect(byAction(/approval/).map((e) => e.actorRole)).toEqual(expect.arrayContaining(['bureau']));
    expect(byAction(/approval/).every((e) => e.actorRole === 'bureau')).toBe(true);
    const rows = await sys.ctx.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', kase.id).execute();
    const evaluators = new Set(rows.filter((r) => /project[_-]evaluation/.test(r.action)).map((r) => r.actor_id));
    const approvers = new Set(rows.filter((r) => /approval/.test(r.action)).map((r) => r.actor_id));
    expect(evaluators.size).toBeGreaterThan(0);
    expect(approvers.size).toBeGreaterThan(0);
    for (const a of approvers) expect(evaluators.has(a)).toBe(false);
  });

  it('SEC-08: the auditor is staff — signed out after 15 minutes idle (SEC-03), and held to its second factor when MFA_REQUIRED_ROLES names it (SEC-04)', async () => {
    const { client } = await j.staff({ username: 'auditor_idle', role: 'auditor', displayName: '空闲审计员' });
    const idle = (minutes: number) =>
      sys.ctx.db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(Date.now() - minutes * 60_000) })
        .where('id_hash', '=', tokenHash(sidOf(client)))
        .execute();
    await idle(14);
    expect((await client.get('/audit?limit=1')).statusCode).toBe(200);
    await idle(16);
    expectProblem(await client.get('/audit?limit=1'), 401, 'UNAUTHENTICATED');

    const mfa = await createTestSystem({ env: { MFA_REQUIRED_ROLES: 'auditor' } });
    try {
      const mj = new Journey(mfa.app);
      await mj.loginAdmin(ADMIN_PASSWORD);
      const held = (await mj.staff({ username: 'auditor_mfa', role: 'auditor', displayName: '须绑定的审计员' })).client;
      expectProblem(await held.get('/audit'), 403, 'MFA_ENROLMENT_REQUIRED');
      expectProblem(await held.get('/audit/verify'), 403, 'MFA_ENROLMENT_REQUIRED');
      expect((await held.post('/auth/totp/enroll')).statusCode).toBe(200);
      // the administrator is not named, so it is not held
      expect((await mj.admin.get('/audit/verify')).statusCode).toBe(200);
    } finally {
      await mfa.close();
    }
  });
});
