import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Client } from '../bootstrap/inject-client.js';

/** NODE_ENV=production: HSTS, __Host- secure cookies, staff and admins on a second factor (SEC-04/05/12). */
describe('production mode', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await createTestSystem({ env: { NODE_ENV: 'production', DATA_ENCRYPTION_KEY: 'cd'.repeat(32) } });
  });
  afterAll(async () => sys?.close());

  it('sends HSTS of at least a year and a CSP without inline scripts', async () => {
    const res = await new Client(sys.app).get('/campaigns');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=(\d+)/);
    expect(Number(/max-age=(\d+)/.exec(String(res.headers['strict-transport-security']))![1])).toBeGreaterThanOrEqual(31_536_000);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(/script-src[^;]*'unsafe-inline'/.test(csp)).toBe(false);
  });

  it('uses a __Host- cookie that is Secure, HttpOnly, SameSite=Lax', async () => {
    const res = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Chief-Passw0rd!' } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-sid=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
  });

  it('requires administrators and staff to enrol a second factor before anything else', async () => {
    const res = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Chief-Passw0rd!' } });
    const sid = /__Host-sid=([^;]+)/.exec(String(res.headers['set-cookie']))![1];
    const users = await sys.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: `__Host-sid=${sid}` } });
    expect(users.statusCode).toBe(403);
    expect(users.json().code).toBe('MFA_ENROLMENT_REQUIRED');
    // applicants are not staff: registering and working needs no second factor
    const reg = await new Client(sys.app).post('/auth/register', {
      username: 'prod_org',
      password: 'Shanghai#2024ok',
      organization: {
        name: '上海生产模式测试公司',
        uscc: '91310115MA1H000011',
        legalForm: 'enterprise',
        district: '310115',
        address: '浦东',
        legalRepresentative: '张',
        contactName: '李',
        contactPhone: '13800138000',
        contactEmail: 'a@b.cn',
      },
    });
    expect(reg.statusCode).toBe(201);
  });

  it('treats injection strings in every search field as text', async () => {
    const anon = new Client(sys.app);
    for (const q of ["' OR '1'='1", "%' OR 1=1 --", '\\', '_', '%', "'); DROP TABLE organizations; --"]) {
      const res = await anon.get(`/public/organizations?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      expect(res.json().total, q).toBe(0);
    }
    expect((await anon.get('/campaigns')).json()).toHaveLength(1); // and nothing was dropped
  });
});
