import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Journey, applyAndSubmit, makeCast, type CaseHandle } from '../bootstrap/journey.js';
import type { Client } from '../bootstrap/inject-client.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * 四(二) 8月28日24时系统关闭申报功能: submissions racing 24:00 on a clock that runs in real time are
 * each decided by one instant — the server's clock when the request is taken (DL-2) — and the
 * recorded attempts (DL-7) agree with every answer.
 */
describe('the window’s last second', () => {
  let sys: TestSystem;
  const applicants: { org: Client; app: CaseHandle }[] = [];
  const CLOSE = new Date('2024-08-29T00:00:00+08:00').getTime();

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-28T20:00:00+08:00', running: true });
    const j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    const cast = await makeCast(j, { districts: ['310115'] });
    const campaign = await j.campaign2024();
    for (let i = 0; i < 12; i++) {
      const first17 = `913101150A${String(i).padStart(7, '0')}`;
      const { client } = await j.registerOrg({ username: `edge${i}`, name: `上海临界测试${i}公司`, uscc: `${first17}${usccCheckChar(first17)}` });
      applicants.push({ org: client, app: await applyAndSubmit(j, cast, client, campaign, [33 + i], ['310115'], { submit: false }) });
    }
  }, 90_000);
  afterAll(async () => sys?.close());

  it('accepts before 24:00 and refuses from 24:00, consistently with the recorded instants', async () => {
    sys.clock.set(new Date(CLOSE - 600)); // 600 ms before the close; the clock runs on
    const answers = await Promise.all(
      applicants.map(async ({ org, app }, i) => {
        await new Promise((r) => setTimeout(r, i * 100)); // spread across the instant
        const res = await org.post(`/applications/${app.id}/submit`);
        return {
          id: app.id,
          status: res.statusCode,
          code: res.statusCode === 200 ? null : res.json().code,
          submittedAt: res.statusCode === 200 ? res.json().submittedAt : null,
        };
      }),
    );
    const accepted = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.code === 'WINDOW_CLOSED')).toBe(true);
    for (const a of accepted) expect(new Date(a.submittedAt).getTime()).toBeLessThan(CLOSE);
    const attempts = await sys.database.db.selectFrom('submit_attempts').select(['application_id', 'outcome', 'code', 'business_at']).execute();
    expect(attempts).toHaveLength(applicants.length);
    for (const at of attempts) {
      const before = new Date(at.business_at).getTime() < CLOSE;
      expect(at.outcome).toBe(before ? 'accepted' : 'refused');
      expect(answers.find((x) => x.id === at.application_id)!.status).toBe(before ? 200 : 409);
    }
  });
});
