import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../bootstrap/inject-client.js';
import { Journey, applyAndSubmit, makeCast } from '../bootstrap/journey.js';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { withRouteTable } from '../test-support/route-table.js';

/**
 * A fuzzer over every route of the live route table: malformed and hostile bodies, query strings,
 * path parameters and multipart, as anonymous and as signed-in roles. Nothing may answer 5xx, and
 * nothing may be stored: every business table keeps its row count.
 */
const routes: { method: string; url: string }[] = [];

// a tiny deterministic generator, so a failure can be replayed
let seed = 20240823;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const HOSTILE_STRINGS = [
  '',
  ' ',
  'a'.repeat(100_000),
  "' OR 1=1 --",
  '"; DROP TABLE applications; --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '%00',
  '\u202e\u0645',
  '😀'.repeat(50),
  '{{7*7}}',
  '${jndi:ldap://x}',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '00000000-0000-0000-0000-000000000000',
  '2024-02-30',
  '2024-08-29T00:00:00',
  '9'.repeat(400),
  '\\',
  '\n\r\t',
  'Ａ'.repeat(300),
];
const hostileValue = (depth = 0): unknown => {
  const r = rnd();
  if (depth > 3 || r < 0.45) return pick(HOSTILE_STRINGS);
  if (r < 0.55) return pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), Number.MAX_SAFE_INTEGER]);
  if (r < 0.6) return pick([true, false, null]);
  if (r < 0.8) return Array.from({ length: Math.floor(rnd() * 4) }, () => hostileValue(depth + 1));
  return hostileObject(depth + 1);
};
const FIELD_NAMES = [
  'username',
  'password',
  'organization',
  'uscc',
  'campaignId',
  'items',
  'sites',
  'levels',
  'itemId',
  'decision',
  'comment',
  'reason',
  'result',
  'summary',
  'siteId',
  'expertUserIds',
  'now',
  'title',
  'applicationItemIds',
  'name',
  'phone',
  'content',
  'type',
  'days',
  'closesAt',
  'opensAt',
  'version',
  'idempotencyKey',
  'code',
  'challenge',
  'role',
  'district',
  'constructor',
  'prototype',
];
function hostileObject(depth = 0): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(rnd() * 6); i >= 0; i--) o[pick(FIELD_NAMES)] = hostileValue(depth);
  return o;
}
function hostileBody(): { payload: string | Buffer; type: string } {
  const r = rnd();
  if (r < 0.5) return { payload: JSON.stringify(hostileObject()), type: 'application/json' };
  if (r < 0.6) return { payload: '{"a":', type: 'application/json' };
  if (r < 0.65) return { payload: '{"__proto__":{"admin":true}}', type: 'application/json' };
  if (r < 0.7) return { payload: JSON.stringify(pick([[], 'text', 42, null])), type: 'application/json' };
  if (r < 0.8) return { payload: crypto.randomBytes(200), type: pick(['application/octet-stream', 'text/plain', 'application/xml']) };
  const b = 'xXx';
  const parts = [
    `--${b}\r\nContent-Disposition: form-data; name="${pick(['kind', 'itemId', 'file', '../x'])}"; filename="${pick(HOSTILE_STRINGS).slice(0, 200)}"\r\n\r\n`,
    pick(['%PDF-1.4\n', 'GIF89a', '']),
    crypto.randomBytes(64).toString('latin1'),
  ];
  if (rnd() < 0.5) parts.push(`\r\n--${b}--\r\n`); // sometimes a truncated multipart
  return { payload: Buffer.from(parts.join(''), 'latin1'), type: `multipart/form-data; boundary=${b}` };
}
function hostileQuery(): string {
  if (rnd() < 0.3) return '';
  const p = new URLSearchParams();
  for (let i = Math.floor(rnd() * 4); i >= 0; i--)
    p.set(
      pick(['q', 'page', 'pageSize', 'status', 'from', 'count', 'itemSeq', 'level', 'district', 'year', 'campaignId', 'x']),
      String(pick(HOSTILE_STRINGS)).slice(0, 2000),
    );
  return `?${p}`;
}

let sys: TestSystem;
const clients: Record<string, Client> = {};
const ids: Record<string, string[]> = {};
const BUSINESS_TABLES = [
  'organizations',
  'users',
  'campaigns',
  'applications',
  'application_items',
  'sites',
  'materials',
  'recommendations',
  'expert_assignments',
  'expert_reviews',
  'site_inspections',
  'publicities',
  'objections',
  'filings',
  'calendar_days',
  'calendar_years',
];

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of BUSINESS_TABLES) out[t] = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(sys.database.db)).rows[0]!.n);
  return out;
}

describe('fuzzing every route', () => {
  beforeAll(async () => {
    const table = await withRouteTable(() => createTestSystem({ now: '2024-08-26T10:00:00+08:00' }));
    sys = table.built;
    for (const r of table.routes)
      for (const m of Array.isArray(r.method) ? r.method : [r.method]) if (m !== 'HEAD') routes.push({ method: String(m), url: r.url });
    const j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    const cast = await makeCast(j, { districts: ['310115'] });
    const org = await j.registerOrg({ username: 'fuzz_org', name: '上海模糊测试有限公司', uscc: '91310115MA1H000011' });
    const app = await applyAndSubmit(j, cast, org.client, await j.campaign2024(), [33], ['310115'], { submit: false });
    clients.anonymous = new Client(sys.app);
    clients.admin = j.admin;
    clients.center = cast.center;
    clients.applicant = org.client;
    const mats = (await org.client.get(`/applications/${app.id}`)).json().materials as { id: string }[];
    ids.id = [app.id, app.items[0]!.id, crypto.randomUUID(), 'not-a-uuid', '../../etc'];
    ids.materialId = [mats[0]!.id, crypto.randomUUID(), '%00'];
    ids.receiptNo = ['SHPB-2024-00001', 'x', "'; --"];
    ids.date = ['2024-10-01', '2024-02-30', 'yesterday'];
    ids.year = ['2024', '2027', '-1', 'abc'];
  }, 60_000);
  afterAll(async () => sys?.close());

  it('never answers 5xx and stores nothing, over every route × role × hostile input', async () => {
    expect(routes.length).toBeGreaterThan(40);
    const before = await counts();
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes) {
      for (const who of Object.keys(clients)) {
        for (let n = 0; n < 6; n++) {
          const url = route.url.replace(/:(\w+)/g, (_, p: string) => encodeURIComponent(pick(ids[p] ?? ['x'])));
          const c = clients[who]!;
          const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : hostileBody();
          const res = await sys.app.inject({
            method: route.method as 'GET',
            url: `${url}${hostileQuery()}`,
            headers: {
              ...(c.cookie ? { cookie: c.cookie } : {}),
              ...(c.csrf ? { 'x-csrf-token': c.csrf } : {}),
              ...(body ? { 'content-type': body.type } : {}),
            },
            ...(body ? { payload: body.payload } : {}),
          });
          sent++;
          if (res.statusCode >= 500) failures.push(`${route.method} ${url} as ${who} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
    }
    expect(failures, failures.slice(0, 5).join('\n')).toEqual([]);
    expect(await counts()).toEqual(before);
    expect(sent).toBeGreaterThan(1000);
    expect((await clients.admin!.get('/audit/verify')).json().valid).toBe(true);
  }, 120_000);
});
