import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD, Journey } from '../bootstrap/journey.js';
import { Client } from '../test-support/harness.js';
import { ADMIN_PASSWORD, expectProblem, freshUscc, raw, registration, securitySystem } from './security-support.js';

/**
 * Strict input and answers — security.md SEC-16 (strict schemas: unknown fields, prototype keys,
 * oversize and malformed bodies, NUL characters), SEC-17 (problem+json, no-store, security headers) —
 * through the HTTP API on real PostgreSQL.
 */

const { sys } = await securitySystem();
let j: Journey;

afterAll(async () => sys?.close());
beforeAll(async () => {
  j = new Journey(sys.app);
  await j.loginAdmin(ADMIN_PASSWORD);
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
    expectProblem(
      await applicant.post('/applications', { campaignId: crypto.randomUUID(), industryAuthority: 'x', items: [], sites: [], status: 'submitted' }),
      400,
      'VALIDATION_FAILED',
    );
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
      [
        'too many sites',
        {
          campaignId: campaign.id,
          industryAuthority: 'A局',
          items: [],
          sites: Array.from({ length: 51 }, () => ({ name: 'n', address: 'a', district: '310115' })),
        },
      ],
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
    [
      'POST /users {displayName:"a\\u0000b"} (admin)',
      () => j.admin.post('/users', { username: 'nul_staff', password: DEFAULT_PASSWORD, role: 'center', displayName: 'a\u0000b' }),
    ],
    [
      'POST /campaigns {docNumber:"X\\u0000"} (admin)',
      () =>
        j.admin.post('/campaigns', { docNumber: 'X\u0000', title: '测试批次', opensAt: '2025-01-01T00:00:00+08:00', closesAt: '2025-02-01T00:00:00+08:00' }),
    ],
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
