import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, expectStatus, makeCast, type Cast, type CaseHandle } from '../bootstrap/journey.js';
import { auditWrite } from '../platform/audit/audit.js';
import { executeWrites, writes } from '../platform/db/one-statement.js';
import { loadAggregate, toCase } from '../modules/applications/application-aggregate.repository.js';
import { decisionWrites } from '../modules/applications/applications.repository.js';
import { usccCheckChar } from '../workflow/uscc.js';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';

/**
 * A command reads its case without a lock and writes everything it means in one statement, guarded
 * by the version it read (docs/decisions/0020). These are the guard's tests: a write whose case moved
 * on writes nothing, and commands that cross on one case end as if they had run one after another.
 */
describe('commands crossing on one case', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let app: CaseHandle;
  beforeAll(async () => {
    sys = await createTestSystem();
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    const campaign = await j.campaign2024();
    const org = await j.registerOrg({ username: 'cross_org', name: '并发测试培训中心', uscc: '91310115MA1K4CR52' + usccCheckChar('91310115MA1K4CR52') });
    app = await applyAndSubmit(j, cast, org.client, campaign, [1], ['310115']);
  });
  afterAll(async () => {
    await sys?.close();
  });

  const count = async (table: 'application_events' | 'audit_log', where: Record<string, string>) => {
    let q = sys.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'));
    for (const [k, v] of Object.entries(where)) q = q.where(k as never, '=', v as never);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  it('a write whose case moved on since it was read writes nothing — not its history, not its audit record (40001)', async () => {
    const read = (await loadAggregate(sys.ctx.db, app.id))!;
    // another act on the case in between moves it on (its version)
    await sys.ctx.db
      .updateTable('applications')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', app.id)
      .execute();

    const stale = writes();
    const c = toCase(read);
    const decision = { status: c.status, items: [], events: [{ action: '并发测试：过时的写入' }], patch: {} };
    decisionWrites(sys.ctx.db, stale, c, decision, { id: null, label: '测试' }, new Date(), read.app.version);
    auditWrite(sys.ctx.db, stale, { id: null, role: null, label: '测试' }, { action: 'test.crossed', entityType: 'application', entityId: app.id }, new Date());
    await expect(executeWrites(sys.ctx.db, stale)).rejects.toMatchObject({ code: '40001' });
    expect(await count('application_events', { application_id: app.id, action: '并发测试：过时的写入' })).toBe(0);
    expect(await count('audit_log', { action: 'test.crossed' })).toBe(0);

    // the same writes at the version the case has now are written, all of them
    const fresh = writes();
    const now = (await loadAggregate(sys.ctx.db, app.id))!;
    decisionWrites(sys.ctx.db, fresh, toCase(now), decision, { id: null, label: '测试' }, new Date(), now.app.version);
    auditWrite(sys.ctx.db, fresh, { id: null, role: null, label: '测试' }, { action: 'test.crossed', entityType: 'application', entityId: app.id }, new Date());
    await executeWrites(sys.ctx.db, fresh);
    expect(await count('application_events', { application_id: app.id, action: '并发测试：过时的写入' })).toBe(1);
    expect(await count('audit_log', { action: 'test.crossed' })).toBe(1);
  });

  it('five acceptances of one case sent at once: one accepts, the others are refused on what is there now; one history entry, one audit record', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => cast.center.post(`/applications/${app.id}/acceptance`, { decision: 'accept', reason: '材料齐全' })),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((s) => s === 200)).toHaveLength(1);
    for (const a of answers.filter((x) => x.statusCode !== 200)) {
      expect(a.statusCode, a.body).toBe(409);
      expect(a.json().detail ?? a.json().title, a.body).toBeTruthy();
    }
    expect(await count('application_events', { application_id: app.id, to_status: 'accepted' })).toBe(1);
    expect(await count('audit_log', { action: 'application.acceptance', entity_id: app.id })).toBe(1);
  });

  it('three experts reviewing at once: every review is kept, each with its history entry and its audit record', async () => {
    expectStatus(await cast.center.post(`/applications/${app.id}/experts`, { expertUserIds: cast.experts.map((e) => e.id) }), 200, 'assign');
    const answers = await Promise.all(
      cast.experts.map((e) =>
        e.client.post(`/applications/${app.id}/expert-reviews`, { conflictOfInterest: false, score: 80, opinion: '符合要求', recommendation: 'pass' }),
      ),
    );
    for (const a of answers) expectStatus(a, 200, 'review');
    const view = (await cast.center.get(`/applications/${app.id}`)).json() as { expertReviews: unknown[] };
    expect(view.expertReviews).toHaveLength(3);
    expect(await count('audit_log', { action: 'application.expert_review', entity_id: app.id })).toBe(3);
    expect(await count('application_events', { application_id: app.id, action: '专家提交评审意见' })).toBe(3);
  });
});
