import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, makeCast, type CaseHandle } from '../bootstrap/journey.js';
import type { Client } from '../bootstrap/inject-client.js';
import { createTestSystem, samplePdf, type TestSystem } from '../test-support/harness.js';
import { usccCheckChar } from '../workflow/uscc.js';

/**
 * UPLOAD_CONCURRENCY bounds what a node holds: with one slot, a second upload waits — unread —
 * until the first is done, then goes through; neither is lost.
 */
describe('uploads received in slots', () => {
  let sys: TestSystem;
  let org: Client;
  let app: CaseHandle;

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T10:00:00+08:00', env: { UPLOAD_CONCURRENCY: '1' } });
    const j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    const cast = await makeCast(j, { districts: ['310115'] });
    org = (await j.registerOrg({ username: 'slots_org', name: '上海槽位测试中心', uscc: '91310115MA1KT0001' + usccCheckChar('91310115MA1KT0001') })).client;
    app = await applyAndSubmit(j, cast, org, await j.campaign2024(), [40], ['310115'], { submit: false });
  });
  afterAll(async () => sys?.close());

  const multipart = (kind: string, pdf: Buffer) => {
    const boundary = `----slots${crypto.randomBytes(6).toString('hex')}`;
    return {
      type: `multipart/form-data; boundary=${boundary}`,
      head: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${kind}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      body: pdf,
      tail: Buffer.from(`\r\n--${boundary}--\r\n`),
    };
  };
  const send = (payload: PassThrough | Buffer, type: string) =>
    sys.app.inject({
      method: 'POST',
      url: `/api/v1/applications/${app.id}/materials`,
      payload,
      headers: { cookie: org.cookie!, 'x-csrf-token': org.csrf!, 'content-type': type },
    });

  it('a second upload waits for the slot of the first, then both are stored', async () => {
    const count = async () =>
      (await sys.database.db.selectFrom('materials').select('id').where('application_id', '=', app.id).where('deleted_at', 'is', null).execute()).length;
    const before = await count();
    const first = multipart('credit_proof', samplePdf('slot first'));
    const slow = new PassThrough();
    const a = send(slow, first.type);
    slow.write(first.head);
    slow.write(first.body.subarray(0, 50));
    await new Promise((r) => setTimeout(r, 100)); // the first holds the only slot, mid-body

    const second = multipart('work_plan', samplePdf('slot second'));
    let bDone = false;
    const b = send(Buffer.concat([second.head, second.body, second.tail]), second.type).then((r) => ((bDone = true), r));
    await new Promise((r) => setTimeout(r, 300));
    expect(bDone).toBe(false); // complete, yet waiting: its body has not been read
    expect(await count()).toBe(before); // nothing stored yet, of either

    slow.end(Buffer.concat([first.body.subarray(50), first.tail]));
    const [ra, rb] = await Promise.all([a, b]);
    expect([ra.statusCode, rb.statusCode]).toEqual([201, 201]);
    expect(await count()).toBe(before + 2);
  });
});
