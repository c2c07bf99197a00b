import crypto from 'node:crypto';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD, Journey, expectStatus } from '../bootstrap/journey.js';
import { tokenHash } from '../platform/auth/tokens.js';
import { Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { ADMIN_PASSWORD, expectProblem, freshUscc, registration, securitySystem, sidOf } from './security-support.js';

/**
 * Sessions — security.md SEC-03 (idle and absolute ends, logout), SEC-05 (cookie flags, rotation,
 * fixation, CSRF), SEC-04 (second factor) — through the HTTP API on real PostgreSQL.
 */

const { sys } = await securitySystem();
let j: Journey;

afterAll(async () => sys?.close());
beforeAll(async () => {
  j = new Journey(sys.app);
  await j.loginAdmin(ADMIN_PASSWORD);
});

// =============================================================================================
describe('SEC-03 sessions end', () => {
  const idle = (c: Client, minutes: number) =>
    sys.database.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - minutes * 60_000) })
      .where('id_hash', '=', tokenHash(sidOf(c)))
      .execute();

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
    const rows = await sys.database.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('id_hash', '=', tokenHash(old!.replace(/^sid=/, '')))
      .execute();
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
    const row = await sys.database.db
      .selectFrom('sessions')
      .selectAll()
      .where('id_hash', '=', tokenHash(sidOf(client)))
      .executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(12 * 60 * 60_000);
    await sys.database.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(), expires_at: new Date(Date.now() - 1000) })
      .where('id_hash', '=', row.id_hash)
      .execute();
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
    for (const [method, url] of [
      ['POST', '/applications'],
      ['PATCH', `/applications/${crypto.randomUUID()}`],
      ['DELETE', `/applications/${crypto.randomUUID()}/materials/${crypto.randomUUID()}`],
      ['POST', '/auth/logout'],
      ['POST', '/auth/password'],
    ] as const) {
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
    expectProblem(
      await new Client(sys.app).post('/auth/login/totp', { challenge: crypto.randomBytes(32).toString('base64url'), code: fresh }),
      401,
      'UNAUTHENTICATED',
    );
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
    const rows = await sys.database.db
      .selectFrom('audit_log')
      .select(['action', 'result'])
      .where('action', '=', 'auth.totp')
      .where('result', '=', 'refused')
      .where('entity_id', '=', id)
      .execute();
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
