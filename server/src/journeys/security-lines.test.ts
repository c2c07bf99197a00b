import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Journey, applyAndSubmit, makeCast, type Cast, type CaseHandle } from '../bootstrap/journey.js';
import type { Client } from '../bootstrap/inject-client.js';
import { createTestSystem, samplePdf, type TestSystem } from '../test-support/harness.js';
import { usccCheckChar } from '../workflow/uscc.js';

const uscc = (first17: string) => first17 + usccCheckChar(first17);
const CLOSE = '2024-08-29T00:00:00+08:00'; // 四(二) 8月28日24时

/** security.md lines whose proof is a few requests each: SEC-15, SEC-20, DL-1, DL-4. */
describe('security and deadline lines', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let campaign: Awaited<ReturnType<Journey['campaign2024']>>;

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-28T23:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j, { districts: ['310115'] });
    campaign = await j.campaign2024();
  });
  afterAll(async () => sys?.close());
  afterEach(() => sys.clock.set(new Date('2024-08-28T23:00:00+08:00')));

  const newCase = async (tag: string, seq: number): Promise<{ org: Client; app: CaseHandle }> => {
    const { client } = await j.registerOrg({
      username: `lines_${tag}`,
      name: `上海条款测试${tag}中心`,
      uscc: uscc(`91310115MA1LN${String(seq).padStart(4, '0')}`),
    });
    return { org: client, app: await applyAndSubmit(j, cast, client, campaign, [seq], ['310115'], { submit: false }) };
  };

  it('SEC-15: passwords are stored as argon2id with a random salt per hash (the same password never hashes alike)', async () => {
    await j.registerOrg({ username: 'lines_pw_a', name: '上海口令甲中心', uscc: uscc('91310115MA1LP0001') });
    await j.registerOrg({ username: 'lines_pw_b', name: '上海口令乙中心', uscc: uscc('91310115MA1LP0002') });
    const rows = await sys.database.db
      .selectFrom('users')
      .select(['username', 'password_hash'])
      .where('username', 'in', ['lines_pw_a', 'lines_pw_b'])
      .execute();
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      // PHC string: $argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>; OWASP's floor: m ≥ 19 MiB with t ≥ 2
      const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(r.password_hash);
      expect(m, r.password_hash).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(19_456);
      expect(Number(m![2])).toBeGreaterThanOrEqual(2);
      expect(Buffer.from(m![4]!, 'base64').length).toBeGreaterThanOrEqual(16);
    }
    expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash); // same password, different salt
    expect(rows.map((r) => r.password_hash.split('$')[4])).not.toContain(undefined);
  });

  it('SEC-20 / DL-1: a deadline is judged by the server clock only — a client Date header or a timestamp in the body changes nothing', async () => {
    const { org, app } = await newCase('clock', 20);
    const before = (await org.get(`/applications/${app.id}`)).json().status;
    expect(before).not.toBe('submitted');
    sys.clock.set(new Date('2024-08-29T00:00:01+08:00')); // one second after 24:00
    const res = await org.post(`/applications/${app.id}/submit`, {}, { date: new Date('2024-08-28T12:00:00+08:00').toUTCString() });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'WINDOW_CLOSED', clause: '四(二)' });
    // the submit body takes no client instant at all (strict schema, SEC-16)
    const sneaky = await org.post(`/applications/${app.id}/submit`, { submittedAt: '2024-08-28T12:00:00+08:00' });
    expect(sneaky.statusCode).toBe(400);
    expect((await org.get(`/applications/${app.id}`)).json().status).toBe(before);
    // DL-1: instants are shown with their +08:00 offset; an instant without an offset is refused as input
    const attempt = await sys.database.db
      .selectFrom('submit_attempts')
      .select(['business_at', 'outcome'])
      .where('application_id', '=', app.id)
      .orderBy('at')
      .executeTakeFirstOrThrow();
    expect(attempt.outcome).toBe('refused');
    expect(new Date(attempt.business_at).toISOString()).toBe('2024-08-28T16:00:01.000Z');
    const bare = await j.admin.put('/system/clock', { now: '2024-08-28T12:00:00' });
    expect(bare.statusCode).toBe(400);
  });

  it('DL-4: an upload still streaming at 24:00 does not reopen the window — its commit and the submit are judged by the server clock when they happen', async () => {
    const { org, app } = await newCase('stream', 21);
    sys.clock.set(new Date('2024-08-28T23:59:59+08:00'));
    // a multipart body that is still arriving when the clock passes 24:00
    const boundary = `----lines${crypto.randomBytes(6).toString('hex')}`;
    const body = new PassThrough();
    const pending = sys.app.inject({
      method: 'POST',
      url: `/api/v1/applications/${app.id}/materials`,
      payload: body,
      headers: { cookie: org.cookie!, 'x-csrf-token': org.csrf!, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    body.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nwork_plan\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="计划.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const pdf = samplePdf('late plan');
    body.write(pdf.subarray(0, 100));
    await new Promise((r) => setTimeout(r, 50));
    sys.clock.set(new Date(new Date(CLOSE).getTime() + 500)); // 24:00:00.5 — the window has closed
    body.end(Buffer.concat([pdf.subarray(100), Buffer.from(`\r\n--${boundary}--\r\n`)]));
    const upload = await pending;
    // the upload's commit is decided at its commit: after 24:00 the draft no longer takes materials
    expect(upload.statusCode, upload.body).toBe(409);
    expect(upload.json().code).toBe('WINDOW_CLOSED');
    const stored = await sys.database.db
      .selectFrom('materials')
      .select('id')
      .where('application_id', '=', app.id)
      .where('file_name', '=', '计划.pdf')
      .execute();
    expect(stored).toHaveLength(0); // nothing half-kept
    expect(await sys.database.db.selectFrom('blob_uploads').select('key').execute()).toHaveLength(0);
    const submit = await org.post(`/applications/${app.id}/submit`);
    expect(submit.statusCode).toBe(409);
    expect(submit.json().code).toBe('WINDOW_CLOSED');
  });
});
