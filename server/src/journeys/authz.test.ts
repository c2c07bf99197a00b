import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../contract/enums.js';
import { expectStatus } from '../bootstrap/journey.js';
import { Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { withRouteTable } from '../test-support/route-table.js';
import { call, castAuthz, concrete as concreteUrl, emptyCast, expectProblem, type Who } from './authz-cast.js';
import { POLICY, type Auth } from './authz-policy.js';

/**
 * SEC-07: an authorisation test generated from the live route table — route × role × in/out of scope.
 *
 * The route table is read from the app itself (test-support/route-table.ts): Fastify publishes every new instance on the
 * `fastify.initialization` diagnostics channel before any plugin or route is registered, so an
 * `onRoute` hook added there sees every route with its `config.auth` and `config.scope` — no
 * change to the source. The matrix below is generated from those routes, and a literal policy
 * table (the access rules of api-v1.md, in ./authz-policy.ts) must match them row for row: a new route without a row,
 * or a row whose roles drift, fails the test.
 */

interface LiveRoute {
  method: string;
  url: string;
  auth: Auth | undefined;
  scoped: boolean;
  schema: { body: boolean; querystring: boolean; params: boolean; multipart: boolean };
}

const table = await withRouteTable(() => createTestSystem({ now: '2024-08-26T10:00:00+08:00' }));
const sys: TestSystem = table.built;
const live: LiveRoute[] = table.routes.flatMap((r) => {
  const schema = (r.schema ?? {}) as { body?: unknown; querystring?: unknown; params?: unknown; consumes?: string[] };
  return (Array.isArray(r.method) ? r.method : [r.method]).map((method) => ({
    method: String(method).toUpperCase(),
    url: r.url,
    auth: r.config?.auth,
    scoped: typeof r.config?.scope === 'function',
    schema: { body: !!schema.body, querystring: !!schema.querystring, params: !!schema.params, multipart: !!schema.consumes?.includes('multipart/form-data') },
  }));
});

// The policy table (who may call what, which /:id routes check scope) is in ./authz-policy.ts.
const routes = live.filter((r) => r.method !== 'HEAD');
const headRoutes = live.filter((r) => r.method === 'HEAD');
const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const authOf = (a: Auth | undefined) => (a === undefined ? 'undefined' : a === 'public' ? 'public' : [...a].sort().join(','));
const isAllowed = (r: LiveRoute, role: Role) => r.auth !== undefined && r.auth !== 'public' && r.auth.includes(role);

// The cast (one application in scope of exactly one of each scoped role, one of each out of it) is in ./authz-cast.ts.
const cast = emptyCast();
const { inScope, outOfScope, ids } = cast;
const concrete = (url: string, opts?: { missing?: boolean; malformed?: boolean }) => concreteUrl(ids, url, opts);
const anonymous = () => new Client(sys.app);

beforeAll(() => castAuthz(sys, cast), 60_000);
afterAll(async () => sys?.close());

// ---------------------------------------------------------------------------------------------
describe('the route table', () => {
  it('was captured from the app (and agrees with printRoutes)', () => {
    expect(routes.length).toBeGreaterThan(40);
    // printRoutes draws a tree; rebuild the full paths from it and compare.
    const printed = new Set<string>();
    const stack: string[] = [];
    for (const line of sys.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const m = /^(.*?)(?:├── |└── )(\S+)(?: \(([^)]*)\))?$/.exec(line);
      if (!m) continue;
      const depth = [...m[1]!].length / 4;
      const path = (depth > 0 ? stack[depth - 1]! : '') + m[2]!;
      stack[depth] = path;
      stack.length = depth + 1;
      for (const method of (m[3] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean))
        printed.add(`${method} ${path}`);
    }
    expect([...printed].sort()).toEqual([...new Set(live.map(keyOf))].sort());
  });

  it('every route declares its access rule (config.auth)', () => {
    expect(routes.filter((r) => r.auth === undefined).map(keyOf)).toEqual([]);
  });

  it('every registered route has a row in the policy table, with the same roles and scope check', () => {
    const drift = routes.flatMap((r) => {
      const row = POLICY[keyOf(r)];
      if (!row) return [`${keyOf(r)}: no row in POLICY (auth ${authOf(r.auth)}, scoped ${r.scoped}) — add it`];
      const out: string[] = [];
      if (row.missing) out.push(`${keyOf(r)}: now registered — remove its 'missing' note`);
      if (authOf(row.auth) !== authOf(r.auth)) out.push(`${keyOf(r)}: roles ${authOf(r.auth)}, policy says ${authOf(row.auth)}`);
      if (!!row.scope !== r.scoped) out.push(`${keyOf(r)}: scope check ${r.scoped ? 'present' : 'absent'}, policy says ${row.scope ? 'present' : 'absent'}`);
      return out;
    });
    expect(drift).toEqual([]);
  });

  it('HEAD routes carry the access rule of their GET', () => {
    for (const h of headRoutes) {
      const g = routes.find((r) => r.method === 'GET' && r.url === h.url);
      expect(authOf(h.auth), keyOf(h)).toBe(authOf(g?.auth));
      expect(h.scoped, keyOf(h)).toBe(g?.scoped);
    }
  });

  it('every /:id route of applications, items and materials checks object scope (SEC-07)', () => {
    const unscoped = routes.filter((r) => /\/(applications|application-items)\/:id/.test(r.url) && r.auth !== 'public' && !r.scoped);
    expect(unscoped.map(keyOf)).toEqual([]);
  });

  it('every route of api-v1.md is registered', () => {
    const missing = Object.entries(POLICY)
      .filter(([k]) => !routes.some((r) => keyOf(r) === k))
      .map(([k, row]) => `${k} (${row.missing ?? 'no note'})`);
    expect(missing).toEqual([]);
  });

  it('every route with path parameters validates them with a schema (SEC-16)', () => {
    expect(routes.filter((r) => r.url.includes('/:') && !r.schema.params).map(keyOf)).toEqual([]);
  });

  it('every state-changing route validates its body with a schema (SEC-16)', () => {
    const loose = routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.schema.body && !r.schema.multipart && r.method !== 'DELETE');
    expect(loose.map(keyOf)).toEqual([]);
  });

  // SEC-16: a GET route without a querystring schema accepts no query parameters at all (one global
  // rule in auth-hooks.ts); proven on every public one here, the authenticated ones share the hook.
  it('every public GET route without a query schema refuses unknown query parameters (SEC-16)', async () => {
    const loose = routes.filter(
      (r) => r.method === 'GET' && r.auth === 'public' && !r.schema.querystring && !r.url.endsWith('/health') && !r.url.endsWith('/openapi.json'),
    );
    expect(loose.length).toBeGreaterThan(0);
    for (const r of loose) {
      const res = await call(anonymous(), 'GET', `${concrete(r.url)}?bogus=1`);
      expect(res.statusCode, keyOf(r)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The matrix, generated from the live routes.
// ---------------------------------------------------------------------------------------------
const WHO: Who[] = ['anonymous', ...ROLES];
const SCOPED_OUT: Role[] = ['applicant', 'industry_authority', 'district_hr', 'expert'];

describe.each(routes.map((r) => [keyOf(r), r] as const))('%s', (_name, route) => {
  if (route.auth === 'public') {
    it('is open to anonymous callers (never 401/403, never 5xx, even with an invalid body)', async () => {
      const res = await call(anonymous(), route.method, concrete(route.url));
      expect([401, 403]).not.toContain(res.statusCode);
      expect(res.statusCode, res.body).toBeLessThan(500);
    });
    return;
  }

  for (const who of WHO) {
    if (who === 'anonymous') {
      it('anonymous → 401 UNAUTHENTICATED (whatever it sent)', async () => {
        expectProblem(await call(anonymous(), route.method, concrete(route.url)), 401, 'UNAUTHENTICATED');
        expectProblem(await call(anonymous(), route.method, concrete(route.url, { malformed: true })), 401, 'UNAUTHENTICATED');
        const expired = anonymous();
        expired.cookie = 'sid=stale-or-forged-session-token';
        expectProblem(await call(expired, route.method, concrete(route.url)), 401, 'UNAUTHENTICATED');
      });
      continue;
    }
    if (!isAllowed(route, who)) {
      it(`${who} → 403 FORBIDDEN (authorisation before validation)`, async () => {
        expectProblem(await call(inScope[who], route.method, concrete(route.url)), 403, 'FORBIDDEN');
        expectProblem(await call(inScope[who], route.method, concrete(route.url, { malformed: true })), 403, 'FORBIDDEN');
        const other = outOfScope[who];
        if (other) expectProblem(await call(other, route.method, concrete(route.url)), 403, 'FORBIDDEN');
      });
      continue;
    }
    if (route.scoped) {
      const other = SCOPED_OUT.includes(who) ? who : undefined;
      if (other) {
        it(`${who} out of scope → 404 NOT_FOUND, as for an id that does not exist (scope before validation)`, async () => {
          const res = await call(outOfScope[other]!, route.method, concrete(route.url));
          expectProblem(res, 404, 'NOT_FOUND');
          // the answer does not tell an out-of-scope record from a nonexistent one
          const none = await call(outOfScope[other]!, route.method, concrete(route.url, { missing: true }));
          expectProblem(none, 404, 'NOT_FOUND');
        });
      }
      it(`${who} in scope, nonexistent id → 404 NOT_FOUND before the body is validated`, async () => {
        expectProblem(await call(inScope[who], route.method, concrete(route.url, { missing: true })), 404, 'NOT_FOUND');
      });
    }
  }
});

describe('HEAD requests are guarded like their GET (status only: a HEAD answer has no body)', () => {
  for (const h of headRoutes.filter((r) => r.auth !== 'public')) {
    it(`HEAD ${h.url}`, async () => {
      expect((await anonymous().request('HEAD', concrete(h.url))).statusCode).toBe(401);
      for (const role of ROLES) {
        const res = await inScope[role].request('HEAD', concrete(h.url));
        if (!isAllowed(h, role)) expect(res.statusCode, role).toBe(403);
        else if (h.scoped && SCOPED_OUT.includes(role)) expect((await outOfScope[role]!.request('HEAD', concrete(h.url))).statusCode, role).toBe(404);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
describe('object scope beyond the route guard (SEC-07)', () => {
  it('lists show each caller only what it may see', async () => {
    for (const who of SCOPED_OUT) {
      const list = (await outOfScope[who]!.get('/applications')).json();
      expect(
        list.items.map((a: { id: string }) => a.id),
        who,
      ).not.toContain(ids.application);
    }
    for (const who of ROLES) {
      if (who === 'auditor') continue; // reads the audit log only (SEC-08): /applications is 403 in the matrix
      const list = (await inScope[who].get('/applications')).json();
      expect(
        list.items.map((a: { id: string }) => a.id),
        who,
      ).toContain(ids.application);
    }
    expect((await inScope.expert.get('/applications')).json().total).toBe(1);
    expect((await outOfScope.expert!.get('/applications')).json().total).toBe(0);
  });

  it("a material of another organisation's application is not reachable through one's own application id", async () => {
    const b = outOfScope.applicant!;
    expectProblem(await b.get(`/applications/${ids.applicationB}/materials/${ids.material}`), 404, 'NOT_FOUND');
    expectProblem(await b.delete(`/applications/${ids.applicationB}/materials/${ids.material}`), 404, 'NOT_FOUND');
    const a = inScope.applicant;
    expectProblem(await a.get(`/applications/${ids.application}/materials/${ids.materialB}`), 404, 'NOT_FOUND');
    // still there
    expect((await a.get(`/applications/${ids.application}/materials/${ids.material}`)).statusCode).toBe(200);
    expect((await b.get(`/applications/${ids.applicationB}/materials/${ids.materialB}`)).statusCode).toBe(200);
  });

  it("another organisation's applicant cannot read a filing, by receipt number or in its list", async () => {
    const { center, bureau, expert } = inScope;
    const expertClients = [expert];
    for (const [n, id] of ids.experts.slice(1).entries()) {
      const c = new Client(sys.app);
      expectStatus(await c.login(`expert${n + 2}`, 'Shanghai#2024ok'), 200, `login expert ${id}`);
      expertClients.push(c);
    }
    for (const e of expertClients) {
      expectStatus(
        await e.post(`/applications/${ids.application}/expert-reviews`, { conflictOfInterest: false, score: 90, opinion: '符合', recommendation: 'pass' }),
        200,
        'review',
      );
    }
    const app = (await center.get(`/applications/${ids.application}`)).json();
    expectStatus(
      await center.post(`/applications/${ids.application}/site-inspections`, {
        siteId: app.sites[0].id,
        inspectedOn: '2024-09-03',
        inspectors: ['王五'],
        findings: '符合要求',
        result: 'pass',
      }),
      200,
      'inspection',
    );
    sys.clock.set(new Date('2024-09-04T10:00:00+08:00'));
    expectStatus(await center.post(`/applications/${ids.application}/institution-evaluation`, { result: 'pass', summary: '通过' }), 200, 'institution');
    expectStatus(await center.post(`/application-items/${ids.item}/project-evaluation`, { result: 'pass', summary: '通过' }), 200, 'project');
    expectStatus(await bureau.post(`/application-items/${ids.item}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approval');
    expectStatus(await center.post('/publicities', { title: '公示', applicationItemIds: [ids.item] }), 201, 'publicity');
    sys.clock.set(new Date('2024-10-15T10:00:00+08:00'));
    const filed = (await inScope.applicant.get(`/applications/${ids.application}`)).json();
    const receiptNo: string = filed.items[0].filing.receiptNo;
    expect(receiptNo).toBeTruthy();

    expect((await inScope.applicant.get(`/filings/${receiptNo}`)).statusCode).toBe(200);
    const foreign = await outOfScope.applicant!.get(`/filings/${receiptNo}`);
    expectProblem(foreign, 404, 'NOT_FOUND');
    const [prefix, year] = receiptNo.split('-');
    expectProblem(await outOfScope.applicant!.get(`/filings/${prefix}-${year}-99999999`), 404, 'NOT_FOUND');
    expect((await outOfScope.applicant!.get('/filings')).json().items).toEqual([]);
    expect((await inScope.applicant.get('/filings')).json().items.map((f: { receiptNo: string }) => f.receiptNo)).toEqual([receiptNo]);
    // the public verification is public by design
    expect((await anonymous().get(`/public/filings/${receiptNo}`)).statusCode).toBe(200);
  });
});
