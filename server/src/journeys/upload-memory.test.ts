import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, makeCast, type CaseHandle } from '../bootstrap/journey.js';
import type { Client } from '../bootstrap/inject-client.js';
import { createTestSystem, type TestSystem } from '../test-support/harness.js';
import { pdfOfSize } from '../test-support/pdf-stream.js';
import { usccCheckChar } from '../workflow/uscc.js';

const KIB = 1024;
const PDF = 300 * KIB;

/**
 * PDF_CHECK_MEMORY_MIB bounds the bytes a node holds for the in-memory PDF checks, whatever the
 * number of uploads at once: here room for two 300 KiB PDFs, five uploading together. Two are kept
 * in memory as they stream, the other three are checked from the store — all five are parsed and
 * stored, and the budget never holds more than it has (counted in bytes, not timed).
 */
describe('the memory budget of the PDF checks, per node', () => {
  let sys: TestSystem;
  let org: Client;
  let app: CaseHandle;
  const budget = 700 * KIB;

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T10:00:00+08:00', env: { UPLOAD_CONCURRENCY: '8', PDF_CHECK_MEMORY_MIB: String(budget / 1024 / 1024) } });
    const j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    const cast = await makeCast(j, { districts: ['310115'] });
    org = (await j.registerOrg({ username: 'mem_org', name: '上海内存预算测试中心', uscc: '91310115MA1KM0001' + usccCheckChar('91310115MA1KM0001') })).client;
    app = await applyAndSubmit(j, cast, org, await j.campaign2024(), [40], ['310115'], { submit: false });
  });
  afterAll(async () => sys?.close());

  const multipart = (kind: string, pdf: Buffer) => {
    const boundary = `----mem${crypto.randomBytes(6).toString('hex')}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${kind}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    return { type: `multipart/form-data; boundary=${boundary}`, head, body: pdf, tail, length: head.length + pdf.length + tail.length };
  };
  const until = async (what: string, ok: () => Promise<boolean> | boolean) => {
    for (let i = 0; i < 2000 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await ok(), what).toBe(true);
  };

  it('five uploads at once: two PDFs checked in memory, three from the store, never more bytes held than the budget', async () => {
    const materials = sys.services.materials;
    expect(materials.checkMemory.bytes).toBe(budget);
    const parsedBefore = { ...materials.parsed };
    const tmp = path.join(sys.config.blobStore.driver === 'local' ? sys.config.blobStore.root : '', 'tmp');
    const kinds = ['credit_proof', 'application_form', 'license_copy', 'work_plan', 'credit_proof'];
    const pdfs = await Promise.all(kinds.map(async (k, i) => Buffer.concat(await pdfOfSize(PDF, `mem-${k}-${i}`).stream().toArray())));
    const streams = kinds.map(() => new PassThrough());
    const bodies = kinds.map((k, i) => multipart(k, pdfs[i]!));
    const sent = bodies.map((b, i) =>
      sys.app.inject({
        method: 'POST',
        url: `/api/v1/applications/${app.id}/materials`,
        payload: streams[i]!,
        headers: { cookie: org.cookie!, 'x-csrf-token': org.csrf!, 'content-type': b.type, 'content-length': String(b.length) },
      }),
    );
    // every upload has begun writing its file (so has asked the budget), none has finished
    bodies.forEach((b, i) => streams[i]!.write(Buffer.concat([b.head, b.body.subarray(0, 1000)])));
    await until('five files being written', async () => (await fs.readdir(tmp)).filter((f) => f.endsWith('.part')).length === kinds.length);
    // two requests' announced lengths fit the budget, a third does not
    expect(materials.checkMemory.held).toBeGreaterThanOrEqual(2 * PDF);
    expect(materials.checkMemory.held).toBeLessThanOrEqual(budget);

    bodies.forEach((b, i) => streams[i]!.end(Buffer.concat([b.body.subarray(1000), b.tail])));
    const answers = await Promise.all(sent);
    expect(answers.map((r) => r.statusCode)).toEqual(kinds.map(() => 201));
    for (const [i, r] of answers.entries()) expect(r.json<{ sha256: string }>().sha256).toBe(crypto.createHash('sha256').update(pdfs[i]!).digest('hex'));
    expect({ inMemory: materials.parsed.inMemory - parsedBefore.inMemory, fromStore: materials.parsed.fromStore - parsedBefore.fromStore }).toEqual({
      inMemory: 2,
      fromStore: 3,
    });
    expect(materials.checkMemory.peak).toBeLessThanOrEqual(budget);
    expect(materials.checkMemory.held).toBe(0); // every byte given back
  });

  it('a refused PDF gives its bytes back too', async () => {
    const materials = sys.services.materials;
    const broken = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(100 * KIB), Buffer.from('\nstartxref\n0\n%%EOF\n')]);
    const b = multipart('work_plan', broken);
    const r = await sys.app.inject({
      method: 'POST',
      url: `/api/v1/applications/${app.id}/materials`,
      payload: Buffer.concat([b.head, b.body, b.tail]),
      headers: { cookie: org.cookie!, 'x-csrf-token': org.csrf!, 'content-type': b.type },
    });
    expect(r.statusCode).toBe(415);
    expect(r.json<{ detail: string }>().detail).toMatch(/已损坏/);
    expect(materials.checkMemory.held).toBe(0);
  });
});
