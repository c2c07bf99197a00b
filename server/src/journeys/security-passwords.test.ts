import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD, Journey, expectStatus } from '../bootstrap/journey.js';
import { AccountsService } from '../modules/accounts/accounts.service.js';
import { SessionStore } from '../platform/auth/sessions.js';
import { Client, createTestSystem } from '../test-support/harness.js';
import { ADMIN_PASSWORD, counter, expectProblem, freshUscc, registration, securitySystem } from './security-support.js';

/**
 * Passwords and the first admin — security.md SEC-01 (policy, a change at first login), SEC-02
 * (lock-out, throttling), SEC-06 (the first admin) — through the HTTP API on real PostgreSQL.
 */

const { sys, routes } = await securitySystem();
let j: Journey;

afterAll(async () => sys?.close());
beforeAll(async () => {
  j = new Journey(sys.app);
  await j.loginAdmin(ADMIN_PASSWORD);
});

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
      const body = registration({ username: `reg_${what.length}_${counter.seq}` });
      body.password = pw(body.username);
      const res = await new Client(sys.app).post('/auth/register', body);
      const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(problem.detail).toMatch(message);
      // nothing was kept: the same username and USCC register with a good password
      expectStatus(await new Client(sys.app).post('/auth/register', { ...body, password: DEFAULT_PASSWORD }), 201, 'retry with a good password');
    });

    it(`an admin-created account refuses a password ${what}`, async () => {
      const username = `staff_${what.length}_${counter.seq++}`;
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
      const url = r.url.replace(/:(\w+)/g, (_m, p: string) =>
        p === 'receiptNo' ? 'SHPJ-2024-000001' : p === 'date' ? '2025-01-02' : p === 'year' ? '2025' : crypto.randomUUID(),
      );
      const res = await pending.request(r.method, url, r.method === 'GET' ? undefined : { not: 'checked' });
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
    const users = (await j.admin.get('/users?pageSize=200')).json().items as { id: string; locked: boolean }[];
    expect(users.find((u) => u.id === userId)?.locked).toBe(true);
    // the list pages on the server, by username; filtered by role, searched by any part of the name
    const pending = (await j.admin.get('/users?q=PENDING&pageSize=1')).json();
    expect(pending.total).toBe(2);
    expect(pending.items.map((u: { username: string }) => u.username)).toEqual(['pending1']);
    expect((await j.admin.get('/users?q=pending&pageSize=1&page=2')).json().items[0].username).toBe('pending2');
    expect((await j.admin.get('/users?q=pending&role=bureau')).json()).toMatchObject({ total: 1, items: [{ username: 'pending2' }] });
    expect((await j.admin.get('/users?q=%25')).json().total).toBe(0); // a % is a character, not a wildcard

    // unlock is admin-only
    const { client: other } = await j.registerOrg({ username: 'not_admin', name: '另一公司', uscc: freshUscc() });
    expectProblem(await other.post(`/users/${userId}/unlock`), 403, 'FORBIDDEN');
    expect((await j.admin.post(`/users/${userId}/unlock`)).statusCode).toBe(204);
    expect((await anon.login('lockme', DEFAULT_PASSWORD)).statusCode).toBe(200);
  });

  it('concurrent guesses do not get past the lock: at most 5 are evaluated, then the right password is refused', async () => {
    const { userId } = await j.registerOrg({ username: 'lock_race', name: '并发锁定公司', uscc: freshUscc() });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => new Client(sys.app).post('/auth/login', { username: 'lock_race', password: `Wrong#Pass${i}x` })),
    );
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
    await sys.database.db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('id', '=', userId)
      .execute();
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
