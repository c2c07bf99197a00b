import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Journey, applyAndSubmit, expectStatus, makeCast, passInstitution, type Cast, type CaseHandle } from '../bootstrap/journey.js';
import { usccCheckChar } from '../workflow/uscc.js';

const uscc = (first17: string) => `${first17}${usccCheckChar(first17)}`;

/**
 * Report to the national centre (api-v1 "Rules clarified": 报备): a batch reports every filing of a
 * period not reported before, in one transaction with its audit record; a filing is never in two
 * batches, even when two batches are made at the same moment.
 */
describe('report batches to the national centre', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let applicant: Client;
  /** filed 2024-10-13 (first notice) */
  let early: string[];
  /** filed 2024-10-22 (second notice) */
  let late: string[];
  let firstBatch: { id: string; createdAt: string; from: string; to: string; filings: string[] };

  const filing = async (receiptNo: string) => {
    const res = await cast.center.get(`/filings/${receiptNo}`);
    expectStatus(res, 200, `filing ${receiptNo}`);
    return res.json() as { receiptNo: string; filedOn: string; reportedAt?: string };
  };

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    const campaign = await j.campaign2024();
    const a = await j.registerOrg({ username: 'nr_a', name: '上海报备测试甲有限公司', uscc: uscc('91310115MA1NR0001') });
    const b = await j.registerOrg({ username: 'nr_b', name: '上海报备测试乙培训中心', uscc: uscc('91310104MA1NR0002'), district: '310104' });
    const c = await j.registerOrg({ username: 'nr_c', name: '上海报备测试丙有限公司', uscc: uscc('91310115MA1NR0003') });
    applicant = a.client;
    const appA = await applyAndSubmit(j, cast, a.client, campaign, [33, 36], ['310115']);
    const appB = await applyAndSubmit(j, cast, b.client, campaign, [36], ['310104']);
    const appC = await applyAndSubmit(j, cast, c.client, campaign, [33], ['310115']);
    sys.clock.set(new Date('2024-09-02T09:00:00+08:00'));
    for (const app of [appA, appB, appC]) await passInstitution(cast, app, '2024-09-03');
    sys.clock.set(new Date('2024-10-08T10:00:00+08:00'));
    const approve = async (apps: CaseHandle[]) => {
      const items = apps.flatMap((x) => x.items.map((i) => i.id));
      for (const item of items) {
        expectStatus(await cast.center.post(`/application-items/${item}/project-evaluation`, { result: 'pass', summary: '通过' }), 200, 'project');
        expectStatus(await cast.bureau.post(`/application-items/${item}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve');
      }
      return items;
    };
    // first notice 2024-10-08 – 10-12 (10-12 is a working Saturday): filed 2024-10-13
    expectStatus(await cast.center.post('/publicities', { title: '第一批公示', applicationItemIds: await approve([appA, appB]) }), 201, 'publicity 1');
    sys.clock.set(new Date('2024-10-15T10:00:00+08:00'));
    // second notice 2024-10-15 – 10-21: filed 2024-10-22
    expectStatus(await cast.center.post('/publicities', { title: '第二批公示', applicationItemIds: await approve([appC]) }), 201, 'publicity 2');
    sys.clock.set(new Date('2024-10-25T10:00:00+08:00'));
    const all = (await cast.center.get('/filings')).json().items as { receiptNo: string; filedOn: string }[];
    early = all
      .filter((f) => f.filedOn === '2024-10-13')
      .map((f) => f.receiptNo)
      .sort();
    late = all
      .filter((f) => f.filedOn === '2024-10-22')
      .map((f) => f.receiptNo)
      .sort();
    expect([early.length, late.length]).toEqual([3, 1]);
  }, 180_000);
  afterAll(async () => sys?.close());

  it('a batch reports every filing of the period not reported yet, in receipt order, at the business clock', async () => {
    const res = await cast.center.post('/reports/national-batches', { from: '2024-10-01', to: '2024-10-15' });
    expectStatus(res, 201, 'batch');
    firstBatch = res.json();
    expect(firstBatch).toMatchObject({ createdAt: '2024-10-25T10:00:00+08:00', from: '2024-10-01', to: '2024-10-15', filings: early });
    expect(firstBatch.id).toMatch(/^[0-9a-f-]{36}$/);
    for (const r of early) expect((await filing(r)).reportedAt).toBe('2024-10-25T10:00:00+08:00');
    // outside the period: not reported
    expect((await filing(late[0]!)).reportedAt).toBeUndefined();
    // the applicant sees it on its own filing too
    const own = ((await applicant.get('/filings')).json().items as { receiptNo: string }[]).find((f) => early.includes(f.receiptNo))!;
    expect((await applicant.get(`/filings/${own.receiptNo}`)).json().reportedAt).toBe('2024-10-25T10:00:00+08:00');
  });

  it('the batch and its audit record are one: business time, who, the filings', async () => {
    const rows = await sys.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'report.national_batch').execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.entity_type).toBe('report');
    expect(row.entity_id).toBe(firstBatch.id);
    expect(new Date(row.business_at).toISOString()).toBe('2024-10-25T02:00:00.000Z');
    expect(row.actor_role).toBe('center');
    expect(row.after).toEqual({ from: '2024-10-01', to: '2024-10-15', filings: early });
    const stored = await sys.ctx.db
      .selectFrom('filings')
      .select(['receipt_no', 'report_batch_id'])
      .where('report_batch_id', '=', firstBatch.id)
      .orderBy('receipt_no')
      .execute();
    expect(stored.map((f) => f.receipt_no)).toEqual(early);
  });

  it('nothing left to report in the period → 409 CONFLICT saying what to do, and nothing is written', async () => {
    const batches = async () => Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM national_report_batches`.execute(sys.ctx.db)).rows[0]!.n);
    const before = await batches();
    const again = await cast.center.post('/reports/national-batches', { from: '2024-10-01', to: '2024-10-15' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
    expect(again.json().detail).toContain('均已报备');
    expect(again.json().detail).toContain('请调整起止日期');
    expect(again.json().clause).toBeUndefined();
    // a period with no filing at all answers the same
    expect((await cast.center.post('/reports/national-batches', { from: '2024-01-01', to: '2024-01-31' })).statusCode).toBe(409);
    expect(await batches()).toBe(before);
  });

  it('from after to → 400 VALIDATION_FAILED in Chinese; malformed dates and unknown fields → 400', async () => {
    const bad = await cast.center.post('/reports/national-batches', { from: '2024-10-31', to: '2024-10-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect(bad.json().detail).toContain('晚于截止日期');
    expect((await cast.center.post('/reports/national-batches', { from: '2024-02-30', to: '2024-10-01' })).statusCode).toBe(400);
    expect((await cast.center.post('/reports/national-batches', { from: '2024-10-01' })).statusCode).toBe(400);
    expect((await cast.center.post('/reports/national-batches', { from: '2024-10-01', to: '2024-10-31', extra: 1 })).statusCode).toBe(400);
  });

  it('only the centre makes batches: bureau and applicant → 403; the list and the file are for centre, bureau, admin', async () => {
    const body = { from: '2024-10-01', to: '2024-10-31' };
    for (const who of [cast.bureau, applicant, j.admin]) {
      const res = await who.post('/reports/national-batches', body);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    expect((await applicant.get('/reports/national-batches')).statusCode).toBe(403);
    expect((await applicant.get(`/reports/national-batches/${firstBatch.id}.xlsx`)).statusCode).toBe(403);
    expect((await new Client(sys.app).get('/reports/national-batches')).statusCode).toBe(401);
    for (const who of [cast.center, cast.bureau, j.admin]) expect((await who.get('/reports/national-batches')).statusCode).toBe(200);
    // nothing was reported by the refused calls
    expect((await filing(late[0]!)).reportedAt).toBeUndefined();
  });

  it('two batches made at the same moment never report a filing twice: one wins, the other finds nothing left (409)', async () => {
    sys.clock.set(new Date('2024-10-28T09:30:00+08:00'));
    const c2 = new Client(sys.app);
    expectStatus(await c2.login('center', 'Shanghai#2024ok'), 200, 'second centre session');
    // hold the period's unreported filings, so both requests are inside their transactions before either may go on
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = sys.ctx.db.transaction().execute(async (tx) => {
      await sql`SELECT receipt_no FROM filings WHERE receipt_no = ${late[0]!} FOR UPDATE`.execute(tx);
      locked();
      await released;
    });
    await isLocked;
    const body = { from: '2024-10-01', to: '2024-10-31' };
    const both = Promise.all([cast.center.post('/reports/national-batches', body), c2.post('/reports/national-batches', body)]);
    // wait until both wait on the row lock (or, without one, have got as far as they can)
    for (let n = 0; n < 100; n++) {
      const waiting = await sql<{
        n: string;
      }>`SELECT count(*)::text AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(sys.ctx.db);
      if (Number(waiting.rows[0]!.n) >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    release();
    await holder;
    const [x, y] = await both;
    expect([x.statusCode, y.statusCode].sort()).toEqual([201, 409]);
    const won = (x.statusCode === 201 ? x : y).json();
    expect(won.filings).toEqual(late);
    expect(won.createdAt).toBe('2024-10-28T09:30:00+08:00');
    // every filing is in exactly one batch, and the batches list exactly the filings that point at them
    const batches = await sys.ctx.db.selectFrom('national_report_batches').selectAll().execute();
    expect(batches).toHaveLength(2);
    const reported = await sys.ctx.db.selectFrom('filings').select(['receipt_no', 'report_batch_id']).where('report_batch_id', 'is not', null).execute();
    expect(reported.map((f) => f.receipt_no).sort()).toEqual([...early, ...late].sort());
    expect(batches.reduce((s, b) => s + b.filing_count, 0)).toBe(reported.length);
    const audited = await sys.ctx.db.selectFrom('audit_log').select(['after']).where('action', '=', 'report.national_batch').execute();
    const listed = audited.flatMap((a) => (a.after as { filings: string[] }).filings);
    expect(listed.sort()).toEqual([...early, ...late].sort());
    expect((await filing(late[0]!)).reportedAt).toBe('2024-10-28T09:30:00+08:00');
  });

  it('the list: newest first, with the maker, paged on the server', async () => {
    const res = await cast.bureau.get('/reports/national-batches');
    expectStatus(res, 200, 'list');
    const list = res.json();
    expect(list.total).toBe(2);
    expect(list.items).toHaveLength(2);
    expect(list.items[0]).toMatchObject({
      createdAt: '2024-10-28T09:30:00+08:00',
      from: '2024-10-01',
      to: '2024-10-31',
      filingCount: 1,
      createdBy: '市职鉴中心经办人',
    });
    expect(list.items[1]).toEqual({
      id: firstBatch.id,
      createdAt: '2024-10-25T10:00:00+08:00',
      from: '2024-10-01',
      to: '2024-10-15',
      filingCount: 3,
      createdBy: '市职鉴中心经办人',
    });
    const page2 = (await cast.center.get('/reports/national-batches?page=2&pageSize=1')).json();
    expect(page2).toEqual({ total: 2, items: [list.items[1]] });
    expect((await cast.center.get('/reports/national-batches?page=3&pageSize=1')).json()).toEqual({ total: 2, items: [] });
    for (const q of ['pageSize=101', 'pageSize=0', 'page=0', 'page=x', 'q=1']) {
      const bad = await cast.center.get(`/reports/national-batches?${q}`);
      expect(bad.statusCode, q).toBe(400);
      expect(bad.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('the batch as xlsx: the agreed columns, one row per filing, real dates, a Chinese file name; audited as a download', async () => {
    const res = await j.admin.get(`/reports/national-batches/${firstBatch.id}.xlsx`);
    expectStatus(res, 200, 'xlsx');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename=".*\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(`备案报备批次-2024-10-01至2024-10-15-2024-10-25-${firstBatch.id.slice(0, 8)}.xlsx`);
    expect(res.headers['x-row-count']).toBe('3');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('报备备案')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      '回执编号',
      '社评组织名称',
      '统一社会信用代码',
      '职业（工种）名称',
      '职业编码',
      '等级',
      '备案日期',
      '有效期至',
      '状态',
      '报备时间',
    ]);
    expect(ws.rowCount).toBe(4);
    const rows = [2, 3, 4].map((n) => (ws.getRow(n).values as unknown[]).slice(1));
    expect(rows.map((r) => r[0])).toEqual(early);
    expect(rows.map((r) => r[1]).sort()).toEqual(['上海报备测试乙培训中心', '上海报备测试甲有限公司', '上海报备测试甲有限公司']);
    const first = rows[0]!;
    expect((first[6] as Date).toISOString()).toBe('2024-10-13T00:00:00.000Z');
    expect((first[7] as Date).toISOString()).toBe('2027-10-12T00:00:00.000Z');
    expect(first[8]).toBe('有效');
    // Excel has no time zones: the Beijing time is shown as such
    expect((first[9] as Date).toISOString()).toBe('2024-10-25T10:00:00.000Z');
    expect(rows.every((r) => typeof r[5] === 'string' && r[5].length > 0)).toBe(true);
    const info = wb.getWorksheet('说明')!;
    const notes = Object.fromEntries([...Array(info.rowCount).keys()].map((i) => (info.getRow(i + 1).values as unknown[]).slice(1)));
    expect(notes).toMatchObject({ 批次编号: firstBatch.id, 备案日期范围: '2024-10-01 至 2024-10-15', 记录数: '3', 报备人: '市职鉴中心经办人' });

    const audit = await sys.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'report.national_batch_xlsx').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'report', entity_id: firstBatch.id, actor_role: 'admin', after: { rows: 3 } });
    expect(new Date(audit[0]!.business_at).toISOString()).toBe(sys.clock.now().toISOString());
  });

  it('an unknown batch → 404; a malformed id → 400', async () => {
    const none = await cast.center.get('/reports/national-batches/00000000-0000-4000-8000-000000000000.xlsx');
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('NOT_FOUND');
    expect((await cast.center.get('/reports/national-batches/nope.xlsx')).statusCode).toBe(400);
  });

  it('the OpenAPI document describes the three routes with their schemas', async () => {
    const doc = (await new Client(sys.app).get('/openapi.json')).json();
    const paths = doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    expect(Object.keys(paths['/api/v1/reports/national-batches']!).sort()).toEqual(['get', 'post']);
    expect(paths['/api/v1/reports/national-batches/{id}.xlsx']?.get).toBeDefined();
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['NationalReportBatch', 'NationalReportBatchList', 'NationalReportBatchSummary']),
    );
  });
});
