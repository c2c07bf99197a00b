import crypto from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD, Journey, expectStatus } from '../bootstrap/journey.js';
import { AccountsService } from '../modules/accounts/accounts.service.js';
import { SessionStore } from '../platform/auth/sessions.js';
import { tokenHash } from '../platform/auth/tokens.js';
import { Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * Authentication, sessions, CSRF, second factor, strict input and headers — security.md
 * SEC-01…SEC-06, SEC-16, SEC-17 — through the HTTP API on real PostgreSQL.
 */

interface LiveRoute { method: string; url: string; auth: unknown; allowPending: boolean }
const live: LiveRoute[] = [];
function captureRoutes(message: unknown): void {
  const { fastify } = message as { fastify: FastifyInstance };
  fastify.addHook('onRoute', (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) {
      live.push({ method: String(method).toUpperCase(), url: r.url, auth: r.config?.auth, allowPending: !!r.config?.allowPending });
    }
  });
}
diagnostics.subscribe('fastify.initialization', captureRoutes);
let sys: TestSystem;
try {
  sys = await createTestSystem({ now: '2024-08-26T10:00:00+08:00' });
} finally {
  diagnostics.unsubscribe('fastify.initialization', captureRoutes);
}
const routes = live.filter((r) => r.method !== 'HEAD');

const ADMIN_PASSWORD = 'Chief-Passw0rd!';
const CHINESE = /[\u4e00-\u9fff]/;
let j: Journey;
let seq = 0;

afterAll(async () => sys?.close());
beforeAll(async () => {
  j = new Journey(sys.app);
  await j.loginAdmin(ADMIN_PASSWORD);
});

/** A valid Shanghai enterprise USCC, different each call. */
function freshUscc(): string {
  seq += 1;
  const first17 = `91310115MA${String(1000000 + seq).slice(-7)}`;
  return first17 + usccCheckChar(first17);
}

function registration(over: { username?: string; password?: string; organization?: Record<string, unknown> } = {}) {
  return {
    username: over.username ?? `user_${crypto.randomBytes(4).toString('hex')}`,
    password: over.password ?? DEFAULT_PASSWORD,
    organization: {
      name: '上海测试职业技能评价有限公司', uscc: freshUscc(), legalForm: 'enterprise', district: '310115', address: '浦东新区世纪大道100号',
      legalRepresentative: '张三', contactName: '李四', contactPhone: '13800138000', contactEmail: 'contact@example.cn',
      ...over.organization,
    },
  };
}

function expectProblem(res: LightMyRequestResponse, status: number | number[], code?: string): Record<string, unknown> {
  const statuses = Array.isArray(status) ? status : [status];
  expect(statuses, `${res.statusCode} ${res.body}`).toContain(res.statusCode);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: res.statusCode, detail: expect.any(String), code: expect.any(String) });
  if (code) expect(body.code).toBe(code);
  expect(body.detail as string).toMatch(CHINESE);
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/); // never a stack trace (SEC-17)
  return body;
}

function raw(client: Client, method: string, url: string, payload: string | Buffer, contentType = 'application/json') {
  return client.request(method as InjectOptions['method'], url, Buffer.isBuffer(payload) ? payload : Buffer.from(payload), { 'content-type': contentType });
}

const sidOf = (c: Client) => c.cookie!.replace(/^sid=/, '');

