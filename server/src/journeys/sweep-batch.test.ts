import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey } from '../bootstrap/journey.js';
import { Sweeper } from '../modules/deadlines/sweeper.js';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { usccCheckChar } from '../workflow/uscc.js';

const DUE = 120; // more than two of the sweeper's chunks of 50
const REVOKED = 3; // due, but revoked before the sweep: marked applied, never "expired"
const LATER = 5; // not due yet

/**
 * Filing expiries are applied set-wise (a chunk of them in a constant number of statements). The
 * result must equal one-by-one application exactly: every due filing expired once, history,
 * messages and audit entries one per filing, the chain valid — with two sweepers racing.
 */
describe('filing expiries in bulk', () => {
  let sys: TestSystem;
  let j: Journey;
  let org: Awaited<ReturnType<Journey['registerOrg']>>;

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-01-01T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    org = await j.registerOrg({ username: 'sweep_org', name: '批量到期测试培训中心', uscc: '91310115MA1K4TWP0' + usccCheckChar('91310115MA1K4TWP0') });
    const db = sys.database.db;
    const total = DUE + REVOKED + LATER;
    // one synthetic campaign per filing, so one organisation can hold them all (one item per application)
    await sql`
      WITH c AS (
        INSERT INTO campaigns (doc_number, title, opens_at, closes_at, rules)
        SELECT 'SWEEP-' || g, '批量到期', timestamptz '2020-01-01', timestamptz '2020-02-01', '{"publicityWorkingDays":5,"projectEvaluationMonths":3,"cooldownMonths":12,"filingValidityYears":3,"correctionWorkingDays":5,"minExpertReviews":3}'
        FROM generate_series(1, ${total}::int) g RETURNING id
      )
      INSERT INTO campaign_items (campaign_id, seq, name, occupation, work_type, kind, levels, occupation_code, official_name, aliases)
      SELECT c.id, 1, '测试项目', '测试项目', NULL, 'occupation', '{3}', NULL, '测试项目', '{}' FROM c`.execute(db);
    await sql`
      INSERT INTO applications (campaign_id, organization_id, status, industry_authority)
      SELECT ci.campaign_id, ${org.organizationId}::uuid, 'institution_passed', '测试'
      FROM campaign_items ci JOIN campaigns c ON c.id = ci.campaign_id AND c.doc_number LIKE 'SWEEP-%'`.execute(db);
    await sql`
      INSERT INTO application_items (application_id, campaign_item_id, levels, status, position)
      SELECT a.id, ci.id, '{3}', 'filed', 0 FROM applications a JOIN campaign_items ci ON ci.campaign_id = a.campaign_id
      JOIN campaigns c ON c.id = a.campaign_id AND c.doc_number LIKE 'SWEEP-%'`.execute(db);
    await sql`
      INSERT INTO filings (receipt_no, application_item_id, organization_id, filed_on, valid_until, status, created_at)
      SELECT 'SWT-2021-' || lpad(n::text, 5, '0'), id, ${org.organizationId}::uuid, date '2021-01-04',
             CASE WHEN n <= ${DUE + REVOKED} THEN date '2024-01-05' ELSE date '2029-01-05' END,
             CASE WHEN n > ${DUE} AND n <= ${DUE + REVOKED} THEN 'revoked' ELSE 'active' END, now()
      FROM (SELECT i.id, row_number() OVER (ORDER BY i.id) AS n FROM application_items i JOIN applications a ON a.id = i.application_id
            JOIN campaigns c ON c.id = a.campaign_id AND c.doc_number LIKE 'SWEEP-%') t`.execute(db);
    await sql`
      INSERT INTO deadlines (kind, subject_id, due_at)
      SELECT 'filing_expiry', receipt_no, (valid_until + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' FROM filings WHERE receipt_no LIKE 'SWT-%'`.execute(db);
  });
  afterAll(async () => sys?.close());

  it('two sweepers racing apply each expiry once, with one history entry, message and audit entry per filing', async () => {
    const db = sys.database.db;
    sys.clock.set(new Date('2024-01-06T00:00:01+08:00'));
    const other = new Sweeper(sys.ctx, sys.services.applications, sys.services.publicity, sys.services.filings);
    const [a, b] = await Promise.all([sys.sweeper.sweep(), other.sweep()]);
    expect(a + b).toBe(DUE + REVOKED);

    const byStatus = await db
      .selectFrom('filings')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('receipt_no', 'like', 'SWT-%')
      .groupBy('status')
      .execute();
    expect(Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]))).toEqual({ expired: DUE, revoked: REVOKED, active: LATER });
    const deadlines = await db.selectFrom('deadlines').select(['applied_at', 'due_at']).where('subject_id', 'like', 'SWT-%').execute();
    expect(deadlines.filter((d) => d.applied_at !== null)).toHaveLength(DUE + REVOKED);

    const audit = await db.selectFrom('audit_log').select(['entity_id']).where('action', '=', 'filing.expire').execute();
    expect(audit).toHaveLength(DUE);
    expect(new Set(audit.map((r) => r.entity_id)).size).toBe(DUE);
    expect((await j.admin.get('/audit/verify')).json()).toMatchObject({ valid: true });

    const events = await db.selectFrom('application_events').select('note').where('action', '=', '备案有效期届满').execute();
    expect(events).toHaveLength(DUE);
    const inbox = (await org.client.get('/inbox?pageSize=100')).json() as { items: { kind: string; title: string }[]; total: number };
    expect(inbox.total).toBe(DUE);
    expect(inbox.items.every((i) => i.kind === 'filing_expired' && i.title === '备案有效期届满：测试项目')).toBe(true);

    // a second sweep finds nothing left to do
    expect(await sys.sweeper.sweep()).toBe(0);
    expect(await db.selectFrom('audit_log').select('seq').where('action', '=', 'filing.expire').execute()).toHaveLength(DUE);
  });

  it('the public verification reads "expired" for an expired receipt and "active" for one not yet due', async () => {
    const anon = new (await import('../bootstrap/inject-client.js')).Client(sys.app);
    const expired = await anon.get('/public/filings/SWT-2021-00001');
    const active = await anon.get(`/public/filings/SWT-2021-${String(DUE + REVOKED + 1).padStart(5, '0')}`);
    expect([expired.statusCode, active.statusCode]).toEqual([200, 200]);
    expect(expired.json().status).toBe('expired');
    expect(active.json().status).toBe('active');
  });
});
