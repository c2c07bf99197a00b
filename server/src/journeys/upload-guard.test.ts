import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, expectStatus, makeCast, type Cast } from '../bootstrap/journey.js';
import type { Client } from '../bootstrap/inject-client.js';
import { readForUpload } from '../modules/applications/application-upload.service.js';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { pdfBuffer } from '../test-support/pdf-stream.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * An upload decides on the narrow read its scope check made before the body, and writes its row,
 * its claim, the version bump and its audit record in ONE statement guarded by that read's version
 * (decision 0009, the surge addendum; 0020). What changed while the body streamed is decided again
 * on a fresh read — nothing written on a stale one.
 */
describe('an upload is written only on the case as it still is', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let campaign: Awaited<ReturnType<Journey['campaign2024']>>;
  let n = 0;

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T10:00:00+08:00', env: { MAX_APPLICATION_UPLOAD_MIB: '0.4' } });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { districts: ['310115'] });
    campaign = await j.campaign2024();
  });
  afterAll(async () => sys?.close());

  const newDraft = async () => {
    n++;
    const base = `91310115MA1GD00${n}`.padEnd(17, '0');
    const org = (await j.registerOrg({ username: `guard_org${n}`, name: `上海版本守卫测试${n}中心`, uscc: base + usccCheckChar(base) })).client;
    const app = await applyAndSubmit(j, cast, org, campaign, [40 + n], ['310115'], { submit: false });
    return { org, app };
  };

  /** An upload whose body is held after its first bytes: its scope check (the read) is done, its write not yet. */
  const heldUpload = (org: Client, appId: string, kind: string, pdf: Buffer) => {
    const boundary = `----guard${crypto.randomBytes(6).toString('hex')}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${kind}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const body = new PassThrough();
    const res = sys.app.inject({
      method: 'POST',
      url: `/api/v1/applications/${appId}/materials`,
      payload: body,
      headers: { cookie: org.cookie!, 'x-csrf-token': org.csrf!, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    body.write(Buffer.concat([head, pdf.subarray(0, 100)]));
    return { res, finish: () => body.end(Buffer.concat([pdf.subarray(100), Buffer.from(`\r\n--${boundary}--\r\n`)])) };
  };
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const db = () => sys.database.db;
  const liveRows = (appId: string) => db().selectFrom('materials').select('size').where('application_id', '=', appId).where('deleted_at', 'is', null).execute();
  const live = async (appId: string) => (await liveRows(appId)).length;
  const uploadAudits = async (appId: string) =>
    (await db().selectFrom('audit_log').select('action').where('entity_id', '=', appId).where('action', '=', 'material.upload').execute()).length;
  const pending = async () => (await db().selectFrom('blob_uploads').select('key').execute()).length;

  it('two uploads read before either writes: the per-application total still holds', async () => {
    const { org, app } = await newDraft();
    const [stored, audited] = [await live(app.id), await uploadAudits(app.id)];
    const a = heldUpload(org, app.id, 'credit_proof', await pdfBuffer(250_000, 'guard-a'));
    const b = heldUpload(org, app.id, 'license_copy', await pdfBuffer(250_000, 'guard-b'));
    await pause(300); // both scope checks have read 0 bytes stored
    a.finish();
    b.finish();
    const [ra, rb] = await Promise.all([a.res, b.res]);
    // one is stored; the other, decided again on the read after the first's write, is over the total
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([201, 413]);
    expect((ra.statusCode === 413 ? ra : rb).json().detail).toContain('合计');
    expect(await live(app.id)).toBe(stored + 1);
    expect(await uploadAudits(app.id)).toBe(audited + 1);
    expect(await pending()).toBe(0);
  });

  it('a case that moved on while the body streamed: refused on what is there now, nothing written', async () => {
    const { org, app } = await newDraft();
    const [stored, audited] = [await live(app.id), await uploadAudits(app.id)];
    const up = heldUpload(org, app.id, 'work_plan', await pdfBuffer(20_000, 'guard-withdrawn'));
    await pause(200); // read as it is (recommended, not yet submitted): allowed
    expectStatus(await org.post(`/applications/${app.id}/withdraw`, {}), 200, 'withdraw');
    up.finish();
    const res = await up.res;
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().detail).toContain('已撤回');
    expect(await live(app.id)).toBe(stored);
    expect(await uploadAudits(app.id)).toBe(audited);
    expect(await pending()).toBe(0);
  });

  it('an upload reclaimed by the cleanup meanwhile is refused, and its row is not written', async () => {
    const { org, app } = await newDraft();
    const [stored, audited] = [await live(app.id), await uploadAudits(app.id)];
    const up = heldUpload(org, app.id, 'work_plan', await pdfBuffer(20_000, 'guard-reclaimed'));
    await pause(200);
    await db().deleteFrom('blob_uploads').execute(); // what the cleanup does to an upload past its grace
    up.finish();
    const res = await up.res;
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().detail).toContain('上传耗时过长');
    expect(await live(app.id)).toBe(stored);
    expect(await uploadAudits(app.id)).toBe(audited);
    // and the application is untouched by it: a next upload goes through
    expectStatus(
      await org.upload(`/applications/${app.id}/materials`, { kind: 'work_plan' }, { name: 'x.pdf', content: await pdfBuffer(20_000, 'guard-again') }),
      201,
      'again',
    );
  });

  it('after crossings, under the case lock: the same checks and the same one write (stored, over-full refused, reclaimed refused)', async () => {
    const materials = sys.services.materials;
    materials.optimisticAttempts = 0; // as if every optimistic try had crossed another write
    try {
      const { org, app } = await newDraft();
      const [stored, audited] = [await live(app.id), await uploadAudits(app.id)];
      expectStatus(
        await org.upload(`/applications/${app.id}/materials`, { kind: 'work_plan' }, { name: 'x.pdf', content: await pdfBuffer(20_000, 'locked-ok') }),
        201,
        'locked',
      );
      const full = await org.upload(
        `/applications/${app.id}/materials`,
        { kind: 'credit_proof' },
        { name: 'y.pdf', content: await pdfBuffer(405_000, 'locked-full') },
      );
      expect(full.statusCode, full.body).toBe(413);
      expect(full.json().detail).toContain('合计');
      const up = heldUpload(org, app.id, 'license_copy', await pdfBuffer(20_000, 'locked-reclaimed'));
      await pause(200);
      await db().deleteFrom('blob_uploads').execute();
      up.finish();
      const res = await up.res;
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().detail).toContain('上传耗时过长');
      expect(await live(app.id)).toBe(stored + 1);
      expect(await uploadAudits(app.id)).toBe(audited + 1);
    } finally {
      materials.optimisticAttempts = 4;
    }
  });

  it('every record the uploads wrote (one statement, sealed as any other) verifies in the log', async () => {
    const v = (await j.admin.get('/audit/verify')).json();
    expect(v, JSON.stringify(v)).toMatchObject({ valid: true });
    expect((await db().selectFrom('audit_log').select('action').where('action', '=', 'material.upload').execute()).length).toBeGreaterThan(5);
  });

  it('the narrow read says what it did not read: touching it fails loudly, never an empty list', async () => {
    const { org, app } = await newDraft();
    const me = (await org.get('/auth/me')).json().user as { id: string; role: 'applicant'; organizationId: string };
    const read = await readForUpload(db(), me, app.id);
    expect(read?.c.status).toBe('recommended');
    expect(read?.c.items.map((i) => i.status)).toEqual(['pending']);
    expect(read?.liveBytes).toBe((await liveRows(app.id)).reduce((sum, m) => sum + Number(m.size), 0));
    expect(read?.liveBytes).toBeGreaterThan(0);
    expect(() => read?.c.materials).toThrow(/not read for an upload/);
    expect(() => read?.c.recommendations).toThrow(/not read for an upload/);
    expect(() => read?.c.items[0]?.levels).toThrow(/not read for an upload/);
    // another organisation's applicant does not see it at all
    expect(await readForUpload(db(), { ...me, organizationId: crypto.randomUUID() }, app.id)).toBeNull();
  });
});
