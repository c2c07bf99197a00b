import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey } from '../bootstrap/journey.js';
import { Sweeper } from '../modules/deadlines/sweeper.js';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { usccCheckChar } from '../workflow/uscc.js';

const DUE = 120; // more than two chunks of 50 (the sweepers below), so chunks run side by side
const REVOKED = 3; // due, but revoked before the sweep: marked applied, never "expired"
const LATER = 5; // not due yet

/** Counts the statements this process sends to PostgreSQL while counting is on. */
let counting = false;
let statements: string[] = [];
const original = pg.Client.prototype.query;

/**
 * Filing expiries are applied set-wise (a chunk of them in a constant number of statements, several
 * chunks at once). The result must equal one-by-one application exactly: every due filing expired
 * once, history, messages and audit entries one per filing, the log valid — with two sweepers racing.
 */
describe('filing expiries in bulk', () => {
  let sys: TestSystem;
  let j: Journey;
  let org: Awaited<ReturnType<Journey['registerOrg']>>;

  /** `n` filings of the organisation (one synthetic campaign each), valid until `validUntil`, each with its expiry deadline. */
  async function seedFilings(prefix: string, n: number, validUntil: string, revokedFrom = n + 1): Promise<void> {
    const db = sys.database.db;
    await sql`
      WITH c AS (
        INSERT INTO campaigns (doc_number, title, opens_at, closes_at, rules)
        SELECT ${prefix} || '-' || g, '批量到期', timestamptz '2020-01-01', timestamptz '2020-02-01', '{"publicityWorkingDays":5,"projectEvaluationMonths":3,"cooldownMonths":12,"filingValidityYears":3,"correctionWorkingDays":5,"minExpertReviews":3}'
        FROM generate_series(1, ${n}::int) g RETURNING id
      )
      INSERT INTO campaign_items (campaign_id, seq, name, occupation, work_type, kind, levels, occupation_code, official_name, aliases)
      SELECT c.id, 1, '测试项目', '测试项目', NULL, 'occupation', '{3}', NULL, '测试项目', '{}' FROM c`.execute(db);
    await sql`
      INSERT INTO applications (campaign_id, organization_id, status, industry_authority)
      SELECT ci.campaign_id, ${org.organizationId}::uuid, 'institution_passed', '测试'
      FROM campaign_items ci JOIN campaigns c ON c.id = ci.campaign_id AND c.doc_number LIKE ${prefix} || '-%'`.execute(db);
    await sql`
      INSERT INTO application_items (application_id, campaign_item_id, levels, status, position)
      SELECT a.id, ci.id, '{3}', 'filed', 0 FROM applications a JOIN campaign_items ci ON ci.campaign_id = a.campaign_id
      JOIN campaigns c ON c.id = a.campaign_id AND c.doc_number LIKE ${prefix} || '-%'`.execute(db);
    await sql`
      INSERT INTO filings (receipt_no, application_item_id, organization_id, filed_on, valid_until, status, created_at)
      SELECT ${prefix} || '-2021-' || lpad(n::text, 5, '0'), id, ${org.organizationId}::uuid, date '2021-01-04', ${validUntil}::date,
             CASE WHEN n >= ${revokedFrom} THEN 'revoked' ELSE 'active' END, now()
      FROM (SELECT i.id, row_number() OVER (ORDER BY i.id) AS n FROM application_items i JOIN applications a ON a.id = i.application_id
            JOIN campaigns c ON c.id = a.campaign_id AND c.doc_number LIKE ${prefix} || '-%') t`.execute(db);
    await sql`
      INSERT INTO deadlines (kind, subject_id, due_at)
      SELECT 'filing_expiry', receipt_no, (valid_until + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' FROM filings WHERE receipt_no LIKE ${prefix} || '-%'`.execute(
      db,
    );
  }

  beforeAll(async () => {
    (pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
      if (counting) statements.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text ?? '?'));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    sys = await createTestSystem({ now: '2024-01-01T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    org = await j.registerOrg({ username: 'sweep_org', name: '批量到期测试培训中心', uscc: '91310115MA1K4TWP0' + usccCheckChar('91310115MA1K4TWP0') });
    await seedFilings('SWT', DUE + REVOKED, '2024-01-05', DUE + 1);
    await seedFilings('SWL', LATER, '2029-01-05');
  });
  afterAll(async () => {
    pg.Client.prototype.query = original;
    await sys?.close();
  });

  it('two sweepers racing apply each expiry once, with one history entry, message and audit entry per filing', async () => {
    const db = sys.database.db;
    sys.clock.set(new Date('2024-01-06T00:00:01+08:00'));
    // chunks of 50, two at a time, on each of two sweepers (two nodes)
    const small = () => new Sweeper(sys.ctx, sys.services.applications, sys.services.publicity, sys.services.filings, { chunk: 50, workers: 2 });
    const [a, b] = await Promise.all([small().sweep(), small().sweep()]);
    expect(a + b).toBe(DUE + REVOKED);

    const byStatus = await db
      .selectFrom('filings')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where((eb) => eb.or([eb('receipt_no', 'like', 'SWT-%'), eb('receipt_no', 'like', 'SWL-%')]))
      .groupBy('status')
      .execute();
    expect(Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]))).toEqual({ expired: DUE, revoked: REVOKED, active: LATER });
    const deadlines = await db.selectFrom('deadlines').select(['applied_at', 'due_at']).where('subject_id', 'like', 'SW_-%').execute();
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

    // each expiry's log leaf states the filing's facts as they now stand (read once, under the chunk's lock)
    const leaves = await db.selectFrom('filing_events').select('leaf').where('type', '=', 'filing.expired').where('receipt_no', 'like', 'SWT-%').execute();
    expect(leaves).toHaveLength(DUE);
    expect(JSON.parse(leaves.find((l) => l.leaf.includes('"SWT-2021-00007"'))!.leaf)).toEqual({
      at: '2024-01-06T00:00:01+08:00',
      filedOn: '2021-01-04',
      itemName: '测试项目',
      levels: [3],
      organizationName: '批量到期测试培训中心',
      receiptNo: 'SWT-2021-00007',
      status: 'expired',
      type: 'filing.expired',
      uscc: '91310115MA1K4TWP0' + usccCheckChar('91310115MA1K4TWP0'),
      validUntil: '2024-01-05',
    });

    // a second sweep finds nothing left to do
    expect(await sys.sweeper.sweep()).toBe(0);
    expect(await db.selectFrom('audit_log').select('seq').where('action', '=', 'filing.expire').execute()).toHaveLength(DUE);
  });

  it('a chunk of expiries costs the same statements whatever its size: 4 filings or 60', async () => {
    await seedFilings('SWA', 4, '2025-01-05');
    await seedFilings('SWB', 60, '2026-01-05');
    const sweeper = new Sweeper(sys.ctx, sys.services.applications, sys.services.publicity, sys.services.filings);
    const sweepAt = async (now: string) => {
      sys.clock.set(new Date(now));
      statements = [];
      counting = true;
      const applied = await sweeper.sweep().finally(() => (counting = false));
      return { applied, sql: statements };
    };
    const few = await sweepAt('2025-01-06T00:00:01+08:00');
    const many = await sweepAt('2026-01-06T00:00:01+08:00');
    expect([few.applied, many.applied]).toEqual([4, 60]);
    // the due list; then one transaction: lock the filings (with their facts and their organisation's
    // contact), claim and mark the deadlines, and ONE write statement (history, log leaves, messages —
    // events, inbox, outbox —, audit, the expiry)
    expect(few.sql).toHaveLength(6);
    // the very same statements: every column travels as an array, so no text grows with the chunk
    expect(many.sql).toEqual(few.sql);
  });

  it('the public verification reads "expired" for an expired receipt and "active" for one not yet due', async () => {
    const anon = new (await import('../bootstrap/inject-client.js')).Client(sys.app);
    const expired = await anon.get('/public/filings/SWT-2021-00001');
    const active = await anon.get('/public/filings/SWL-2021-00001');
    expect([expired.statusCode, active.statusCode]).toEqual([200, 200]);
    expect(expired.json().status).toBe('expired');
    expect(active.json().status).toBe('active');
  });
});
