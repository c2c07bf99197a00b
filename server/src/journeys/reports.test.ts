import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Journey, applyAndSubmit, expectStatus, makeCast, passInstitution, type Cast, type CaseHandle } from '../bootstrap/journey.js';
import { usccCheckChar } from '../workflow/uscc.js';

async function readXlsx(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

/** 三(五) 报备 and the centre's exports: real dates, Chinese headers, masked phones, audited. */
describe('reports and exports', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let campaignId: string;
  let filedApp: CaseHandle;
  let otherApp: CaseHandle;
  let applicant: Client;

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    const campaign = await j.campaign2024();
    campaignId = campaign.id;
    const a = await j.registerOrg({ username: 'rep_a', name: '上海东方咖啡职业技能评价有限公司', uscc: '91310115MA1H000011' });
    applicant = a.client;
    filedApp = await applyAndSubmit(j, cast, a.client, campaign, [33], ['310115']);
    sys.clock.set(new Date('2024-08-28T15:30:00+08:00'));
    // a name Excel would run as a formula, to prove the CSV neutralises it
    const b = await j.registerOrg({
      username: 'rep_b',
      name: '=HYPERLINK("http://x")培训中心',
      uscc: `91310104MA1H00002${usccCheckChar('91310104MA1H00002')}`,
      district: '310104',
    });
    otherApp = await applyAndSubmit(j, cast, b.client, campaign, [36], ['310104']);
    const c = await j.registerOrg({
      username: 'rep_c',
      name: '上海徐汇家政服务培训中心',
      uscc: '52310104MJ0000001J',
      legalForm: 'private_non_enterprise',
      district: '310104',
    });
    await c.client.post('/applications', { campaignId: campaign.id, industryAuthority: cast.authority, items: [], sites: [] }); // a draft, never submitted
    sys.clock.set(new Date('2024-09-02T09:00:00+08:00'));
    await passInstitution(cast, filedApp, '2024-09-03');
    sys.clock.set(new Date('2024-10-08T10:00:00+08:00'));
    const item = filedApp.items[0]!.id;
    expectStatus(await cast.center.post(`/application-items/${item}/project-evaluation`, { result: 'pass', summary: '通过' }), 200, 'project');
    expectStatus(await cast.bureau.post(`/application-items/${item}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve');
    expectStatus(await cast.center.post('/publicities', { title: '公示', applicationItemIds: [item] }), 201, 'publicity');
    sys.clock.set(new Date('2024-10-19T00:00:00+08:00'));
  }, 120_000);
  afterAll(async () => sys?.close());

  it('filings.xlsx: one row per filing, Chinese headers, dates as real Excel dates, phones masked', async () => {
    const res = await cast.center.get('/reports/filings.xlsx?from=2024-10-01&to=2024-10-31');
    expectStatus(res, 200, 'filings.xlsx');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".*\.xlsx"; filename\*=UTF-8''/);
    expect(res.headers['x-row-count']).toBe('1');
    const wb = await readXlsx(res.rawPayload);
    const ws = wb.getWorksheet('备案信息')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(
      expect.arrayContaining(['备案回执编号', '社评组织名称', '统一社会信用代码', '职业（工种）', '等级', '备案日期', '有效期至', '备案状态', '联系电话']),
    );
    const col = (name: string) => header.indexOf(name) + 1;
    const row = ws.getRow(2);
    expect(row.getCell(col('备案回执编号')).value).toBe('SHPB-2024-00001');
    expect(row.getCell(col('社评组织名称')).value).toBe('上海东方咖啡职业技能评价有限公司');
    const filedOn = row.getCell(col('备案日期'));
    expect(filedOn.value).toBeInstanceOf(Date);
    expect((filedOn.value as Date).toISOString()).toBe('2024-10-13T00:00:00.000Z');
    expect(filedOn.numFmt).toBe('yyyy-mm-dd');
    expect((row.getCell(col('有效期至')).value as Date).toISOString()).toBe('2027-10-12T00:00:00.000Z');
    expect(row.getCell(col('备案状态')).value).toBe('有效');
    expect(row.getCell(col('联系电话')).value).toBe('138****8000');
    expect(ws.rowCount).toBe(2);
    expect(wb.getWorksheet('说明')!.getRow(2).values).toEqual([undefined, '备案日期范围', '2024-10-01 至 2024-10-31']);
  });

  it('filings.xlsx: the range filters by 备案日期; a reversed range is refused; bureau may, applicants may not', async () => {
    expect((await cast.bureau.get('/reports/filings.xlsx?from=2024-10-14')).headers['x-row-count']).toBe('0');
    expect((await cast.bureau.get('/reports/filings.xlsx?to=2024-10-13')).headers['x-row-count']).toBe('1');
    const bad = await cast.center.get('/reports/filings.xlsx?from=2024-10-31&to=2024-10-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect((await cast.center.get('/reports/filings.xlsx?from=2024-13-01')).statusCode).toBe(400);
    expect((await applicant.get('/reports/filings.xlsx')).statusCode).toBe(403);
    expect((await cast.bureau.get('/reports/applications.xlsx')).statusCode).toBe(403);
  });

  it('applications.xlsx: filtered by campaign, status and submission date; times in Beijing time', async () => {
    const all = await cast.center.get(`/reports/applications.xlsx?campaignId=${campaignId}`);
    expectStatus(all, 200, 'applications.xlsx');
    expect(all.headers['x-row-count']).toBe('3');
    const submitted = await cast.center.get('/reports/applications.xlsx?from=2024-08-28&to=2024-08-28');
    expect(submitted.headers['x-row-count']).toBe('1');
    const ws = (await readXlsx(submitted.rawPayload)).getWorksheet('申报信息')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const row = ws.getRow(2);
    expect(row.getCell(col('申报编号')).value).toBe(otherApp.id);
    // Excel has no time zones: 2024-08-28 15:30 Beijing time is shown as such
    expect((row.getCell(col('首次提交时间（北京时间）')).value as Date).toISOString()).toBe('2024-08-28T15:30:00.000Z');
    expect(row.getCell(col('申报职业（工种）及等级')).value).toContain('36 美发师');
    expect(row.getCell(col('联系电话')).value).toBe('138****8000');
    const byStatus = await cast.center.get('/reports/applications.xlsx?status=draft');
    expect(byStatus.headers['x-row-count']).toBe('1');
    expect((await cast.center.get('/reports/applications.xlsx?status=nonsense')).statusCode).toBe(400);
  });

  it('applications.csv: UTF-8 with BOM, CRLF, masked phones, formulas neutralised', async () => {
    const res = await cast.center.get(`/reports/applications.csv?campaignId=${campaignId}&from=2024-08-01&to=2024-08-31`);
    expectStatus(res, 200, 'csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const buf = res.rawPayload;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(buf.subarray(3).toString('utf8'));
    expect(rows[0]).toContain('申报单位');
    expect(rows).toHaveLength(3); // header + the two submitted
    const org = rows[0]!.indexOf('申报单位');
    const phone = rows[0]!.indexOf('联系电话');
    expect(rows.map((r) => r[org])).toContain(`'=HYPERLINK("http://x")培训中心`);
    expect(rows.slice(1).every((r) => r[phone] === '138****8000')).toBe(true);
    expect(rows[1]![rows[0]!.indexOf('首次提交时间（北京时间）')]).toBe('2024-08-26 09:00:00');
  });

  it('every report and export is audited with its filter and row count (SEC-09)', async () => {
    const audit = (await cast.center.get('/audit?entityType=report&limit=50')).json().items as { action: string; after: { rows: number } }[];
    const actions = audit.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['report.filings_xlsx', 'report.applications_xlsx', 'report.applications_csv']));
    expect(audit.find((a) => a.action === 'report.applications_csv')!.after.rows).toBe(2);
  });
});
