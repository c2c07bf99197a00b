import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../test-support/harness.js';
import { Client } from '../../bootstrap/inject-client.js';

/** The public directory's search through the API, on real PostgreSQL: what the index must find, and only that. */
describe('public directory search', () => {
  let sys: TestSystem;
  let anon: Client;
  let receipt = 0;

  /** An organisation with one application, its sites, and an active filing per (catalogue number, levels). */
  async function organisation(name: string, uscc: string, district: string, siteDistricts: string[], items: [number, number[]][]) {
    const db = sys.database.db;
    const org = await db
      .insertInto('organizations')
      .values({
        name,
        uscc,
        legal_form: 'enterprise',
        district,
        address: '上海',
        legal_representative: '张',
        contact_name: '李',
        contact_phone: '13800000000',
        contact_email: 'a@b.cn',
        eligibility: 'eligible',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const campaign = await db.selectFrom('campaigns').select('id').executeTakeFirstOrThrow();
    const app = await db
      .insertInto('applications')
      .values({ campaign_id: campaign.id, organization_id: org.id, status: 'institution_passed', industry_authority: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [position, d] of siteDistricts.entries())
      await db.insertInto('sites').values({ application_id: app.id, name: '考核点', address: '上海', district: d, position }).execute();
    for (const [position, [seq, levels]] of items.entries()) {
      const item = await db.selectFrom('campaign_items').select('id').where('campaign_id', '=', campaign.id).where('seq', '=', seq).executeTakeFirstOrThrow();
      const ai = await db
        .insertInto('application_items')
        .values({ application_id: app.id, campaign_item_id: item.id, levels, status: 'filed', position })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('filings')
        .values({
          receipt_no: `SHPB-2024-${String(++receipt).padStart(5, '0')}`,
          application_item_id: ai.id,
          organization_id: org.id,
          filed_on: '2024-10-09',
          valid_until: '2027-10-08',
          status: 'active',
          created_at: new Date(),
        })
        .execute();
    }
    return org.id;
  }

  beforeAll(async () => {
    sys = await createTestSystem();
    anon = new Client(sys.app);
    await organisation('上海甲乙培训有限公司', '91310115MA1H000011', '310115', ['310104'], [[33, [3]]]);
    // holds 海上 and 上海 (every pair of 海上海) but not 海上海
    await organisation(
      '海上上海技能有限公司',
      '91310101MA1H000022',
      '310101',
      ['310101'],
      [
        [5, [3]],
        [7, [5]],
      ],
    );
    await organisation('上海海上海评价中心', '91310106MA1H000033', '310106', ['310106', '310120'], [[7, [3, 4]]]);
  });
  afterAll(async () => sys?.close());

  const search = async (q: string) => {
    const res = await anon.get(`/public/organizations?${q}`);
    expect(res.statusCode).toBe(200);
    return res.json() as { total: number; items: { name: string; uscc: string; filings: { receiptNo: string; itemSeq: number; levels: number[] }[] }[] };
  };
  const names = async (q: string) => (await search(q)).items.map((e) => e.name);

  it('finds a name by a part in its middle, and by one character', async () => {
    expect(await names(`q=${encodeURIComponent('乙培')}`)).toEqual(['上海甲乙培训有限公司']);
    expect(await names(`q=${encodeURIComponent('评')}`)).toEqual(['上海海上海评价中心']);
    expect(await names(`q=${encodeURIComponent('上海')}`)).toEqual(['上海海上海评价中心', '上海甲乙培训有限公司', '海上上海技能有限公司']);
  });

  it('answers exactly: a name holding every pair of characters of the query, but not the query, is not found', async () => {
    expect(await names(`q=${encodeURIComponent('海上海')}`)).toEqual(['上海海上海评价中心']);
    expect((await search(`q=${encodeURIComponent('甲培')}`)).total).toBe(0);
  });

  it('finds by USCC in any case, and a USCC is not a name fragment', async () => {
    expect(await names('q=91310101ma1h000022')).toEqual(['海上上海技能有限公司']);
    expect((await search('q=91310101MA1H00002')).total).toBe(0);
  });

  it('matches an item and a level on the same filing, and a district of the organisation or of a site', async () => {
    expect(await names('itemSeq=7&level=5')).toEqual(['海上上海技能有限公司']);
    expect(await names('itemSeq=5&level=5')).toEqual([]); // item 5 is filed at level 3 only, level 5 on item 7
    expect(await names('itemSeq=7&level=4')).toEqual(['上海海上海评价中心']);
    expect(await names('level=3&district=310104')).toEqual(['上海甲乙培训有限公司']); // its site's district
    expect(await names(`q=${encodeURIComponent('上海')}&district=310120`)).toEqual(['上海海上海评价中心']);
  });

  it('pages in name order with the total of the whole answer, each organisation with its filings', async () => {
    const second = await search('page=2&pageSize=1');
    expect(second.total).toBe(3);
    expect(second.items.map((e) => e.name)).toEqual(['上海甲乙培训有限公司']);
    const two = (await search('q=91310101MA1H000022')).items[0]!;
    expect(two.filings.map((f) => [f.itemSeq, f.levels])).toEqual([
      [5, [3]],
      [7, [5]],
    ]);
    expect((await search('page=2&pageSize=3')).items).toEqual([]);
  });
});
