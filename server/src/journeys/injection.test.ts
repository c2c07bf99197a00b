import type { RouteOptions } from 'fastify';
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, makeCast, type Cast } from '../bootstrap/journey.js';
import { Client } from '../bootstrap/inject-client.js';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { withRouteTable } from '../test-support/route-table.js';
import { usccCheckChar } from '../workflow/uscc.js';

const INJECTIONS = ["' OR '1'='1", "%' OR 1=1 --", "'); DROP TABLE organizations; --", '\\', '%', '_', '$1', '1; SELECT 1', '{"$ne":null}', '../../etc/passwd'];

/**
 * Injection strings in every search field: every query parameter of every GET route that accepts
 * free text (found by asking its own schema) gets each string, as a caller the route admits. The
 * answer is never a 5xx, a string that would match everything matches nothing, and nothing in the
 * database changed.
 */
describe('injection strings in every search field, generated from the route table', () => {
  let sys: TestSystem;
  let routes: RouteOptions[];
  let callers: Record<string, Client>;

  beforeAll(async () => {
    ({ built: sys, routes } = await withRouteTable(() => createTestSystem({ now: '2024-08-26T10:00:00+08:00' })));
    const j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    const cast: Cast = await makeCast(j, { districts: ['310115'] });
    const org = await j.registerOrg({ username: 'inj_org', name: '上海注入测试中心', uscc: '91310115MA1KJ0001' + usccCheckChar('91310115MA1KJ0001') });
    callers = {
      admin: j.admin,
      center: cast.center,
      bureau: cast.bureau,
      industry_authority: cast.industry,
      district_hr: cast.hr['310115']!,
      expert: cast.experts[0]!.client,
      applicant: org.client,
      public: new Client(sys.app),
    };
  });
  afterAll(async () => sys?.close());

  const searchable = () => {
    const out: { url: string; key: string; caller: string }[] = [];
    for (const r of routes) {
      const methods = Array.isArray(r.method) ? r.method : [r.method];
      if (!methods.includes('GET') || r.url.includes(':')) continue;
      const auth = (r.config as { auth?: 'public' | string[] } | undefined)?.auth;
      if (!auth) continue;
      const query = (r.schema as { querystring?: ZodType & { shape?: Record<string, ZodType> } } | undefined)?.querystring;
      const shape = query?.shape;
      if (!shape) continue;
      const caller =
        auth === 'public'
          ? 'public'
          : (['admin', 'center', 'bureau', 'applicant', 'industry_authority', 'district_hr', 'expert'].find((c) => auth.includes(c)) ?? '');
      for (const key of Object.keys(shape)) {
        // free text: the field's own schema accepts an arbitrary string
        if (shape[key]!.safeParse("abc' OR 1=1").success) out.push({ url: r.url, key, caller });
      }
    }
    return out;
  };

  it('finds the free-text search fields (directory name/USCC, audit entity, …)', () => {
    const fields = searchable().map((f) => `${f.url}?${f.key}`);
    expect(fields).toContain('/api/v1/public/organizations?q');
    expect(fields).toContain('/api/v1/audit?entityId');
  });

  it('answers each injection string as text: never a 5xx, nothing matched, nothing changed', async () => {
    const counts = async () =>
      (
        await sql<{
          t: string;
          n: string;
        }>`SELECT 'organizations' AS t, count(*)::text AS n FROM organizations UNION ALL SELECT 'applications', count(*)::text FROM applications UNION ALL SELECT 'users', count(*)::text FROM users UNION ALL SELECT 'campaigns', count(*)::text FROM campaigns`.execute(
          sys.database.db,
        )
      ).rows;
    const before = await counts();
    const problems: string[] = [];
    for (const f of searchable()) {
      for (const s of INJECTIONS) {
        const res = await callers[f.caller]!.get(`${f.url}?${f.key}=${encodeURIComponent(s)}`);
        if (res.statusCode >= 500 || ![200, 400, 404].includes(res.statusCode))
          problems.push(`${f.url}?${f.key}=${s} → ${res.statusCode} ${res.body.slice(0, 120)}`);
        if (res.statusCode === 200 && f.url.endsWith('/public/organizations')) expect(res.json().total, s).toBe(0);
      }
    }
    expect(problems).toEqual([]);
    expect(await counts()).toEqual(before);
  });
});
