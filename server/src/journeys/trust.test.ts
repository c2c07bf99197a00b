import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { openCheckpoint, rfcLeafHash, verifyConsistency, verifyInclusion } from '../test-support/rfc9162-verifier.js';
import { Journey, applyAndSubmit, expectStatus, fileFirstItem, makeCast, type Cast, type CaseHandle } from '../bootstrap/journey.js';

/**
 * A register that proves itself (api-v1 "Trust"): what anyone holding only the published keys can
 * check — a receipt's facts, its inclusion in the log, that the log never rewound — checked here with
 * the tests' own RFC 9162 verifier and node:crypto, never with the server's code.
 */
describe('trust: verification, proofs and supervision', () => {
  let sys: TestSystem;
  let j: Journey;
  let cast: Cast;
  let org: Client;
  let app: CaseHandle;
  let receiptNo: string;
  let vkey: string;
  const anon = () => new Client(sys.app);
  const verify = async (no = receiptNo) => (await anon().get(`/public/filings/${no}`)).json();

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T09:00:00+08:00' });
    j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    org = (await j.registerOrg({ username: 'trust_org', name: '上海东方咖啡职业技能评价有限公司', uscc: '91310115MA1H000011' })).client;
    const campaign = await j.campaign2024();
    app = await applyAndSubmit(j, cast, org, campaign, [33, 88], ['310115']);
    receiptNo = await fileFirstItem(cast, org, app, sys.clock);
    vkey = (await anon().get('/public/log/key')).body.trim();
  }, 120_000);
  afterAll(async () => sys?.close());

  it('a filed receipt is valid, and its proof checks out with the verifier key alone', async () => {
    const v = await verify();
    expect(v).toMatchObject({ valid: true, reasons: [], status: 'active', log: { included: true, latestEvent: 'filing.issued' } });
    const p = (await anon().get(`/public/filings/${receiptNo}/proof`)).json();
    const cp = openCheckpoint(p.checkpoint, vkey);
    expect(cp, 'the checkpoint is signed by the published key').not.toBeNull();
    expect(cp!.size).toBe(p.treeSize);
    const leaf = Buffer.from(p.leaf, 'base64');
    expect(JSON.parse(leaf.toString('utf8'))).toEqual({
      at: expect.stringMatching(/^2024-10-1\dT/),
      filedOn: '2024-10-13',
      itemName: expect.any(String),
      levels: expect.any(Array),
      organizationName: '上海东方咖啡职业技能评价有限公司',
      receiptNo,
      status: 'active',
      type: 'filing.issued',
      uscc: '91310115MA1H000011',
      validUntil: '2027-10-12',
    });
    const proof = p.inclusionProof.map((h: string) => Buffer.from(h, 'base64'));
    expect(verifyInclusion(p.leafIndex, p.treeSize, rfcLeafHash(leaf), proof, cp!.root)).toBe(true);
    // a changed byte of the leaf (a longer validity) no longer proves anything
    const forged = Buffer.from(leaf.toString('utf8').replace('2027-10-12', '2028-10-12'));
    expect(verifyInclusion(p.leafIndex, p.treeSize, rfcLeafHash(forged), proof, cp!.root)).toBe(false);
  });

  it('the log only grows: a consistency proof between an older and a newer checkpoint verifies', async () => {
    const older = openCheckpoint((await anon().get('/public/log/checkpoint')).body, vkey)!;
    await anon().post('/auth/login', { username: 'nobody', password: 'Wrong#Pass1x' }); // one more record
    await sys.log.integrate();
    const newerRes = await anon().get('/public/log/checkpoint');
    expect(newerRes.headers['content-type']).toMatch(/^text\/plain/);
    const newer = openCheckpoint(newerRes.body, vkey)!;
    expect(newer.size).toBeGreaterThan(older.size);
    const c = (await anon().get(`/public/log/consistency?first=${older.size}&second=${newer.size}`)).json();
    expect(
      verifyConsistency(
        older.size,
        newer.size,
        older.root,
        newer.root,
        c.proof.map((h: string) => Buffer.from(h, 'base64')),
      ),
    ).toBe(true);
    expect((await anon().get(`/public/log/consistency?first=1&second=${newer.size + 5}`)).statusCode).toBe(400);
    const keys = (await anon().get('/public/keys')).json();
    expect(keys.log).toEqual([expect.objectContaining({ verifierKey: vkey, current: true })]);
    expect(keys.receiptSigning[0]).toMatchObject({ current: true, certificatePem: expect.stringContaining('BEGIN CERTIFICATE') });
  });

  it('the receipt PDF is signed: pdfsig reports it valid over the whole file, and invalid after one changed byte', async () => {
    const res = await org.get(`/filings/${receiptNo}/receipt.pdf`);
    expectStatus(res, 200, 'receipt.pdf');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shsp-sig-'));
    const file = path.join(dir, 'r.pdf');
    fs.writeFileSync(file, res.rawPayload);
    const run = () => {
      try {
        return execFileSync('pdfsig', [file], { encoding: 'utf8' });
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? e);
      }
    };
    const ok = run();
    expect(ok).toMatch(/Signature Validation: Signature is Valid/);
    expect(ok).toMatch(/Total document signed/);
    expect(ok).toMatch(/ETSI\.CAdES\.detached/);
    const bytes = Buffer.from(res.rawPayload);
    const at = bytes.indexOf(Buffer.from(receiptNo)) + 3; // inside the signed range, in the document's text
    bytes[at] = bytes[at]! ^ 0x01;
    fs.writeFileSync(file, bytes);
    expect(run()).not.toMatch(/Signature is Valid/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('supervision: the bureau or the centre suspends (not valid, out of the directory, told), then resumes', async () => {
    expect((await org.post(`/filings/${receiptNo}/suspend`, { reason: '自行暂停' })).statusCode).toBe(403);
    const started = Date.now();
    const s = await cast.bureau.post(`/filings/${receiptNo}/suspend`, { reason: '培训质量投诉核查中' });
    const latencyMs = Date.now() - started;
    expectStatus(s, 200, 'suspend');
    expect(s.json()).toMatchObject({ status: 'suspended', suspendReason: '培训质量投诉核查中' });
    console.log(`[measure] suspend → answered with its checkpoint signed: ${latencyMs} ms`);
    // the answer came after the checkpoint: the proof already shows the suspension
    const p = (await anon().get(`/public/filings/${receiptNo}/proof`)).json();
    expect(JSON.parse(Buffer.from(p.leaf, 'base64').toString('utf8'))).toMatchObject({ type: 'filing.suspended', status: 'suspended' });
    const v = await verify();
    expect(v.valid).toBe(false);
    expect(v.reasons).toEqual([expect.objectContaining({ code: 'SUSPENDED', message: expect.stringContaining('培训质量投诉核查中') })]);
    const dir = await anon().get('/public/organizations?q=东方咖啡');
    expectStatus(dir, 200, 'directory');
    expect(dir.body).not.toContain(receiptNo);
    const inbox = (await org.get('/inbox')).json();
    expect(JSON.stringify(inbox)).toContain('备案已暂停');
    expect((await cast.center.post(`/filings/${receiptNo}/suspend`, { reason: '再次暂停' })).statusCode).toBe(409);
    expectStatus(await cast.center.post(`/filings/${receiptNo}/resume`, { reason: '核查完毕，投诉不成立' }), 200, 'resume');
    expect(await verify()).toMatchObject({ valid: true, status: 'active', log: { latestEvent: 'filing.resumed', included: true } });
    expect((await anon().get('/public/organizations?q=东方咖啡')).body).toContain(receiptNo);
  });

  it('a longer validUntil written behind the system’s back is reported, with what was recorded', async () => {
    const db = sys.database.db;
    await db.updateTable('filings').set({ valid_until: '2030-10-12' }).where('receipt_no', '=', receiptNo).execute();
    const v = await verify();
    expect(v.valid).toBe(false);
    expect(v.reasons.map((r: { code: string }) => r.code)).toContain('FACTS_CHANGED');
    expect(v.recorded).toMatchObject({ validUntil: '2027-10-12' });
    await db.updateTable('filings').set({ valid_until: '2027-10-12' }).where('receipt_no', '=', receiptNo).execute();
    expect((await verify()).valid).toBe(true);
  });

  it('a receipt row invented in the database is not valid (no issuance in the log, no digests)', async () => {
    const db = sys.database.db;
    const second = app.items[1]!.id;
    const orgId = (await db.selectFrom('filings').select('organization_id').where('receipt_no', '=', receiptNo).executeTakeFirstOrThrow()).organization_id;
    await db
      .insertInto('filings')
      .values({
        receipt_no: 'SHPB-2024-09999',
        application_item_id: second,
        organization_id: orgId,
        filed_on: '2024-10-13',
        valid_until: '2027-10-12',
        status: 'active',
        created_at: new Date(),
      })
      .execute();
    const v = await verify('SHPB-2024-09999');
    expect(v.valid).toBe(false);
    expect(v.reasons.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(['NOT_IN_LOG', 'DIGEST_MISSING']));
    // and no digest was made up by reading it
    expect(await db.selectFrom('filing_integrity').select('receipt_no').where('receipt_no', '=', 'SHPB-2024-09999').executeTakeFirst()).toBeUndefined();
    // a forged event row written by hand (no MAC) does not make it valid either, and the log refuses to sequence it
    await db
      .insertInto('filing_events')
      .values({ receipt_no: 'SHPB-2024-09999', type: 'filing.issued', leaf: '{}', at: new Date(), mac: 'deadbeef:00' })
      .execute();
    const again = await verify('SHPB-2024-09999');
    expect(again.valid).toBe(false);
    expect((await j.admin.get('/audit/verify')).json()).toMatchObject({ valid: false, reason: expect.stringContaining('日志拒收') });
  });
});
