import crypto from 'node:crypto';
import { sql } from 'kysely';
import { expectStatus } from '../bootstrap/journey.js';
import type { Client, TestSystem } from '../test-support/harness.js';
import type { LiveRoute } from './security-support.js';

/**
 * What separation-of-duties.test.ts probes the auditor with: the routes it may call, a path and a
 * plausible body for every other one, and what must not have changed after every refusal.
 */

export const API = '/api/v1';
export const UNSAFE = ['POST', 'PUT', 'PATCH', 'DELETE'];
export const keyOf = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
export const allows = (r: LiveRoute, role: string) => Array.isArray(r.auth) && (r.auth as string[]).includes(role);

/** What the auditor may call: its own session, password, second factor and inbox, and the two reads of the log. */
export const AUDITOR_ROUTES = [
  `POST ${API}/auth/logout`,
  `GET ${API}/auth/me`,
  `POST ${API}/auth/password`,
  `POST ${API}/auth/totp/enroll`,
  `POST ${API}/auth/totp/confirm`,
  `GET ${API}/inbox`,
  `POST ${API}/inbox/:id/read`,
  `POST ${API}/inbox/read-all`,
  `GET ${API}/audit`,
  `GET ${API}/audit/verify`,
  `GET ${API}/work-counts`, // its own unread messages (the menu's count); no list of cases
];

/** The fixture's ids the routes are called with. */
export interface Targets {
  caseId: string;
  itemId: string;
  material: string;
  campaignId: string;
  lockedUserId: string;
}

/** The route's path with its parameters filled from the fixture (an unknown id where none fits). */
export function concrete(t: Targets, url: string): string {
  const segs = url.split('/');
  return segs
    .map((s, i) => {
      if (!s.startsWith(':')) return s;
      switch (`${segs[i - 1]}/${s}`) {
        case 'applications/:id':
          return t.caseId;
        case 'application-items/:id':
          return t.itemId;
        case 'materials/:materialId':
          return t.material;
        case 'campaigns/:id':
          return t.campaignId;
        case 'users/:id':
          return t.lockedUserId;
        case 'filings/:receiptNo':
          return 'SHPJ-2024-000001';
        case 'days/:date':
          return '2025-01-02';
        case 'years/:year':
          return '2025';
        case 'national-batches/:id.xlsx':
          return `${crypto.randomUUID()}.xlsx`;
        default:
          return crypto.randomUUID();
      }
    })
    .join('/');
}

/** A body the route's own role would have had accepted, where that matters (else an empty one): the refusal is about the caller. */
export const BODIES: Record<string, unknown> = {
  [`POST ${API}/users`]: { username: 'made_by_auditor', password: 'Temp#Strong2024x', role: 'auditor', displayName: '第二审计员' },
  [`POST ${API}/campaigns`]: {
    docNumber: '沪人社职〔2025〕1号',
    title: '审计员不能建立的批次',
    opensAt: '2025-03-01T00:00:00+08:00',
    closesAt: '2025-03-15T00:00:00+08:00',
  },
  [`PUT ${API}/calendar/days/:date`]: { type: 'holiday', name: '审计员不能设的假日' },
  [`PUT ${API}/system/clock`]: { now: '2025-06-01T10:00:00+08:00' },
  [`POST ${API}/applications/:id/acceptance`]: { decision: 'return', reason: '审计员不能退回' },
  [`POST ${API}/applications/:id/institution-evaluation`]: { result: 'fail', summary: '审计员不能评估' },
  [`POST ${API}/application-items/:id/project-evaluation`]: { result: 'fail', summary: '审计员不能评估' },
  [`POST ${API}/application-items/:id/approval`]: { decision: 'reject', comment: '审计员不能审批' },
  [`POST ${API}/applications/:id/expert-reviews`]: { conflictOfInterest: false, score: 10, opinion: '审计员不能评审', recommendation: 'fail' },
  [`POST ${API}/applications/:id/recommendations`]: { decision: 'decline', comment: '审计员不能推荐' },
  [`POST ${API}/filings/:receiptNo/revoke`]: { reason: '审计员不能撤销' },
};

/** Row counts of every table of the application's schema. */
export async function rowCounts(sys: TestSystem): Promise<Record<string, number>> {
  const db = sys.ctx.db;
  const tables = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`.execute(db);
  const out: Record<string, number> = {};
  for (const { name } of tables.rows) {
    out[name] = Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(name)}`.execute(db)).rows[0]!.n);
  }
  return out;
}

/** What the auditor would have changed had a refusal let it through: the case, the accounts, the clock, the calendar, the campaigns. */
export async function snapshot(sys: TestSystem, who: { center: Client; admin: Client }, caseId: string) {
  const read = async (c: Client, url: string) => {
    const res = await c.get(url);
    expectStatus(res, 200, url);
    return res.json();
  };
  return {
    case: await read(who.center, `/applications/${caseId}`),
    users: await read(who.admin, '/users'),
    clock: await read(who.admin, '/system/clock'),
    calendar: await read(who.admin, '/calendar/days?year=2025').catch(() => null),
    campaigns: await read(who.admin, '/campaigns'),
    lastAudit: (await sys.ctx.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst()) ?? null,
  };
}
