import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, samplePdf, type TestSystem } from '../test-support/harness.js';
import type { Client } from '../bootstrap/inject-client.js';
import { Journey, expectStatus, itemsBySeq, makeCast, type Cast } from '../bootstrap/journey.js';

async function countBlobs(root: string): Promise<number> {
  let n = 0;
  const objects = path.join(root, 'blobs', 'objects');
  for (const d of await fs.readdir(objects).catch(() => [])) n += (await fs.readdir(path.join(objects, d))).length;
  return n;
}

/** 四(一) materials: PDFs by content, limits, nothing kept on refusal, downloads in scope only. */
describe('materials', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let org: Client;
  let appId: string;
  let itemId: string;

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T09:00:00+08:00', env: { MAX_UPLOAD_MIB: '0.05' } });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { districts: ['310115'] });
    org = (await j.registerOrg({ username: 'mat_org', name: '上海材料测试有限公司', uscc: '91310115MA1H000011' })).client;
    const campaign = await j.campaign2024();
    const r = await org.post('/applications', {
      campaignId: campaign.id,
      industryAuthority: cast.authority,
      items: itemsBySeq(campaign.items, [33]),
      sites: [{ name: '考核点', address: '浦东1号', district: '310115' }],
    });
    appId = r.json().id;
    itemId = r.json().items[0].id;
  });
  afterAll(async () => sys?.close());

  const upload = (fields: Record<string, string>, content: Buffer, name = '材料.pdf') =>
    org.upload(`/applications/${appId}/materials`, fields, { name, content });

  it('refuses what is not a usable PDF, and keeps nothing of it (SEC-18)', async () => {
    const before = await countBlobs(sys.dataDir);
    const cases: [Record<string, string>, Buffer, number, string][] = [
      [{ kind: 'credit_proof' }, Buffer.from('GIF89a not a pdf'), 415, 'INVALID_FILE'],
      [{ kind: 'credit_proof' }, samplePdf().subarray(0, 200), 415, 'INVALID_FILE'], // truncated: no %%EOF
      [{ kind: 'credit_proof' }, Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer << /Root 1 0 R /Encrypt 5 0 R >>\n%%EOF\n'), 415, 'INVALID_FILE'],
      [{ kind: 'credit_proof' }, Buffer.alloc(0), 415, 'INVALID_FILE'],
      [{ kind: 'credit_proof' }, Buffer.concat([samplePdf(), Buffer.alloc(60 * 1024, 32)]), 413, 'FILE_TOO_LARGE'],
      [{ kind: 'sample_paper' }, samplePdf(), 400, 'VALIDATION_FAILED'], // no itemId
      [{ kind: 'sample_paper', itemId: '00000000-0000-4000-8000-000000000000' }, samplePdf(), 400, 'VALIDATION_FAILED'],
      [{ kind: 'passport' }, samplePdf(), 400, 'VALIDATION_FAILED'],
      // 四(一) item 2: the applicant may upload its 推荐函 (api-v1 second reading) — only a site photo is not its to give
      [{ kind: 'site_photo' }, samplePdf(), 403, 'FORBIDDEN'],
    ];
    for (const [fields, content, status, code] of cases) {
      const res = await upload(fields, content);
      expect(res.statusCode, `${JSON.stringify(fields)} → ${res.body}`).toBe(status);
      expect(res.json().code).toBe(code);
      expect(res.json().detail).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await countBlobs(sys.dataDir)).toBe(before);
    expect((await org.get(`/applications/${appId}`)).json().materials).toHaveLength(0);
  });

  it('stores a PDF with its SHA-256 and serves it back with its Chinese name (RFC 5987)', async () => {
    const pdf = samplePdf('credit');
    const res = await upload({ kind: 'credit_proof' }, pdf, '../../etc/信用报告 2024.pdf');
    expectStatus(res, 201, 'upload');
    const m = res.json();
    expect(m.fileName).toBe('信用报告 2024.pdf');
    expect(m.size).toBe(pdf.length);
    expect(m.sha256).toBe((await import('node:crypto')).createHash('sha256').update(pdf).digest('hex'));
    const dl = await org.get(`/applications/${appId}/materials/${m.id}`);
    expect(dl.rawPayload.equals(pdf)).toBe(true);
    expect(dl.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('信用报告 2024.pdf')}`);
    // the same organisation's file is invisible to another applicant and to an uninvolved district
    const other = (await j.registerOrg({ username: 'nosy_org', name: '上海旁观者有限公司', uscc: '51310000MJ0000001N', legalForm: 'social_group' })).client;
    expect((await other.get(`/applications/${appId}/materials/${m.id}`)).statusCode).toBe(404);
    const jingan = (await j.staff({ username: 'hr_jingan', role: 'district_hr', displayName: '静安区人社局', district: '310106' })).client;
    expect((await jingan.get(`/applications/${appId}/materials/${m.id}`)).statusCode).toBe(404);
    // a download is audited (SEC-09)
    const audit = (await j.admin.get(`/audit?entityType=application&entityId=${appId}`)).json().items;
    expect(audit.some((a: { action: string }) => a.action === 'material.download')).toBe(true);
  });

  it('sample papers count per item; deleting one brings the blocker back', async () => {
    const p1 = (await upload({ kind: 'sample_paper', itemId }, samplePdf('p1'))).json();
    await upload({ kind: 'sample_paper', itemId }, samplePdf('p2'));
    let blockers = (await org.get(`/applications/${appId}/checklist`)).json().blockers;
    expect(blockers.some((b: { ref?: { kind?: string } }) => b.ref?.kind === 'sample_paper')).toBe(false);
    expect((await org.delete(`/applications/${appId}/materials/${p1.id}`)).statusCode).toBe(204);
    blockers = (await org.get(`/applications/${appId}/checklist`)).json().blockers;
    expect(blockers.find((b: { ref?: { kind?: string } }) => b.ref?.kind === 'sample_paper').detail).toContain('还差 1 套');
  });

  it('a recommender may attach a signed letter to its recommendation', async () => {
    expectStatus(await org.post(`/applications/${appId}/request-recommendation`), 200, 'request');
    const letter = await cast.industry.upload(
      `/applications/${appId}/materials`,
      { kind: 'recommendation_letter' },
      { name: '推荐函.pdf', content: samplePdf('letter') },
    );
    expectStatus(letter, 201, 'letter');
    const r = await cast.industry.post(`/applications/${appId}/recommendations`, {
      decision: 'recommend',
      comment: '同意推荐',
      letterMaterialId: letter.json().id,
    });
    expectStatus(r, 200, 'recommend with letter');
    expect(r.json().recommendations[0].letterMaterialId).toBe(letter.json().id);
  });

  it('after the window closes an unsubmitted application is read-only (四(二))', async () => {
    sys.clock.set(new Date('2024-08-29T00:00:00+08:00'));
    const res = await upload({ kind: 'work_plan' }, samplePdf('late'));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('WINDOW_CLOSED');
    expect(res.json().clause).toBe('四(二)');
    const edit = await org.patch(`/applications/${appId}`, { industryAuthority: '上海市教育委员会' });
    expect(edit.statusCode).toBe(409);
  });
});
