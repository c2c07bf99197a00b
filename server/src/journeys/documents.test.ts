import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { extractPdfText } from '../test-support/pdf-text.js';
import { Journey, applyAndSubmit, expectStatus, fileFirstItem, makeCast, type Cast, type CaseHandle } from '../bootstrap/journey.js';
import { CONDITIONS } from '../modules/documents/notice-text.js';

const BASE = 'https://pingjia.example.gov.cn';

/** pdftotext (poppler) when installed — a second, independent reader of the same file. */
function pdftotext(pdf: Buffer): string | null {
  const tmp = path.join(os.tmpdir(), `shsp-${process.pid}-${Date.now()}.pdf`);
  try {
    fs.writeFileSync(tmp, pdf);
    return execFileSync('pdftotext', ['-layout', tmp, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** 四(一)3 the generated 申请表 and 三(五) the 备案回执: real PDFs, searchable, verifiable (SEC-14). */
describe('generated documents', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let org: Client;
  let other: Client;
  let app: CaseHandle;
  let receiptNo: string;
  const anon = () => new Client(sys.app);

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T09:00:00+08:00', env: { PUBLIC_BASE_URL: BASE } });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    org = (await j.registerOrg({ username: 'doc_org', name: '上海东方咖啡职业技能评价有限公司', uscc: '91310115MA1H000011' })).client;
    other = (await j.registerOrg({ username: 'doc_other', name: '上海市美容美发行业协会', uscc: '51310000MJ0000001N', legalForm: 'social_group' })).client;
    const campaign = await j.campaign2024();
    app = await applyAndSubmit(j, cast, org, campaign, [33, 88], ['310115', '310104']); // 咖啡师, 人工智能数据标注
    receiptNo = await fileFirstItem(cast, org, app, sys.clock);
    const filed = (await org.get(`/applications/${app.id}`)).json();
    // published 10-08, five working days to Saturday 10-12 (a make-up working day): filed on 10-13
    expect(filed.items[0].filing).toMatchObject({ filedOn: '2024-10-13', validUntil: '2027-10-12' });
  }, 120_000);
  afterAll(async () => sys?.close());

  it('申请表: an A4 PDF with the CJK font embedded as a subset, small, and its text searchable', async () => {
    const res = await org.get(`/applications/${app.id}/form.pdf`);
    expectStatus(res, 200, 'form.pdf');
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^inline; filename=".*\.pdf"; filename\*=UTF-8''%E7%A4%BE/);
    expect(res.headers['cache-control']).toBe('no-store');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(1024 * 1024);
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(raw).toMatch(/\/FontFile2/); // TrueType embedded…
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/); // …as a subset (tagged name)
    expect(raw).toMatch(/\/ToUnicode/);

    const text = await extractPdfText(pdf);
    const t = text.compact;
    for (const s of [
      '社会培训评价组织征集遴选申请表',
      '沪人社职〔2024〕270号',
      '上海东方咖啡职业技能评价有限公司',
      '91310115MA1H000011',
      '企业',
      '张三',
      '浦东新区',
      '徐汇区',
      '上海市示例路10号',
      '咖啡师',
      '人工智能数据标注',
      '专项职业能力',
      '五级/初级工',
      '三级/高级工',
      '上海市商务委员会',
      '浦东新区人力资源和社会保障局',
      '徐汇区人力资源和社会保障局',
      '同意推荐',
      '法定代表人签字',
      '单位盖章',
      '日期',
      '13800138000',
      'contact@example.cn',
      '申报状态',
    ]) {
      expect(t, s).toContain(s.replace(/\s+/g, ''));
    }
    // 一(一)–(六) quoted from the notice
    for (const c of CONDITIONS) expect(t, c.clause).toContain(c.text.replace(/\s+/g, ''));
    // nothing was declared online (this application came through the API without declarations):
    // every clause keeps its two empty boxes, to be ticked on paper, and no declaration line is printed
    for (const c of CONDITIONS) expect(t, c.clause).toContain(`${c.text.replace(/\s+/g, '')}□符合□不符合`);
    expect(t).not.toContain('在线声明');
    expect(text.mappedChars.has('✓')).toBe(false); // the subset holds only the glyphs used
    // the occupation code of 咖啡师 (2022 大典)
    const view = (await org.get(`/applications/${app.id}`)).json();
    expect(t).toContain(view.items[0].occupationCode);
    const poppler = pdftotext(pdf);
    if (poppler !== null) {
      const p = poppler.replace(/\s+/g, '');
      expect(p).toContain('社会培训评价组织征集遴选申请表');
      expect(p).toContain('91310115MA1H000011');
      expect(p).toContain(CONDITIONS[2]!.text.slice(0, 20));
    }
  });

  it('申请表: scope as for the application — others get 404, and every download is audited', async () => {
    expect((await other.get(`/applications/${app.id}/form.pdf`)).statusCode).toBe(404);
    expect((await cast.center.get(`/applications/${app.id}/form.pdf`)).statusCode).toBe(200);
    expect((await cast.experts[0]!.client.get(`/applications/${app.id}/form.pdf`)).statusCode).toBe(200);
    expect((await cast.hr['310104']!.get(`/applications/${app.id}/form.pdf`)).statusCode).toBe(200);
    expect((await anon().get(`/applications/${app.id}/form.pdf`)).statusCode).toBe(401);
    const audit = (await cast.center.get(`/audit?entityType=application&entityId=${app.id}`))
      .json()
      .items.filter((a: { action: string }) => a.action === 'document.application_form');
    expect(audit.length).toBeGreaterThanOrEqual(4);
    expect(audit[0].after.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('备案回执: number, organisation, USCC, item and levels, dates, issuing body, SM3 digests and the verification URL', async () => {
    const res = await org.get(`/filings/${receiptNo}/receipt.pdf`);
    expectStatus(res, 200, 'receipt.pdf');
    const pdf = res.rawPayload;
    expect(pdf.length).toBeLessThan(1024 * 1024);
    const t = (await extractPdfText(pdf)).compact;
    const url = `${BASE}/verify/${receiptNo}`;
    for (const s of [
      '社会培训评价组织备案回执',
      receiptNo,
      '上海东方咖啡职业技能评价有限公司',
      '91310115MA1H000011',
      '咖啡师',
      '五级/初级工、四级/中级工、三级/高级工',
      '2024年10月13日',
      '2027年10月12日',
      '上海市职业技能鉴定中心',
      '有效',
      url,
      '根据《上海市人力资源和社会保障局关于开展安全防范系统安装维护员等社会培训评价组织征集遴选工作的通知》（沪人社职〔2024〕270号）',
    ]) {
      expect(t, s).toContain(s);
    }
    // the QR code and the printed URL open the public verification
    expect(pdf.toString('latin1')).toContain(`/URI (${url})`);
    const v = (await anon().get(`/public/filings/${receiptNo}`)).json();
    expect(v.verifyUrl).toBe(url);
    expect(v.integrity.algorithm).toBe('SM3');
    expect(v.integrity.snapshotDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(t).toContain(v.integrity.snapshotDigest);
    expect(t).toContain(v.integrity.materialsDigest);
    expect(v.integrity.intact).toBe(true);
    expect(v.integrity.materialCount).toBe(8); // 4 documents + 2 sample papers × 2 items
  });

  it('备案回执: applicants see only their own; the centre, the bureau and admin any; downloads audited', async () => {
    expect((await other.get(`/filings/${receiptNo}/receipt.pdf`)).statusCode).toBe(404);
    expect((await cast.bureau.get(`/filings/${receiptNo}/receipt.pdf`)).statusCode).toBe(200);
    expect((await cast.center.get(`/filings/${receiptNo}/receipt.pdf`)).statusCode).toBe(200);
    expect((await cast.industry.get(`/filings/${receiptNo}/receipt.pdf`)).statusCode).toBe(403);
    expect((await org.get('/filings/SHPB-2024-99999/receipt.pdf')).statusCode).toBe(404);
    const audit = (await cast.center.get(`/audit?entityType=filing&entityId=${receiptNo}`)).json().items;
    expect(audit.filter((a: { action: string }) => a.action === 'document.filing_receipt').length).toBe(3);
  });

  it('verification recomputes the digests: a record changed after filing is reported (SEC-14)', async () => {
    const db = sys.database.db;
    const before = (await anon().get(`/public/filings/${receiptNo}`)).json().integrity;
    await db.updateTable('organizations').set({ address: '被篡改的地址' }).where('uscc', '=', '91310115MA1H000011').execute();
    let v = (await anon().get(`/public/filings/${receiptNo}`)).json().integrity;
    expect(v.intact).toBe(false);
    expect(v.snapshotDigest).toBe(before.snapshotDigest);
    expect(v.recomputedSnapshotDigest).not.toBe(before.snapshotDigest);
    expect(v.recomputedMaterialsDigest).toBe(before.materialsDigest);
    await db.updateTable('organizations').set({ address: '上海市浦东新区世纪大道100号' }).where('uscc', '=', '91310115MA1H000011').execute();
    const m = await db
      .selectFrom('materials')
      .select(['id', 'sha256'])
      .where('application_id', '=', app.id)
      .where('kind', '=', 'work_plan')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('materials')
      .set({ sha256: '0'.repeat(64) })
      .where('id', '=', m.id)
      .execute();
    v = (await anon().get(`/public/filings/${receiptNo}`)).json().integrity;
    expect(v.intact).toBe(false);
    expect(v.recomputedSnapshotDigest).toBe(before.snapshotDigest);
    expect(v.recomputedMaterialsDigest).not.toBe(before.materialsDigest);
    await db.updateTable('materials').set({ sha256: m.sha256 }).where('id', '=', m.id).execute();
    expect((await anon().get(`/public/filings/${receiptNo}`)).json().integrity.intact).toBe(true);
  });

  it('a revoked receipt says so — in verification and printed on the PDF', async () => {
    expectStatus(await cast.bureau.post(`/filings/${receiptNo}/revoke`, { reason: '年度检查发现违规评价' }), 200, 'revoke');
    const v = (await anon().get(`/public/filings/${receiptNo}`)).json();
    expect(v.status).toBe('revoked');
    expect(v.statusLabel).toBe('已撤销');
    expect(v.valid).toBe(false);
    const t = (await extractPdfText((await org.get(`/filings/${receiptNo}/receipt.pdf`)).rawPayload)).compact;
    expect(t).toContain('已撤销');
    expect(t).toContain('年度检查发现违规评价');
  });

  it('without PUBLIC_BASE_URL the verification URL is the server’s own (from the request)', async () => {
    const { baseUrlOf } = await import('../modules/documents/documents.routes.js');
    expect(baseUrlOf({ protocol: 'http', host: 'pingjia.local:8080' } as never)).toBe('http://pingjia.local:8080');
    expect(baseUrlOf({ protocol: 'https', host: 'x' } as never, BASE)).toBe(BASE);
  });
});
