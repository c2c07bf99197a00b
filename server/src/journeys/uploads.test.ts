import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import PDFKit from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../bootstrap/inject-client.js';
import { Journey, applyAndSubmit, expectStatus, itemsBySeq, makeCast, type Cast } from '../bootstrap/journey.js';
import { PendingUploads } from '../platform/blob/pending-uploads.js';
import { createTestSystem, samplePdf, type TestSystem } from '../test-support/harness.js';
import { pdfBuffer } from '../test-support/pdf-stream.js';
import { startS3rver, type S3rverProcess } from '../test-support/s3rver.js';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** A tiny but well-formed JPEG (SOI, APP0, EOI) and PNG (signature, IHDR, IEND). */
function jpeg(seed: string): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0'),
    crypto.createHash('sha256').update(seed).digest(),
    Buffer.from([0xff, 0xd9]),
  ]);
}
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => Buffer.concat([Buffer.alloc(4, 0), Buffer.from(type), data, Buffer.alloc(4, 0)]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.alloc(13, 1)),
    chunk('IDAT', Buffer.alloc(20, 2)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
async function encryptedPdf(): Promise<Buffer> {
  const doc = new PDFKit({ userPassword: 'secret', ownerPassword: 'owner', pdfVersion: '1.7' });
  const parts: Buffer[] = [];
  doc.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise((r) => doc.on('end', r));
  doc.text('加密的材料');
  doc.end();
  await done;
  return Buffer.concat(parts);
}
/** Header and trailer intact, an object in the middle damaged: only parsing finds it. */
function brokenInside(): Buffer {
  const p = samplePdf('broken');
  return Buffer.concat([p.subarray(0, 150), Buffer.from('zzzz ((( garbage <<'), p.subarray(150)]);
}

let s3: S3rverProcess;
beforeAll(async () => {
  s3 = await startS3rver();
}, 30_000);
afterAll(async () => s3?.stop());

/** Uploads and downloads end to end, on each blob store driver. */
describe.each(['local', 's3'] as const)('uploads on the %s blob store', (driver) => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let org: Client;
  let draftId: string;
  let accepted: { id: string; sites: { id: string }[] };

  const blobKeys = async () => {
    const keys: string[] = [];
    for await (const b of sys.ctx.blobs.list()) keys.push(b.key);
    return keys.sort();
  };
  const pendingRows = async () => (await sys.ctx.db.selectFrom('blob_uploads').selectAll().execute()).length;
  const up = (c: Client, appId: string, fields: Record<string, string>, content: Buffer, name = '材料.pdf', type?: string) =>
    c.upload(`/applications/${appId}/materials`, fields, { name, content, ...(type ? { type } : {}) });

  beforeAll(async () => {
    sys = await createTestSystem({
      now: '2024-08-26T09:00:00+08:00',
      env: {
        ...(driver === 's3' ? s3.env : {}),
        UPLOAD_LIMITS_MIB: 'work_plan=0.1,site_photo=0.01',
        MAX_APPLICATION_UPLOAD_MIB: '0.4',
        DOWNLOAD_PREVERIFY_MIB: '0.05',
        BLOB_GRACE_SECONDS: '1',
      },
    });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { districts: ['310115'] });
    const campaign = await j.campaign2024();
    org = (await j.registerOrg({ username: `up_org_${driver}`, name: `上海上传测试${driver}有限公司`, uscc: '91310115MA1H000011' })).client;
    const r = await org.post('/applications', {
      campaignId: campaign.id,
      industryAuthority: cast.authority,
      items: itemsBySeq(campaign.items, [33]),
      sites: [{ name: '考核点', address: '浦东1号', district: '310115' }],
    });
    expectStatus(r, 201, 'draft');
    draftId = r.json().id;
    const other = (
      await j.registerOrg({ username: `up_org2_${driver}`, name: `上海现场考察${driver}有限公司`, uscc: '51310000MJ0000001N', legalForm: 'social_group' })
    ).client;
    accepted = await applyAndSubmit(j, cast, other, campaign, [34], ['310115']);
    expectStatus(await cast.center.post(`/applications/${accepted.id}/acceptance`, { decision: 'accept', reason: '材料齐全' }), 200, 'accept');
  }, 60_000);
  afterAll(async () => sys?.close());

  it('stores a PDF through the commit protocol and serves the same bytes back', async () => {
    const pdf = await pdfBuffer(30_000, `${driver}-plan`);
    const res = await up(org, draftId, { kind: 'work_plan' }, pdf, '工作方案（2024）.pdf');
    expectStatus(res, 201, 'upload');
    expect(res.json().sha256).toBe(sha(pdf));
    expect(await pendingRows()).toBe(0);
    const row = await sys.ctx.db.selectFrom('materials').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect((await sys.ctx.blobs.stat(row.blob_key))?.size).toBe(pdf.length);
    const dl = await org.get(`/applications/${draftId}/materials/${res.json().id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(pdf)).toBe(true);
    expect(dl.headers['x-content-sha256']).toBe(sha(pdf));
  });

  it('refuses encrypted and internally broken PDFs, over-size files and an over-full application — keeping nothing', async () => {
    const before = await blobKeys();
    const cases: [Record<string, string>, Buffer, number, RegExp][] = [
      [{ kind: 'credit_proof' }, await encryptedPdf(), 415, /加密/],
      [{ kind: 'credit_proof' }, brokenInside(), 415, /损坏|无法解析/],
      [{ kind: 'work_plan' }, await pdfBuffer(120_000, 'big-plan'), 413, /100 KiB|0\.1 MiB|上限/],
      [{ kind: 'credit_proof' }, await pdfBuffer(420_000, 'too-much'), 413, /合计/],
      [{ kind: 'site_photo', siteId: crypto.randomUUID() }, jpeg('x'), 403, /市职鉴中心/],
    ];
    for (const [fields, content, status, detail] of cases) {
      const res = await up(org, draftId, fields, content);
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().detail).toMatch(detail);
    }
    expect(await blobKeys()).toEqual(before);
    expect(await pendingRows()).toBe(0);
  });

  it('the per-application total counts what is already there (and is re-checked under the case lock)', async () => {
    const a = await up(org, draftId, { kind: 'credit_proof' }, await pdfBuffer(200_000, 'credit'));
    expectStatus(a, 201, 'credit');
    const b = await up(org, draftId, { kind: 'license_copy' }, await pdfBuffer(200_000, 'license'));
    expect(b.statusCode).toBe(413);
    expect(b.json().detail).toContain('合计');
    // deleting a material frees its share
    expect((await org.delete(`/applications/${draftId}/materials/${a.json().id}`)).statusCode).toBe(204);
    expectStatus(await up(org, draftId, { kind: 'license_copy' }, await pdfBuffer(200_000, 'license')), 201, 'after delete');
  });

  it('site-inspection photos: the centre, JPEG/PNG by content, tied to a site of the case (三(三))', async () => {
    const site = accepted.sites[0]!.id;
    const photo = jpeg(`site-${driver}`);
    const r = await up(cast.center, accepted.id, { kind: 'site_photo', siteId: site }, photo, '现场 照片.jpg', 'image/jpeg');
    expectStatus(r, 201, 'photo');
    expect(r.json()).toMatchObject({ kind: 'site_photo', siteId: site, fileName: '现场 照片.jpg', size: photo.length });
    const p = await up(cast.center, accepted.id, { kind: 'site_photo', siteId: site }, png(), 'scan.png', 'image/png');
    expectStatus(p, 201, 'png');
    const dl = await cast.center.get(`/applications/${accepted.id}/materials/${r.json().id}`);
    expect(dl.headers['content-type']).toBe('image/jpeg');
    expect(dl.rawPayload.equals(photo)).toBe(true);
    const refused: [Client, Record<string, string>, Buffer, number, string][] = [
      [cast.center, { kind: 'site_photo', siteId: site }, Buffer.from('GIF89a…'), 415, 'INVALID_FILE'],
      [cast.center, { kind: 'site_photo', siteId: site }, samplePdf(), 415, 'INVALID_FILE'],
      [cast.center, { kind: 'site_photo', siteId: site }, Buffer.concat([jpeg('big'), Buffer.alloc(20_000)]), 413, 'FILE_TOO_LARGE'],
      [cast.center, { kind: 'site_photo', siteId: crypto.randomUUID() }, jpeg('y'), 400, 'VALIDATION_FAILED'],
      [cast.center, { kind: 'site_photo' }, jpeg('y'), 400, 'VALIDATION_FAILED'],
      [cast.center, { kind: 'work_plan' }, samplePdf(), 403, 'FORBIDDEN'],
    ];
    for (const [who, fields, content, status, code] of refused) {
      const res = await up(who, accepted.id, fields, content, 'x.jpg', 'image/jpeg');
      expect(res.statusCode, `${JSON.stringify(fields)} ${res.body}`).toBe(status);
      expect(res.json().code).toBe(code);
    }
    // before acceptance there is no site inspection to photograph
    const early = await up(cast.center, draftId, { kind: 'site_photo', siteId: crypto.randomUUID() }, jpeg('z'));
    expect(early.statusCode).toBe(409);
  });

  it('the cleanup removes strays (dead uploads, unreferenced files) and never a referenced or living one', async () => {
    const referenced = await blobKeys();
    // a dead upload: its row's heartbeat stopped an hour ago, its file was written
    const dead = sys.ctx.blobs.newKey();
    await sys.ctx.db
      .insertInto('blob_uploads')
      .values({ key: dead, started_at: new Date(Date.now() - 3_600_000), touched_at: new Date(Date.now() - 3_600_000) })
      .execute();
    await sys.ctx.blobs.put(Readable.from([Buffer.from('half an upload')]), { key: dead, maxBytes: 100 });
    // a file no row refers to (the node died between abandon's two steps)
    const orphan = await sys.ctx.blobs.put(Readable.from([Buffer.from('orphan')]), { maxBytes: 100 });
    // a living upload: older than the grace period, but its heartbeat goes on
    const living = await new PendingUploads(sys.ctx.db, sys.ctx.blobs, 1000).begin();
    await sys.ctx.blobs.put(Readable.from([Buffer.from('still uploading')]), { key: living.key, maxBytes: 100 });
    await new Promise((r) => setTimeout(r, 2100));
    const report = (await j.admin.post('/system/blobs/cleanup', {})).json();
    expect(report).toMatchObject({ skipped: false, expiredUploads: 1, unreferenced: 1 });
    const after = await blobKeys();
    expect(after).toEqual([...referenced, living.key].sort());
    expect(after).not.toContain(orphan.key);
    await living.abandon();
    expect(await blobKeys()).toEqual(referenced);
    // a second round finds nothing; the audit records who ran it
    expect((await j.admin.post('/system/blobs/cleanup', {})).json()).toMatchObject({ expiredUploads: 0, temporary: 0, unreferenced: 0 });
    const audit = (await j.admin.get('/audit?entityType=system&entityId=blobs')).json().items;
    expect(audit.some((a: { action: string }) => a.action === 'blobs.cleanup')).toBe(true);
  }, 20_000);

  it('a stored file that no longer matches its SHA-256 is reported, and never served as if intact', async () => {
    const small = (await up(org, draftId, { kind: 'application_form' }, samplePdf(`form-${driver}`))).json();
    const large = (await up(org, draftId, { kind: 'work_plan' }, await pdfBuffer(90_000, `plan2-${driver}`))).json();
    let report = (await j.admin.get('/system/blobs/verify')).json();
    expect(report).toMatchObject({ valid: true, driver, mismatched: [], missing: [] });
    expect(report.verified).toBe(report.materials);
    const keyOf = async (id: string) => (await sys.ctx.db.selectFrom('materials').select('blob_key').where('id', '=', id).executeTakeFirstOrThrow()).blob_key;
    // tamper: same size, one byte changed (bit rot, or a hand on the disk / bucket)
    for (const m of [small, large]) {
      const key = await keyOf(m.id);
      const bytes = (await org.get(`/applications/${draftId}/materials/${m.id}`)).rawPayload;
      const at = Math.floor(bytes.length / 2);
      bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
      await sys.ctx.blobs.put(Readable.from([bytes]), { key, maxBytes: bytes.length });
    }
    report = (await j.admin.get('/system/blobs/verify')).json();
    expect(report.valid).toBe(false);
    expect(report.mismatched.map((p: { materialId: string }) => p.materialId).sort()).toEqual([small.id, large.id].sort());
    // small file: checked before sending → a problem, not a file
    const dl = await org.get(`/applications/${draftId}/materials/${small.id}`);
    expect(dl.statusCode).toBe(500);
    expect(dl.json().detail).toContain('完整性校验');
    // large file (over DOWNLOAD_PREVERIFY_MIB): streamed, the last chunk withheld, the connection cut
    await sys.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = sys.app.server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${addr.port}/api/v1/applications/${draftId}/materials/${large.id}`, { headers: { cookie: org.cookie! } });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(large.size);
    const got = await res.arrayBuffer().then(
      (b) => b.byteLength,
      () => -1,
    );
    expect(got === -1 || got < large.size).toBe(true);
    // a missing file is reported as such
    await sys.ctx.blobs.delete(await keyOf(small.id));
    report = (await j.admin.get(`/system/blobs/verify?applicationId=${draftId}`)).json();
    expect(report.missing.map((p: { materialId: string }) => p.materialId)).toEqual([small.id]);
    expect((await org.get(`/applications/${draftId}/materials/${small.id}`)).statusCode).toBe(500);
    const audit = (await j.admin.get(`/audit?entityType=application&entityId=${draftId}`)).json().items;
    expect(audit.filter((a: { action: string }) => a.action === 'material.integrity_failed').length).toBeGreaterThanOrEqual(3);
  }, 20_000);
});
