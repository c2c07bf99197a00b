import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Journey } from '../bootstrap/journey.js';

/** SEC-13 end to end: what the database holds is sealed; what the API gives to those entitled is plain. */
describe('personal data sealed in the database', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await createTestSystem();
  });
  afterAll(async () => sys?.close());

  it('stores the contact phone sealed and shows it only in the clear to the entitled', async () => {
    const j = new Journey(sys.app);
    const { client, organizationId } = await j.registerOrg({ username: 'pd_org', name: '上海个人信息测试有限公司', uscc: '91310115MA1H000011' });
    const row = await sys.database.db.selectFrom('organizations').select('contact_phone').where('id', '=', organizationId).executeTakeFirstOrThrow();
    expect(row.contact_phone.startsWith('sm4:v1:')).toBe(true);
    expect(row.contact_phone).not.toContain('13800138000');
    const campaign = await j.campaign2024();
    const app = await client.post('/applications', { campaignId: campaign.id, industryAuthority: '上海市商务委员会', items: [], sites: [] });
    expect(app.json().organization.contactPhone).toBe('13800138000');
  });
});