// =============================================================================================
describe('SEC-01 password policy', () => {
  const weak: [string, (u: string) => string, RegExp][] = [
    ['shorter than 8', () => 'Ab1!xyz', /至少 8 位/],
    ['only two character classes', () => 'abcdefgh12345', /至少三类/],
    ['containing the username', (u) => `X!${u.toUpperCase()}9a`, /不能包含用户名/],
    ['a common password', () => 'P@ssw0rd123', /过于常见/],
  ];

  for (const [what, pw, message] of weak) {
    it(`registration refuses a password ${what} — 400 with a Chinese detail, nothing created`, async () => {
      const body = registration({ username: `reg_${what.length}_${seq}` });
      body.password = pw(body.username);
      const res = await new Client(sys.app).post('/auth/register', body);
      const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(problem.detail).toMatch(message);
      // nothing was kept: the same username and USCC register with a good password
      expectStatus(await new Client(sys.app).post('/auth/register', { ...body, password: DEFAULT_PASSWORD }), 201, 'retry with a good password');
    });

    it(`an admin-created account refuses a password ${what}`, async () => {
      const username = `staff_${what.length}_${seq++}`;
      const res = await j.admin.post('/users', { username, password: pw(username), role: 'center', displayName: '经办人' });
      expect(expectProblem(res, 400, 'VALIDATION_FAILED').detail).toMatch(message);
    });
  }

  it('a changed password meets the policy too', async () => {
    const { client } = await j.registerOrg({ username: 'pw_change', name: '改密公司', uscc: freshUscc() });
    const res = await client.post('/auth/password', { currentPassword: DEFAULT_PASSWORD, newPassword: 'password' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const wrongCurrent = await client.post('/auth/password', { currentPassword: 'Not-the-one-1', newPassword: 'Another#Pass2024' });
    expectProblem(wrongCurrent, 400, 'VALIDATION_FAILED');
  });

  it('a password set by its owner (registration, ADMIN_PASSWORD) needs no change', async () => {
    const c = new Client(sys.app);
    const reg = registration({ username: 'owner_set' });
    expectStatus(await c.post('/auth/register', reg), 201, 'register');
    const login = await c.login('owner_set', DEFAULT_PASSWORD);
    expect(login.json().mustChangePassword).toBeUndefined();
    const admin = await new Client(sys.app).login('admin', ADMIN_PASSWORD);
    expect(admin.statusCode).toBe(200);
    expect(admin.json().mustChangePassword).toBeUndefined();
  });
});

// =============================================================================================
describe('SEC-01 a password set by someone else must be changed at first login', () => {
  const TEMP = 'Temp#Pass-2024';
  let pending: Client;
  let pendingId = '';
  const EXEMPT = new Set(['GET /api/v1/auth/me', 'POST /api/v1/auth/password', 'POST /api/v1/auth/logout']);

  beforeAll(async () => {
    const created = await j.admin.post('/users', { username: 'pending1', password: TEMP, role: 'center', displayName: '新经办人' });
    expectStatus(created, 201, 'create');
    pendingId = created.json().user.id;
    pending = new Client(sys.app);
    const login = await pending.login('pending1', TEMP);
    expectStatus(login, 200, 'login');
    expect(login.json().mustChangePassword).toBe(true);
  });

  it('GET /auth/me answers, and says a change is required', async () => {
    const me = await pending.get('/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ mustChangePassword: true, user: { id: expect.any(String), role: 'center' } });
  });

  const guarded = routes.filter((r) => r.auth !== 'public' && !EXEMPT.has(`${r.method} ${r.url}`));
  for (const r of guarded) {
    const name = `${r.method} ${r.url}`;
    const test = it;
    test(`${name} → 403 PASSWORD_CHANGE_REQUIRED`, async () => {
      const url = r.url.replace(/:(\w+)/g, (_m, p: string) => (p === 'receiptNo' ? 'SHPJ-2024-000001' : p === 'date' ? '2025-01-02' : p === 'year' ? '2025' : crypto.randomUUID()));
      const res = await pending.request(r.method as InjectOptions['method'], url, r.method === 'GET' ? undefined : { not: 'checked' });
      expectProblem(res, 403, 'PASSWORD_CHANGE_REQUIRED');
    });
  }

  it('after POST /auth/password the account works, and the temporary password is dead', async () => {
    expectStatus(await pending.post('/auth/password', { currentPassword: TEMP, newPassword: DEFAULT_PASSWORD }), 200, 'change');
    expect((await pending.get('/applications')).statusCode).toBe(200);
    expect((await pending.get('/auth/me')).json().mustChangePassword).toBe(false);
    expectProblem(await new Client(sys.app).post('/auth/login', { username: 'pending1', password: TEMP }), 401, 'UNAUTHENTICATED');
    const again = await new Client(sys.app).login('pending1', DEFAULT_PASSWORD);
    expect(again.statusCode).toBe(200);
    expect(again.json().mustChangePassword).toBeUndefined();
    expect(pendingId).toBeTruthy();
  });

  it('logout works while the change is pending', async () => {
    expectStatus(await j.admin.post('/users', { username: 'pending2', password: TEMP, role: 'bureau', displayName: '处室' }), 201, 'create');
    const c = new Client(sys.app);
    expectStatus(await c.login('pending2', TEMP), 200, 'login');
    const cookie = c.cookie;
    expect((await c.post('/auth/logout')).statusCode).toBe(204);
    const replay = new Client(sys.app);
    replay.cookie = cookie;
    expectProblem(await replay.get('/auth/me'), 401, 'UNAUTHENTICATED');
  });
});

// =============================================================================================
describe('SEC-02 lock-out after 5 consecutive failures', () => {
  it('locks on the fifth wrong password, refuses even the right one, and an admin unlocks it', async () => {
    const { userId } = await j.registerOrg({ username: 'lockme', name: '锁定测试公司', uscc: freshUscc() });
    const anon = new Client(sys.app);
    for (let i = 1; i <= 5; i++) expectProblem(await anon.post('/auth/login', { username: 'lockme', password: `Wrong#Pass${i}x` }), 401, 'UNAUTHENTICATED');
    const refused = await anon.post('/auth/login', { username: 'lockme', password: DEFAULT_PASSWORD });
    expect(expectProblem(refused, 401, 'UNAUTHENTICATED').detail).toMatch(/锁定/);
    const row = await sys.database.db.selectFrom('users').select('locked_until').where('id', '=', userId).executeTakeFirstOrThrow();
    const lockedFor = new Date(row.locked_until!).getTime() - Date.now();
    expect(lockedFor).toBeGreaterThan(29 * 60_000);
    expect(lockedFor).toBeLessThanOrEqual(30 * 60_000);
    const users = (await j.admin.get('/users')).json().items as { id: string; locked: boolean }[];
    expect(users.find((u) => u.id === userId)?.locked).toBe(true);

    // unlock is admin-only
    const { client: other } = await j.registerOrg({ username: 'not_admin', name: '另一公司', uscc: freshUscc() });
    expectProblem(await other.post(`/users/${userId}/unlock`), 403, 'FORBIDDEN');
    expect((await j.admin.post(`/users/${userId}/unlock`)).statusCode).toBe(204);
    expect((await anon.login('lockme', DEFAULT_PASSWORD)).statusCode).toBe(200);
  });

  it('concurrent guesses do not get past the lock: at most 5 are evaluated, then the right password is refused', async () => {
    const { userId } = await j.registerOrg({ username: 'lock_race', name: '并发锁定公司', uscc: freshUscc() });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => new Client(sys.app).post('/auth/login', { username: 'lock_race', password: `Wrong#Pass${i}x` })));
    for (const a of answers) expectProblem(a, 401, 'UNAUTHENTICATED');
    const evaluated = answers.filter((a) => !('lockedUntil' in a.json()));
    expect(evaluated.length).toBeLessThanOrEqual(5);
    expectProblem(await new Client(sys.app).post('/auth/login', { username: 'lock_race', password: DEFAULT_PASSWORD }), 401, 'UNAUTHENTICATED');
    expect(userId).toBeTruthy();
  });

  it('the lock lifts by itself after 30 minutes', async () => {
    const { userId } = await j.registerOrg({ username: 'lock_expiry', name: '锁定到期公司', uscc: freshUscc() });
    const anon = new Client(sys.app);
    for (let i = 1; i <= 5; i++) await anon.post('/auth/login', { username: 'lock_expiry', password: `Wrong#Pass${i}x` });
    expectProblem(await anon.post('/auth/login', { username: 'lock_expiry', password: DEFAULT_PASSWORD }), 401, 'UNAUTHENTICATED');
    await sys.database.db.updateTable('users').set({ locked_until: new Date(Date.now() - 1000) }).where('id', '=', userId).execute();
    expect((await anon.login('lock_expiry', DEFAULT_PASSWORD)).statusCode).toBe(200);
  });

  it('only consecutive failures count: a success resets the count', async () => {
    await j.registerOrg({ username: 'resetme', name: '重置测试公司', uscc: freshUscc() });
    const anon = new Client(sys.app);
    for (let i = 0; i < 4; i++) await anon.post('/auth/login', { username: 'resetme', password: 'Wrong#Pass1x' });
    expect((await anon.login('resetme', DEFAULT_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) await anon.post('/auth/login', { username: 'resetme', password: 'Wrong#Pass1x' });
    expect((await new Client(sys.app).login('resetme', DEFAULT_PASSWORD)).statusCode).toBe(200);
  });

  it('an unknown user and a wrong password get the same answer (no user enumeration)', async () => {
    await j.registerOrg({ username: 'enum_me', name: '枚举测试公司', uscc: freshUscc() });
    const a = await new Client(sys.app).post('/auth/login', { username: 'enum_me', password: 'Wrong#Pass1x' });
    const b = await new Client(sys.app).post('/auth/login', { username: 'no_such_user_here', password: 'Wrong#Pass1x' });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(b.json()).toEqual(a.json());
  });

  it('every attempt is in the audit log', async () => {
    const { userId } = await j.registerOrg({ username: 'audited', name: '审计测试公司', uscc: freshUscc() });
    await new Client(sys.app).post('/auth/login', { username: 'audited', password: 'Wrong#Pass1x' });
    const entries = (await j.admin.get(`/audit?entityType=user&entityId=${userId}`)).json().items as { action: string; result: string }[];
    const logins = entries.filter((e) => e.action === 'auth.login');
    expect(logins.map((e) => e.result).sort()).toEqual(['ok', 'refused']);
  });

  it('logins are throttled per IP (RATE_LIMITED)', async () => {
    const limited = await createTestSystem({ env: { RATE_LOGIN_PER_MIN: '3' } });
    try {
      const c = new Client(limited.app);
      for (let i = 0; i < 3; i++) expect((await c.post('/auth/login', { username: 'nobody', password: 'Wrong#Pass1x' })).statusCode).toBe(401);
      expectProblem(await c.post('/auth/login', { username: 'nobody', password: 'Wrong#Pass1x' }), 429, 'RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});

// =============================================================================================
describe('SEC-03 sessions end', () => {
  const idle = (c: Client, minutes: number) =>
    sys.database.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - minutes * 60_000) }).where('id_hash', '=', tokenHash(sidOf(c))).execute();

  it('logout kills the server-side session: replaying the old cookie → 401', async () => {
    const { client } = await j.registerOrg({ username: 'logout1', name: '退出测试公司', uscc: freshUscc() });
    const old = client.cookie;
    const out = await client.post('/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'sid')?.value ?? '').toBe('');
    const replay = new Client(sys.app);
    replay.cookie = old;
    replay.csrf = client.csrf;
    expectProblem(await replay.get('/auth/me'), 401, 'UNAUTHENTICATED');
    expectProblem(await replay.post('/applications', {}), 401, 'UNAUTHENTICATED');
    const rows = await sys.database.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', tokenHash(old!.replace(/^sid=/, ''))).execute();
    expect(rows).toEqual([]);
  });

  it('an applicant is signed out after 30 minutes idle, not before', async () => {
    const { client: fresh } = await j.registerOrg({ username: 'idle_app', name: '空闲测试公司', uscc: freshUscc() });
    await idle(fresh, 29);
    expect((await fresh.get('/auth/me')).statusCode).toBe(200);
    await idle(fresh, 31);
    expectProblem(await fresh.get('/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('a password change signs out every other session of that user', async () => {
    const { client: one } = await j.registerOrg({ username: 'two_sessions', name: '两处登录公司', uscc: freshUscc() });
    const two = new Client(sys.app);
    expectStatus(await two.login('two_sessions', DEFAULT_PASSWORD), 200, 'second login');
    expectStatus(await one.post('/auth/password', { currentPassword: DEFAULT_PASSWORD, newPassword: 'Another#Pass2024' }), 200, 'change');
    expect((await one.get('/auth/me')).statusCode).toBe(200);
    expectProblem(await two.get('/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('staff are signed out after 15 minutes idle, not before', async () => {
    const { client } = await j.staff({ username: 'idle_staff', role: 'center', displayName: '空闲经办人' });
    await idle(client, 14);
    expect((await client.get('/auth/me')).statusCode).toBe(200);
    await idle(client, 16);
    expectProblem(await client.get('/auth/me'), 401, 'UNAUTHENTICATED');
    // admins are staff too
    const admin = new Client(sys.app);
    await admin.login('admin', ADMIN_PASSWORD);
    await idle(admin, 16);
    expectProblem(await admin.get('/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('a session lives 12 hours at most, however active', async () => {
    const { client } = await j.registerOrg({ username: 'absolute', name: '绝对时长公司', uscc: freshUscc() });
    const row = await sys.database.db.selectFrom('sessions').selectAll().where('id_hash', '=', tokenHash(sidOf(client))).executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(12 * 60 * 60_000);
    await sys.database.db.updateTable('sessions').set({ last_seen_at: new Date(), expires_at: new Date(Date.now() - 1000) }).where('id_hash', '=', row.id_hash).execute();
    expectProblem(await client.get('/auth/me'), 401, 'UNAUTHENTICATED');
  });
});

// =============================================================================================
describe('SEC-05 session cookie and CSRF', () => {
  it('the session cookie is HttpOnly and SameSite=Lax, with a ≥128-bit id', async () => {
    const c = new Client(sys.app);
    await c.post('/auth/register', registration({ username: 'cookie_flags' }));
    const res = await c.login('cookie_flags', DEFAULT_PASSWORD);
    const cookie = res.cookies.find((x) => x.name === 'sid')!;
    expect(cookie).toBeDefined();
    expect(cookie.httpOnly).toBe(true);
    expect(String(cookie.sameSite).toLowerCase()).toBe('lax');
    expect(cookie.path).toBe('/');
    expect(Buffer.from(cookie.value, 'base64url').length).toBeGreaterThanOrEqual(16);
    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
  });

  it('the session id is rotated at login: a cookie from before the login is not valid after', async () => {
    const c = new Client(sys.app);
    await c.post('/auth/register', registration({ username: 'rotate_me' }));
    await c.login('rotate_me', DEFAULT_PASSWORD);
    const before = c.cookie!;
    await c.login('rotate_me', DEFAULT_PASSWORD); // sends the old cookie along
    expect(c.cookie).toBeDefined();
    expect(c.cookie).not.toBe(before);
    const stale = new Client(sys.app);
    stale.cookie = before;
    expectProblem(await stale.get('/auth/me'), 401, 'UNAUTHENTICATED');
    expect((await c.get('/auth/me')).statusCode).toBe(200);
  });

  it('a session id planted before login is never adopted (fixation)', async () => {
    const c = new Client(sys.app);
    await c.post('/auth/register', registration({ username: 'fixation' }));
    const planted = crypto.randomBytes(32).toString('base64url');
    c.cookie = `sid=${planted}`;
    await c.login('fixation', DEFAULT_PASSWORD);
    expect(c.cookie).not.toBe(`sid=${planted}`);
    const attacker = new Client(sys.app);
    attacker.cookie = `sid=${planted}`;
    expectProblem(await attacker.get('/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('a state-changing request without the X-CSRF-Token header, or with a wrong one, is refused with 403', async () => {
    const { client } = await j.registerOrg({ username: 'csrf_user', name: 'CSRF测试公司', uscc: freshUscc() });
    const { client: otherSession } = await j.registerOrg({ username: 'csrf_other', name: 'CSRF另一公司', uscc: freshUscc() });
    const token = client.csrf!;
    const noToken = Object.assign(new Client(sys.app), { cookie: client.cookie });
    for (const [method, url] of [['POST', '/applications'], ['PATCH', `/applications/${crypto.randomUUID()}`], ['DELETE', `/applications/${crypto.randomUUID()}/materials/${crypto.randomUUID()}`], ['POST', '/auth/logout'], ['POST', '/auth/password']] as const) {
      expectProblem(await noToken.request(method, url, { any: 'body' }), 403, 'FORBIDDEN');
      expectProblem(await noToken.request(method, url, { any: 'body' }, { 'x-csrf-token': `${token.slice(0, -2)}xx` }), 403, 'FORBIDDEN');
      expectProblem(await noToken.request(method, url, { any: 'body' }, { 'x-csrf-token': otherSession.csrf! }), 403, 'FORBIDDEN');
    }
    // the session survived the refused logout, and with the right token the request reaches validation
    expect((await client.get('/auth/me')).statusCode).toBe(200);
    expectProblem(await client.post('/applications', { any: 'body' }), 400, 'VALIDATION_FAILED');
  });
});

// =============================================================================================
describe('SEC-06 the first admin', () => {
  it('uses ADMIN_PASSWORD and no default credential works', async () => {
    const ok = await new Client(sys.app).login('admin', ADMIN_PASSWORD);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.role).toBe('admin');
    for (const pw of ['admin', 'admin123', 'Admin@123', 'password', '123456']) {
      expectProblem(await new Client(sys.app).post('/auth/login', { username: 'admin', password: pw }), 401, 'UNAUTHENTICATED');
    }
    await j.admin.post(`/users/${ok.json().user.id}/unlock`); // keep the admin usable for later tests
  });

  it('without ADMIN_PASSWORD a random one is generated, printed once, and must be changed', async () => {
    const own = await createTestSystem();
    try {
      const db = own.database.db;
      await db.deleteFrom('users').where('username', '=', 'admin').execute();
      const printed: string[] = [];
      const svc = new AccountsService({ ...own.ctx, config: { ...own.config, adminPassword: undefined } }, new SessionStore(db));
      await svc.ensureAdmin((m) => printed.push(m));
      await svc.ensureAdmin((m) => printed.push(m));
      expect(printed).toHaveLength(1);
      const password = /：(\S+)$/.exec(printed[0]!)?.[1];
      expect(password).toBeTruthy();
      const c = new Client(own.app);
      const login = await c.login('admin', password!);
      expect(login.statusCode).toBe(200);
      expect(login.json().mustChangePassword).toBe(true);
      expectProblem(await c.get('/users'), 403, 'PASSWORD_CHANGE_REQUIRED');
    } finally {
      await own.close();
    }
  });

  it('an ADMIN_PASSWORD that breaks the policy is refused at start', async () => {
    const own = await createTestSystem();
    try {
      const db = own.database.db;
      await db.deleteFrom('users').where('username', '=', 'admin').execute();
      const svc = new AccountsService({ ...own.ctx, config: { ...own.config, adminPassword: 'admin123' } }, new SessionStore(db));
      await expect(svc.ensureAdmin(() => {})).rejects.toThrow();
      expect(await db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirst()).toBeUndefined();
    } finally {
      await own.close();
    }
  });
});

// =============================================================================================
describe('SEC-04 second factor (TOTP)', () => {
  const code = (secret: string, step: number) => generate({ secret, epoch: step * 30 });
  const stepNow = () => Math.floor(Date.now() / 30_000);

  it('enrol, confirm, then every login needs a fresh code; a code is single-use', async () => {
    const { client } = await j.staff({ username: 'totp_center', role: 'center', displayName: '动态口令经办人' });
    const enrol = await client.post('/auth/totp/enroll');
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUrl } = enrol.json() as { secret: string; otpauthUrl: string };
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(otpauthUrl).toContain(`secret=${secret}`);

    const s = stepNow();
    const wrong = (await code(secret, s)) === '000000' ? '111111' : '000000';
    expectProblem(await client.post('/auth/totp/confirm', { code: wrong }), 400, 'VALIDATION_FAILED');
    const first = await code(secret, s);
    const confirmed = await client.post('/auth/totp/confirm', { code: first });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ mfaEnrolled: true });
    expect((await client.post('/auth/logout')).statusCode).toBe(204);

    // the password alone gives a challenge, no session
    const c = new Client(sys.app);
    const step1 = await c.post('/auth/login', { username: 'totp_center', password: DEFAULT_PASSWORD });
    expect(step1.statusCode).toBe(200);
    expect(step1.json()).toEqual({ mfaRequired: true, challenge: expect.any(String) });
    expect(step1.cookies.filter((x) => x.name === 'sid' && x.value)).toEqual([]);
    expectProblem(await c.get('/auth/me'), 401, 'UNAUTHENTICATED');
    const challenge = step1.json().challenge as string;

    // the code already used at confirmation is refused (replay)
    expectProblem(await c.post('/auth/login/totp', { challenge, code: first }), 401, 'UNAUTHENTICATED');
    // a fresh code completes it
    const fresh = await code(secret, s + 1);
    const done = await c.post('/auth/login/totp', { challenge, code: fresh });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ user: { username: 'totp_center', role: 'center' }, csrfToken: expect.any(String) });
    const cookie = done.cookies.find((x) => x.name === 'sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect((await c.get('/auth/me')).statusCode).toBe(200);

    // the challenge is single-use
    expectProblem(await new Client(sys.app).post('/auth/login/totp', { challenge, code: fresh }), 401, 'UNAUTHENTICATED');
    // and so is the code: a new login cannot reuse it
    const again = await new Client(sys.app).post('/auth/login', { username: 'totp_center', password: DEFAULT_PASSWORD });
    expectProblem(await new Client(sys.app).post('/auth/login/totp', { challenge: again.json().challenge, code: fresh }), 401, 'UNAUTHENTICATED');
    // a made-up challenge gets nothing
    expectProblem(await new Client(sys.app).post('/auth/login/totp', { challenge: crypto.randomBytes(32).toString('base64url'), code: fresh }), 401, 'UNAUTHENTICATED');
  });

  it('a challenge dies after 5 wrong codes', async () => {
    const { client } = await j.staff({ username: 'totp_brute', role: 'bureau', displayName: '暴力测试' });
    const { secret } = (await client.post('/auth/totp/enroll')).json() as { secret: string };
    const s = stepNow();
    expectStatus(await client.post('/auth/totp/confirm', { code: await code(secret, s) }), 200, 'confirm');
    const c = new Client(sys.app);
    const challenge = (await c.post('/auth/login', { username: 'totp_brute', password: DEFAULT_PASSWORD })).json().challenge as string;
    const good = await code(secret, s + 1);
    const bad = good === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) expectProblem(await c.post('/auth/login/totp', { challenge, code: bad }), 401, 'UNAUTHENTICATED');
    expectProblem(await c.post('/auth/login/totp', { challenge, code: good }), 401, 'UNAUTHENTICATED');
  });

  it('a challenge allows 5 wrong codes even when they arrive at once', async () => {
    const { client, id } = await j.staff({ username: 'totp_race', role: 'bureau', displayName: '并发口令' });
    const { secret } = (await client.post('/auth/totp/enroll')).json() as { secret: string };
    const s = stepNow();
    expectStatus(await client.post('/auth/totp/confirm', { code: await code(secret, s) }), 200, 'confirm');
    const challenge = (await new Client(sys.app).post('/auth/login', { username: 'totp_race', password: DEFAULT_PASSWORD })).json().challenge as string;
    const valid = new Set(await Promise.all([s - 1, s, s + 1, s + 2].map((x) => code(secret, x))));
    const wrong: string[] = [];
    for (let i = 0; wrong.length < 20; i++) {
      const c = String(100000 + i * 37);
      if (!valid.has(c)) wrong.push(c);
    }
    const answers = await Promise.all(wrong.map((c) => new Client(sys.app).post('/auth/login/totp', { challenge, code: c })));
    for (const a of answers) expectProblem(a, 401, 'UNAUTHENTICATED');
    const rows = await sys.database.db.selectFrom('audit_log').select(['action', 'result']).where('action', '=', 'auth.totp').where('result', '=', 'refused').where('entity_id', '=', id).execute();
    // every refused code is audited; only codes that were actually checked are (a dead challenge is not)
    expect(rows.length).toBeLessThanOrEqual(5);
  });

  describe('MFA_REQUIRED_ROLES=center', () => {
    let mfa: TestSystem;
    let mj: Journey;
    beforeAll(async () => {
      mfa = await createTestSystem({ env: { MFA_REQUIRED_ROLES: 'center' } });
      mj = new Journey(mfa.app);
      await mj.loginAdmin(ADMIN_PASSWORD);
    });
    afterAll(async () => mfa?.close());

    it('a center user without TOTP gets 403 MFA_ENROLMENT_REQUIRED until enrolled; other roles are not held', async () => {
      const { client } = await mj.staff({ username: 'mfa_center', role: 'center', displayName: '须绑定经办人' });
      expectProblem(await client.get('/applications'), 403, 'MFA_ENROLMENT_REQUIRED');
      expectProblem(await client.get('/objections'), 403, 'MFA_ENROLMENT_REQUIRED');
      expectProblem(await client.post(`/applications/${crypto.randomUUID()}/acceptance`, { decision: 'accept' }), 403, 'MFA_ENROLMENT_REQUIRED');
      expect((await client.get('/auth/me')).statusCode).toBe(200);
      const { secret } = (await client.post('/auth/totp/enroll')).json() as { secret: string };
      const s = stepNow();
      expectStatus(await client.post('/auth/totp/confirm', { code: await code(secret, s) }), 200, 'confirm');
      expect((await client.get('/applications')).statusCode).toBe(200);
      // the next login asks for the code
      const next = await new Client(mfa.app).post('/auth/login', { username: 'mfa_center', password: DEFAULT_PASSWORD });
      expect(next.json().mfaRequired).toBe(true);

      const { client: bureau } = await mj.staff({ username: 'mfa_bureau', role: 'bureau', displayName: '不须绑定' });
      expect((await bureau.get('/applications')).statusCode).toBe(200);
    });
  });
});

// =============================================================================================
describe('SEC-16 strict input — always 400 with a Chinese detail, never a 500', () => {
  let applicant: Client;
  beforeAll(async () => {
    applicant = (await j.registerOrg({ username: 'strict_app', name: '严格输入公司', uscc: freshUscc() })).client;
  });

  it('unknown fields, at the top level and nested', async () => {
    const top = { ...registration(), role: 'admin' };
    const p1 = expectProblem(await new Client(sys.app).post('/auth/register', top), 400, 'VALIDATION_FAILED');
    expect(p1.detail).toContain('role');
    const nested = registration({ organization: { eligibility: 'eligible' } });
    const p2 = expectProblem(await new Client(sys.app).post('/auth/register', nested), 400, 'VALIDATION_FAILED');
    expect(p2.detail).toContain('eligibility');
    expectProblem(await applicant.post('/applications', { campaignId: crypto.randomUUID(), industryAuthority: 'x', items: [], sites: [], status: 'submitted' }), 400, 'VALIDATION_FAILED');
    expectProblem(await applicant.get('/applications?status=draft&owner=me'), 400, 'VALIDATION_FAILED');
  });

  it('__proto__, constructor and prototype keys, anywhere in the body or the query', async () => {
    const anon = new Client(sys.app);
    const reg = JSON.stringify(registration());
    for (const body of [
      reg.replace(/^\{/, '{"__proto__":{"role":"admin"},'),
      reg.replace('"organization":{', '"organization":{"__proto__":{"eligibility":"eligible"},'),
      reg.replace(/^\{/, '{"constructor":{"prototype":{"role":"admin"}},'),
      reg.replace('"organization":{', '"organization":{"constructor":"x",'),
      '{"username":"a","password":"b","prototype":{}}',
    ]) {
      expectProblem(await raw(anon, 'POST', '/auth/register', body), 400, 'VALIDATION_FAILED');
    }
    expectProblem(await raw(anon, 'POST', '/auth/login', '{"username":"a","password":"b","__proto__":{"isAdmin":true}}'), 400, 'VALIDATION_FAILED');
    expectProblem(await anon.get('/public/organizations?__proto__=x'), 400, 'VALIDATION_FAILED');
    expectProblem(await anon.get('/public/organizations?constructor=x'), 400, 'VALIDATION_FAILED');
    expectProblem(await applicant.get('/applications?__proto__[status]=draft'), 400, 'VALIDATION_FAILED');
    expect(({} as Record<string, unknown>).role).toBeUndefined(); // nothing was polluted
  });

  it('malformed JSON, a non-object body, an empty body, a foreign content type', async () => {
    const anon = new Client(sys.app);
    for (const body of ['{"username": "a", "password": ', '{username:"a"}', "{'a':1}", '[1,2', 'null', '"text"', '42', '[]', '']) {
      expectProblem(await raw(anon, 'POST', '/auth/login', body), 400, 'VALIDATION_FAILED');
    }
    expectProblem(await raw(anon, 'POST', '/auth/login', `${'['.repeat(100_000)}${']'.repeat(100_000)}`), 400, 'VALIDATION_FAILED');
    expectProblem(await raw(anon, 'POST', '/auth/login', 'username=a&password=b', 'application/x-www-form-urlencoded'), [400, 415]);
    expectProblem(await raw(anon, 'POST', '/auth/login', '{"username":"a","password":"b"}', 'text/plain'), [400, 415]);
    expectProblem(await raw(applicant, 'POST', '/applications', '{"campaignId":'), 400, 'VALIDATION_FAILED');
  });

  it('wrong types, unknown enum values, oversize strings and arrays', async () => {
    const anon = new Client(sys.app);
    const bad: [string, unknown][] = [
      ['username as a number', { ...registration(), username: 12345 }],
      ['password as an array', { ...registration(), password: ['Shanghai#2024ok'] }],
      ['organization as a string', { ...registration(), organization: 'x' }],
      ['unknown legalForm', registration({ organization: { legalForm: 'government' } })],
      ['district outside Shanghai', registration({ organization: { district: '110105' } })],
      ['oversize name', registration({ organization: { name: '名'.repeat(201) } })],
      ['oversize address', registration({ organization: { address: 'x'.repeat(301) } })],
      ['oversize uscc', registration({ organization: { uscc: '9'.repeat(41) } })],
      ['oversize password', registration({ password: `Aa1!${'x'.repeat(200)}` })],
      ['bad email', registration({ organization: { contactEmail: 'not-an-email' } })],
      ['bad phone', registration({ organization: { contactPhone: '<script>' } })],
      ['blank name', registration({ organization: { name: '   ' } })],
    ];
    for (const [what, body] of bad) {
      const res = await anon.post('/auth/register', body);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
      expectProblem(res, 400, 'VALIDATION_FAILED');
    }
    const campaign = await j.campaign2024();
    const item = campaign.items.find((i) => i.seq === 1)!;
    const app: [string, unknown][] = [
      ['levels as strings', { campaignId: campaign.id, industryAuthority: 'A局', items: [{ itemId: item.id, levels: ['5'] }], sites: [] }],
      ['level 9', { campaignId: campaign.id, industryAuthority: 'A局', items: [{ itemId: item.id, levels: [9] }], sites: [] }],
      ['campaignId not a uuid', { campaignId: 'abc', industryAuthority: 'A局', items: [], sites: [] }],
      ['too many sites', { campaignId: campaign.id, industryAuthority: 'A局', items: [], sites: Array.from({ length: 51 }, () => ({ name: 'n', address: 'a', district: '310115' })) }],
    ];
    for (const [what, body] of app) {
      const res = await applicant.post('/applications', body);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(400);
      expectProblem(res, 400, 'VALIDATION_FAILED');
    }
    expectProblem(await applicant.get('/applications?status=approved_by_magic'), 400, 'VALIDATION_FAILED');
    expectProblem(await applicant.get('/applications?pageSize=100000'), 400, 'VALIDATION_FAILED');
    expectProblem(await applicant.get('/applications/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectProblem(await anon.get('/calendar/working-days?from=2024-02-30&count=5'), 400, 'VALIDATION_FAILED');
    expectProblem(await anon.get('/public/organizations?q=' + 'x'.repeat(5000)), 400, 'VALIDATION_FAILED');
  });

  it('an oversized JSON body (> 1 MiB) → 400/413 with the problem shape', async () => {
    const big = JSON.stringify({ ...registration(), padding: 'x'.repeat(1024 * 1024 + 10) });
    expectProblem(await raw(new Client(sys.app), 'POST', '/auth/register', big), [400, 413]);
    const big2 = JSON.stringify({ campaignId: crypto.randomUUID(), industryAuthority: 'x'.repeat(1_100_000), items: [], sites: [] });
    expectProblem(await raw(applicant, 'POST', '/applications', big2), [400, 413]);
  });

  const nul: [string, (c: Client) => Promise<LightMyRequestResponse>][] = [
    ['POST /auth/login {username:"ad\\u0000min"}', (c) => c.post('/auth/login', { username: 'ad\u0000min', password: 'Wrong#Pass1x' })],
    ['POST /auth/register {organization.name:"…\\u0000…"}', (c) => c.post('/auth/register', registration({ organization: { name: '某\u0000公司' } }))],
    ['GET /public/organizations?q=%00abc', (c) => c.get('/public/organizations?q=%00abc')],
    ['POST /users {displayName:"a\\u0000b"} (admin)', () => j.admin.post('/users', { username: 'nul_staff', password: DEFAULT_PASSWORD, role: 'center', displayName: 'a\u0000b' })],
    ['POST /campaigns {docNumber:"X\\u0000"} (admin)', () => j.admin.post('/campaigns', { docNumber: 'X\u0000', title: '测试批次', opensAt: '2025-01-01T00:00:00+08:00', closesAt: '2025-02-01T00:00:00+08:00' })],
    ['GET /audit?entityId=%00 (admin)', () => j.admin.get('/audit?entityId=%00')],
  ];
  for (const [what, send] of nul) {
    it(`a NUL character is refused with 400, not a 500: ${what}`, async () => {
      const res = await send(new Client(sys.app));
      expect(res.statusCode, res.body).toBeLessThan(500);
      expectProblem(res, [400, 401]);
    });
  }

  it('unknown query parameters are refused on every route (GET /campaigns?bogus=1)', async () => {
    expectProblem(await new Client(sys.app).get('/campaigns?bogus=1'), 400, 'VALIDATION_FAILED');
  });
  it('unknown body fields are refused on a body-less command (POST /auth/logout {bogus:1})', async () => {
    const { client } = await j.registerOrg({ username: 'bodyless', name: '无请求体公司', uscc: freshUscc() });
    expectProblem(await client.post('/auth/logout', { bogus: 1 }), 400, 'VALIDATION_FAILED');
  });
});

// =============================================================================================
describe('SEC-17 answers and headers', () => {
  it('errors are application/problem+json {type, title, status, detail, code}', async () => {
    const anon = new Client(sys.app);
    expectProblem(await anon.get('/applications'), 401, 'UNAUTHENTICATED');
    expectProblem(await anon.get('/no/such/route'), 404, 'NOT_FOUND');
    expectProblem(await anon.post('/auth/login', {}), 400, 'VALIDATION_FAILED');
    const { client } = await j.registerOrg({ username: 'problem_shape', name: '错误格式公司', uscc: freshUscc() });
    expectProblem(await client.get('/users'), 403, 'FORBIDDEN');
    expectProblem(await client.get(`/applications/${crypto.randomUUID()}`), 404, 'NOT_FOUND');
  });

  it('authenticated answers carry Cache-Control: no-store', async () => {
    const { client } = await j.registerOrg({ username: 'no_store', name: '不缓存公司', uscc: freshUscc() });
    for (const url of ['/auth/me', '/applications', '/campaigns']) {
      const res = await client.get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control'], url).toMatch(/no-store/);
    }
  });

  it('the login answer, which carries the session and the CSRF token, is not cacheable', async () => {
    const { client } = await j.registerOrg({ username: 'no_store_login', name: '登录不缓存公司', uscc: freshUscc() });
    expect(client.csrf).toBeTruthy();
    const login = await new Client(sys.app).post('/auth/login', { username: 'no_store_login', password: DEFAULT_PASSWORD });
    expect(login.statusCode).toBe(200);
    expect(login.headers['cache-control']).toMatch(/no-store/);
  });

  it('security headers: CSP with frame-ancestors none, nosniff, a referrer policy', async () => {
    for (const url of ['/api/v1/campaigns', '/api/v1/applications', '/health', '/api/v1/no-such-thing']) {
      const res = await new Client(sys.app).get(url);
      expect(res.headers['content-security-policy'], url).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['content-security-policy'], url).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBeTruthy();
      expect(res.headers['x-powered-by'], url).toBeUndefined();
    }
  });
});
