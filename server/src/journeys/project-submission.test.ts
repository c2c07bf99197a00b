import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, samplePdf, type Client, type TestSystem } from '../test-support/harness.js';
import { usccCheckChar } from '../workflow/uscc.js';
import { Journey, applyAndSubmit, expectStatus, makeCast, passInstitution, type CaseHandle, type Cast } from '../bootstrap/journey.js';

/**
 * 三(四): completing the project evaluation within 3 months is the applicant's duty (api-v1 second
 * reading, "Project evaluation"). The applicant uploads 项目评估材料 and submits them for an item;
 * that stops the 3-month clock. An item never submitted is abandoned at 24:00 of its due date.
 */
describe('project submission (三(四))', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let org: Client;
  let other: Client;
  let app: CaseHandle;
  let submitted: string;
  let neverSubmitted: string;

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T10:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { districts: ['310115'] });
    const campaign = await j.campaign2024();
    org = (await j.registerOrg({ username: 'psub', name: '上海项目评估培训有限公司', uscc: '91310115MA1H000011' })).client;
    other = (await j.registerOrg({ username: 'psub_other', name: '上海另一培训有限公司', uscc: `91310115MA1H00002${usccCheckChar('91310115MA1H00002')}` }))
      .client;
    app = await applyAndSubmit(j, cast, org, campaign, [33, 34], ['310115']);
    sys.clock.set(new Date('2024-09-02T09:00:00+08:00'));
    await passInstitution(cast, app, '2024-09-02');
    submitted = app.items[0]!.id;
    neverSubmitted = app.items[1]!.id;
  });
  afterAll(async () => sys?.close());

  const upload = (c: Client, fields: Record<string, string>) =>
    c.upload(`/applications/${app.id}/materials`, fields, { name: '项目评估材料.pdf', content: samplePdf('project material') });

  it('both items are in project evaluation, due three months after the institution evaluation', async () => {
    const a = (await org.get(`/applications/${app.id}`)).json();
    expect(a.status).toBe('institution_passed');
    expect(a.items.map((i: { status: string; projectEvaluationDueOn: string }) => [i.status, i.projectEvaluationDueOn])).toEqual([
      ['project_evaluation', '2024-12-02'],
      ['project_evaluation', '2024-12-02'],
    ]);
  });

  it('after the institution evaluation only 项目评估材料 can be uploaded, for an item in project evaluation', async () => {
    const wrongKind = await org.upload(`/applications/${app.id}/materials`, { kind: 'work_plan' }, { name: 'plan.pdf', content: samplePdf('plan') });
    expect(wrongKind.statusCode).toBe(409);
    expect(wrongKind.json().clause).toBe('三(四)');
    const noItem = await upload(org, { kind: 'project_material' });
    expect(noItem.statusCode).toBe(400);
    const up = await upload(org, { kind: 'project_material', itemId: submitted });
    expectStatus(up, 201, 'upload project material');
    expect(up.json()).toMatchObject({ kind: 'project_material', itemId: submitted });
    // the centre uploads nothing once the institution evaluation is done (its state check answers first)
    expect([403, 409]).toContain((await upload(cast.center, { kind: 'project_material', itemId: submitted })).statusCode);
    expect((await upload(other, { kind: 'project_material', itemId: submitted })).statusCode).toBe(404);
  });

  it('only the owning applicant submits: the centre → 403, another organisation → 404', async () => {
    expect((await cast.center.post(`/application-items/${submitted}/project-submission`, { note: '' })).statusCode).toBe(403);
    expect((await other.post(`/application-items/${submitted}/project-submission`, { note: '' })).statusCode).toBe(404);
    expect((await org.post(`/application-items/${submitted}/project-submission`, { note: 'x', extra: 1 })).statusCode).toBe(400);
    expect((await org.post(`/application-items/${submitted}/project-submission`, { note: 'x'.repeat(2001) })).statusCode).toBe(400);
  });

  it('the applicant submits: item project_submitted, in its history and the audit log; a second one → 409', async () => {
    sys.clock.set(new Date('2024-11-20T10:00:00+08:00'));
    const r = await org.post(`/application-items/${submitted}/project-submission`, { note: '项目评估材料已上传，请评估' });
    expectStatus(r, 200, 'project submission');
    const item = r.json().items.find((i: { id: string }) => i.id === submitted);
    expect(item.status).toBe('project_submitted');
    expect(r.json().history).toContainEqual(
      expect.objectContaining({
        action: '提交项目评估材料',
        itemId: submitted,
        from: 'project_evaluation',
        to: 'project_submitted',
        note: '项目评估材料已上传，请评估',
      }),
    );
    const audit = await sys.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'application.project_submission').execute();
    expect(audit).toHaveLength(1);
    const again = await org.post(`/application-items/${submitted}/project-submission`, { note: '' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CONFLICT', clause: '三(四)' });
    expect(again.json().detail).toMatch(/已提交/);
    // more materials may follow while the centre evaluates
    expectStatus(await upload(org, { kind: 'project_material', itemId: submitted }), 201, 'upload after submission');
  });

  it('24:00 of the due date passes: the submitted item does not lapse, the other is abandoned', async () => {
    sys.clock.set(new Date('2024-12-03T00:00:05+08:00'));
    await sys.sweeper.sweep();
    const a = (await org.get(`/applications/${app.id}`)).json();
    const status = (id: string) => a.items.find((i: { id: string }) => i.id === id).status;
    expect(status(submitted)).toBe('project_submitted');
    expect(status(neverSubmitted)).toBe('abandoned');
    const late = await org.post(`/application-items/${neverSubmitted}/project-submission`, { note: '' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'DEADLINE_PASSED', clause: '三(四)' });
    expect((await upload(org, { kind: 'project_material', itemId: neverSubmitted })).statusCode).toBe(409);
  });

  it('the centre records its result on the submitted item after the due date → project_passed', async () => {
    sys.clock.set(new Date('2025-01-10T10:00:00+08:00'));
    const r = await cast.center.post(`/application-items/${submitted}/project-evaluation`, { result: 'pass', summary: '项目评估通过' });
    expectStatus(r, 200, 'project evaluation');
    expect(r.json().items.find((i: { id: string }) => i.id === submitted).status).toBe('project_passed');
    expect((await org.post(`/application-items/${submitted}/project-submission`, { note: '' })).statusCode).toBe(409);
  });
});
