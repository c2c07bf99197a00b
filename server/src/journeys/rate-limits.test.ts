import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Client } from '../bootstrap/inject-client.js';

/** api-v1: objections 10/min and registrations 20/h per IP by default, configurable; beyond → 429 RATE_LIMITED. */
describe('public rate limits', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await createTestSystem({ env: { RATE_OBJECTION_PER_MIN: '3', RATE_REGISTER_PER_HOUR: '2' } });
  });
  afterAll(async () => sys?.close());

  it('objections beyond the limit are refused with the problem shape, whatever they contain', async () => {
    const anon = new Client(sys.app);
    const url = '/public/publicities/00000000-0000-4000-8000-000000000000/objections';
    const body = { applicationItemId: '00000000-0000-4000-8000-000000000001', name: '某人', phone: '13800000000', content: '异议内容测试' };
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await anon.post(url, body)).statusCode);
    expect(codes).toEqual([404, 404, 404, 429]);
    const r = await anon.post(url, body);
    expect(r.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(r.headers['content-type']).toContain('application/problem+json');
  });

  it('registrations beyond the hourly limit are refused', async () => {
    const anon = new Client(sys.app);
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await anon.post('/auth/register', { username: `u${i}xx`, password: 'x' })).statusCode);
    expect(codes).toEqual([400, 400, 429]);
  });
});
