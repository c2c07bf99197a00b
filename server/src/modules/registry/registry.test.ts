import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildApp, type BuiltApp } from '../../app.js';
import { createTestSystem, type TestSystem } from '../../test-support/harness.js';
import { Client } from '../../bootstrap/inject-client.js';

/** Two nodes on one database: the in-memory directory of each follows every change at once. */
describe('public directory across nodes', () => {
  let sys: TestSystem;
  let other: BuiltApp;

  beforeAll(async () => {
    sys = await createTestSystem();
    other = await buildApp({ ...sys.ctx });
    const db = sys.database.db;
    // one organisation with one active filing, written as the application writes them
    const org = await db
      .insertInto('organizations')
      .values({
        name: '上海甲乙培训有限公司',
        uscc: '91310115MA1H000011',
        legal_form: 'enterprise',
        district: '310115',
        address: '浦东',
        legal_representative: '张',
        contact_name: '李',
        contact_phone: '13800000000',
        contact_email: 'a@b.cn',
        eligibility: 'eligible',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const campaign = await db.selectFrom('campaigns').select('id').executeTakeFirstOrThrow();
    const item = await db
      .selectFrom('campaign_items')
      .select(['id', 'levels'])
      .where('campaign_id', '=', campaign.id)
      .where('seq', '=', 33)
      .executeTakeFirstOrThrow();
    const app = await db
      .insertInto('applications')
      .values({ campaign_id: campaign.id, organization_id: org.id, status: 'institution_passed', industry_authority: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('sites').values({ application_id: app.id, name: '考核点', address: '徐汇', district: '310104', position: 0 }).execute();
    const ai = await db
      .insertInto('application_items')
      .values({ application_id: app.id, campaign_item_id: item.id, levels: item.levels, status: 'filed', position: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('filings')
      .values({
        receipt_no: 'SHPB-2024-00001',
        application_item_id: ai.id,
        organization_id: org.id,
        filed_on: '2024-10-09',
        valid_until: '2027-10-08',
        status: 'active',
        created_at: new Date(),
      })
      .execute();
  });
  afterAll(async () => {
    await other?.app.close();
    await sys?.close();
  });

  async function eventually(check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 50; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('not seen within a second');
  }

  it('searches by name fragment, USCC, occupation, level and a site district', async () => {
    const c = new Client(other.app);
    const total = async (q: string) => (await c.get(`/public/organizations?${q}`)).json().total;
    // the other node learns of the filing written through this one by the notification (milliseconds; later under load)
    await eventually(async () => (await total('q=甲乙')) === 1);
    expect(await total('q=91310115ma1h000011')).toBe(1);
    expect(await total('itemSeq=33&level=3')).toBe(1);
    expect(await total('itemSeq=33&level=1')).toBe(0);
    expect(await total('district=310104')).toBe(1);
    expect(await total('district=310106')).toBe(0);
    expect(await total('q=%25')).toBe(0); // a LIKE wildcard is a character, not a pattern
  });

  it('a change written through one node is seen by the other at once (NOTIFY), without polling', async () => {
    const a = new Client(sys.app);
    const b = new Client(other.app);
    expect((await b.get('/public/organizations?q=甲乙')).json().total).toBe(1);
    expect((await a.get('/public/organizations?q=甲乙')).json().total).toBe(1);
    await sql`UPDATE filings SET status = 'revoked', revoked_at = now(), revoke_reason = '测试' WHERE receipt_no = 'SHPB-2024-00001'`.execute(sys.database.db);
    await eventually(async () => (await b.get('/public/organizations?q=甲乙')).json().total === 0);
    await eventually(async () => (await a.get('/public/organizations?q=甲乙')).json().total === 0);
  });
});
