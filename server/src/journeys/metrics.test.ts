import { afterAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Client } from '../bootstrap/inject-client.js';

/** Monitoring (docs/operations.md): Prometheus metrics, protected by a token in production. */
describe('/metrics', () => {
  const systems: TestSystem[] = [];
  afterAll(async () => {
    for (const s of systems) await s.close();
  });

  it('exposes request counts and latencies by route, the pool and the process', async () => {
    const sys = await createTestSystem();
    systems.push(sys);
    const c = new Client(sys.app);
    await c.get('/campaigns');
    const res = await c.get('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('http_requests_total{method="GET",route="/api/v1/campaigns",status="200"} 1');
    expect(res.body).toContain('http_request_duration_seconds_bucket');
    expect(res.body).toContain('db_pool_total');
    expect(res.body).toContain('process_resident_memory_bytes');
  });

  it('needs the bearer token when one is configured', async () => {
    const sys = await createTestSystem({ env: { METRICS_TOKEN: 'a-long-metrics-token-0123' } });
    systems.push(sys);
    const c = new Client(sys.app);
    expect((await c.get('/metrics')).statusCode).toBe(401);
    expect((await c.request('GET', '/metrics', undefined, { authorization: 'Bearer a-long-metrics-token-0123' })).statusCode).toBe(200);
  });
});
