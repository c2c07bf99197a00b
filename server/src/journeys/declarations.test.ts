import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECLARATION_CLAUSES } from '../../../contract/applications.js';
import { Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { extractPdfText } from '../test-support/pdf-text.js';
import { Journey, applyAndSubmit, expectStatus, itemsBySeq, makeCast, type Cast } from '../bootstrap/journey.js';
import { CONDITIONS } from '../modules/documents/notice-text.js';
import { usccCheckChar } from '../workflow/uscc.js';

type Clauses = Record<(typeof DECLARATION_CLAUSES)[number], boolean>;
const ALL: Clauses = { '一(一)': true, '一(二)': true, '一(三)': true, '一(四)': true, '一(五)': true, '一(六)': true };
const compact = (s: string) => s.replace(/\s+/g, '');

/** pdftotext (poppler) when installed — a second, independent reader of the same file. */
function pdftotext(pdf: Buffer): string | null {
  const tmp = path.join(os.tmpdir(), `shsp-decl-${process.pid}-${Date.now()}.pdf`);
  try {
    fs.writeFileSync(tmp, pdf);
    return execFileSync('pdftotext', ['-layout', tmp, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** 一(一)–(六): the applicant's self-declaration is part of the application — stored, shown, audited, printed. */
describe('declarations of the conditions 一(一)–(六)', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let org: Client;
  let orgUser: string;
  let other: Client;
  let campaign: Awaited<ReturnType<Journey['campaign2024']>>;
  let appId: string;
  let items: { id: string }[];

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { districts: ['310115'] });
    const o = await j.registerOrg({ username: 'decl_org', name: '上海东方咖啡职业技能评价有限公司', uscc: '91310115MA1H000011' });
    org = o.client;
    orgUser = o.userId;
    other = (await j.registerOrg({ username: 'decl_other', name: '上海市美容美发行业协会', uscc: '51310000MJ0000001N', legalForm: 'social_group' })).client;
    campaign = await j.campaign2024();
  }, 120_000);
  afterAll(async () => sys?.close());

  const body = (declarations?: Record<string, unknown>) => ({
    campaignId: campaign.id,
    industryAuthority: cast.authority,
    items: itemsBySeq(campaign.items, [33]),
    sites: [{ name: '浦东考核点', address: '上海市示例路10号', district: '310115' }],
    ...(declarations ? { declarations } : {}),
  });
  const audit = async () =>
    (await cast.center.get(`/audit?entityType=application&entityId=${appId}`)).json().items as {
      action: string;
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    }[];

  it('strict: an unknown or a missing clause, or an answer that is not true/false, is refused with 400 and a Chinese reason', async () => {
    for (const [declarations, mentions] of [
      [{ clauses: { ...ALL, '一(七)': true } }, '一(七)'],
      [{ clauses: { ...ALL, c1: true } }, 'c1'],
      [{ clauses: { '一(一)': true } }, '一(二)'],
      [{ clauses: { ...ALL, '一(三)': 'yes' } }, '一(三)'],
      [{ clauses: ALL, signedBy: 'x' }, 'signedBy'],
    ] as const) {
      const res = await org.post('/applications', body(declarations));
      expect(res.statusCode, JSON.stringify(declarations)).toBe(400);
      const p = res.json();
      expect(p.code).toBe('VALIDATION_FAILED');
      expect(p.detail).toMatch(/[\u4e00-\u9fff]/);
      expect(p.detail).toContain(mentions);
    }
    expect((await org.get('/applications')).json().total).toBe(0); // nothing was created
  });

  it('given at creation: stored with who and when, shown by GET, written to history and to the audit entry', async () => {
    const res = await org.post('/applications', body({ clauses: ALL }));
    expectStatus(res, 201, 'create');
    const created = res.json();
    appId = created.id;
    items = created.items;
    expect(created.declarations).toEqual({ clauses: ALL, declaredAt: '2024-08-26T09:00:00+08:00', declaredBy: orgUser });
    const shown = (await org.get(`/applications/${appId}`)).json();
    expect(shown.declarations).toEqual(created.declarations);
    expect(shown.history.map((h: { action: string }) => h.action)).toEqual(['创建申报', '声明符合申报条件']);
    const create = (await audit()).find((a) => a.action === 'application.create')!;
    expect(create.after.declarations).toEqual({ clauses: ALL });
    expect(create.after.declaredAt).toBe('2024-08-26T09:00:00+08:00');
    // the checklist is what it always was: the declaration is not one of its blockers
    const checklist = (await org.get(`/applications/${appId}/checklist`)).json();
    expect(checklist.blockers.map((b: { code: string }) => b.code)).not.toContain('DECLARATION_MISSING');
  });

  it('changed by PATCH: a withdrawn clause clears who/when; all six again is a new declaration; sent again unchanged it keeps its moment', async () => {
    sys.clock.set(new Date('2024-08-26T10:15:00+08:00'));
    const v1 = (await org.get(`/applications/${appId}`)).json().version;
    const withdrawn = await org.patch(`/applications/${appId}`, { declarations: { clauses: { ...ALL, '一(三)': false } }, version: v1 });
    expectStatus(withdrawn, 200, 'withdraw one');
    expect(withdrawn.json().declarations).toEqual({ clauses: { ...ALL, '一(三)': false } });
    expect(withdrawn.json().version).toBe(v1 + 1);

    sys.clock.set(new Date('2024-08-26T11:30:00+08:00'));
    const again = await org.patch(`/applications/${appId}`, { declarations: { clauses: ALL } });
    expectStatus(again, 200, 'affirm all');
    expect(again.json().declarations).toEqual({ clauses: ALL, declaredAt: '2024-08-26T11:30:00+08:00', declaredBy: orgUser });

    sys.clock.set(new Date('2024-08-26T12:00:00+08:00'));
    const resent = await org.patch(`/applications/${appId}`, { industryAuthority: cast.authority, declarations: { clauses: ALL } });
    expectStatus(resent, 200, 'resend');
    expect(resent.json().declarations.declaredAt).toBe('2024-08-26T11:30:00+08:00');
    // a PATCH without the field leaves it alone
    const untouched = await org.patch(`/applications/${appId}`, { industryAuthority: cast.authority });
    expect(untouched.json().declarations).toEqual(again.json().declarations);

    const history = untouched.json().history as { action: string; note?: string; at: string }[];
    expect(history.find((h) => h.action === '撤回申报条件声明')).toMatchObject({ note: '未声明符合：一(三)', at: '2024-08-26T10:15:00+08:00' });
    expect(history.filter((h) => h.action === '声明符合申报条件').map((h) => h.at)).toEqual(['2024-08-26T09:00:00+08:00', '2024-08-26T11:30:00+08:00']);

    // every change is in the audit chain, with what it was before
    const updates = (await audit()).filter((a) => a.action === 'application.update').reverse();
    expect(updates[0]!.before.declarations).toEqual(ALL);
    expect(updates[0]!.after.declarations).toEqual({ clauses: { ...ALL, '一(三)': false } });
    expect(updates[0]!.after.declaredAt).toBeNull();
    expect(updates[1]!.before.declarations).toEqual({ ...ALL, '一(三)': false });
    expect(updates[1]!.after).toMatchObject({ declarations: { clauses: ALL }, declaredAt: '2024-08-26T11:30:00+08:00' });
    expect(updates[3]!.after.declarations).toBeUndefined();
    expect((await j.admin.get('/audit/verify')).json()).toMatchObject({ valid: true });
  });

  it('another organisation can neither see nor change them (404)', async () => {
    expect((await other.get(`/applications/${appId}`)).statusCode).toBe(404);
    const res = await other.patch(`/applications/${appId}`, { declarations: { clauses: { ...ALL, '一(一)': false } } });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect((await other.get(`/applications/${appId}/form.pdf`)).statusCode).toBe(404);
    expect((await org.get(`/applications/${appId}`)).json().declarations.clauses).toEqual(ALL);
  });

  it('a partial declaration prints ticked boxes only where affirmed, and says what is still open', async () => {
    expectStatus(await org.patch(`/applications/${appId}`, { declarations: { clauses: { ...ALL, '一(五)': false } } }), 200, 'partial');
    const t = (await extractPdfText((await org.get(`/applications/${appId}/form.pdf`)).rawPayload)).compact;
    for (const c of CONDITIONS) expect(t, c.clause).toContain(compact(c.text) + (c.clause === '一(五)' ? '□符合□不符合' : '✓符合□不符合'));
    expect(t).toContain('申报单位尚未在线声明符合全部条件（未声明符合：一(五)）');
    expect(t).not.toContain('在线声明符合以上六项条件');
    // affirming all six again is a new declaration, at this moment
    const again = await org.patch(`/applications/${appId}`, { declarations: { clauses: ALL } });
    expect(again.json().declarations.declaredAt).toBe('2024-08-26T12:00:00+08:00');
  });

  it('not a submit blocker in the API: a client that never declares still submits; after submission they cannot change, like any edit', async () => {
    const sys2Org = (
      await j.registerOrg({
        username: 'decl_api',
        name: '上海市餐饮烹饪行业协会',
        uscc: '51310000MJ0000002' + usccCheckChar('51310000MJ0000002'),
        legalForm: 'social_group',
      })
    ).client;
    const plain = await applyAndSubmit(j, cast, sys2Org, campaign, [71], ['310115']);
    const view = (await sys2Org.get(`/applications/${plain.id}`)).json();
    expect(view.status).toBe('submitted');
    expect(view.declarations).toBeUndefined();
    // with nothing declared, the form keeps its empty boxes and no declaration line
    const t = (await extractPdfText((await sys2Org.get(`/applications/${plain.id}/form.pdf`)).rawPayload)).compact;
    for (const c of CONDITIONS) expect(t, c.clause).toContain(compact(c.text) + '□符合□不符合');
    expect(t).not.toContain('在线声明');

    // the declared application goes the same way, then is read-only
    expectStatus(await org.post(`/applications/${appId}/request-recommendation`), 200, 'request recommendation');
    expectStatus(await cast.industry.post(`/applications/${appId}/recommendations`, { decision: 'recommend', comment: '同意推荐' }), 200, 'industry');
    expectStatus(await cast.hr['310115']!.post(`/applications/${appId}/recommendations`, { decision: 'recommend', comment: '同意' }), 200, 'district');
    await j.uploadAll(
      org,
      appId,
      items.map((i) => i.id),
    );
    expectStatus(await org.post(`/applications/${appId}/submit`), 200, 'submit');
    const edit = await org.patch(`/applications/${appId}`, { industryAuthority: cast.authority });
    const decl = await org.patch(`/applications/${appId}`, { declarations: { clauses: { ...ALL, '一(二)': false } } });
    expect(edit.statusCode).toBe(409);
    expect(decl.statusCode).toBe(edit.statusCode);
    expect(decl.json().code).toBe(edit.json().code);
    expect(decl.json().detail).toBe(edit.json().detail);
    const after = (await org.get(`/applications/${appId}`)).json();
    expect(after.declarations).toEqual({ clauses: ALL, declaredAt: '2024-08-26T12:00:00+08:00', declaredBy: orgUser });
  });

  it('the OpenAPI document describes the field, in requests and in the application', async () => {
    const doc = (await new Client(sys.app).get('/openapi.json')).json();
    const json = JSON.stringify(doc);
    expect(doc.components.schemas.Declarations.properties.clauses.required).toEqual([...DECLARATION_CLAUSES]);
    expect(json).toContain('"declaredAt"');
    expect(JSON.stringify(doc.paths['/api/v1/applications/{id}'].patch)).toContain('一(六)');
  });

  it('the 申请表 prints ✓ 符合 for each declared clause, and who declared when', async () => {
    const res = await org.get(`/applications/${appId}/form.pdf`);
    expectStatus(res, 200, 'form.pdf');
    const text = await extractPdfText(res.rawPayload);
    // ✓ is in the embedded subset and maps back to text
    expect(text.mappedChars.has('✓')).toBe(true);
    expect(text.mappedChars.has('□')).toBe(true);
    for (const c of CONDITIONS) expect(text.compact, c.clause).toContain(compact(c.text) + '✓符合□不符合');
    expect(text.compact).toContain(compact('申报单位于 2024-08-26 12:00 在线声明符合以上六项条件（系统账号：decl_org）'));
    const poppler = pdftotext(res.rawPayload);
    if (poppler !== null) {
      expect(poppler.match(/✓\s*符合\s*□\s*不符合/g)).toHaveLength(6);
      expect(compact(poppler)).toContain('申报单位于2024-08-2612:00在线声明');
    }
  });
});
