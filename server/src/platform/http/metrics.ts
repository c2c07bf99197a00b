import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import type pg from 'pg';
import { safeEqual } from '../auth/tokens.js';

export interface Metrics {
  registry: client.Registry;
  deadlinesApplied: client.Counter;
}

/**
 * Prometheus metrics at `/metrics`: request counts and latencies by route and status, the database
 * pool, deadlines applied, and the process defaults (CPU, memory, event-loop lag, GC). In production
 * the endpoint needs `Authorization: Bearer $METRICS_TOKEN` and is off without a token.
 */
export function registerMetrics(app: FastifyInstance, opts: { pool?: pg.Pool; token?: string; production: boolean }): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const deadlinesApplied = new client.Counter({ name: 'deadlines_applied_total', help: 'statutory deadlines applied by the sweeper', registers: [registry] });
  if (opts.pool) {
    const pool = opts.pool;
    new client.Gauge({
      name: 'db_pool_total',
      help: 'connections in the pool',
      registers: [registry],
      collect() {
        this.set(pool.totalCount);
      },
    });
    new client.Gauge({
      name: 'db_pool_idle',
      help: 'idle connections',
      registers: [registry],
      collect() {
        this.set(pool.idleCount);
      },
    });
    new client.Gauge({
      name: 'db_pool_waiting',
      help: 'requests waiting for a connection',
      registers: [registry],
      collect() {
        this.set(pool.waitingCount);
      },
    });
  }
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
  const enabled = !opts.production || !!opts.token;
  if (enabled) {
    app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (req, reply) => {
      if (opts.token) {
        const given = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
        if (!safeEqual(given, opts.token))
          return reply
            .status(401)
            .header('www-authenticate', 'Bearer')
            .send({ status: 401, code: 'UNAUTHENTICATED', title: '请先登录', detail: '需要监控令牌。', type: 'urn:shsp:problem:unauthenticated' });
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  }
  return { registry, deadlinesApplied };
}
