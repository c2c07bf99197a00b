import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../bootstrap/inject-client.js';
import { Journey, applyAndSubmit, expectStatus, makeCast, passInstitution, type Cast, type CaseHandle } from '../bootstrap/journey.js';
import { startSystem, type System } from '../bootstrap/system.js';
import { ManualClock } from '../platform/clock/clock.js';
import { loadConfig } from '../platform/config.js';
import { checkReplicaOf } from '../platform/db/replica.js';
import { startPrimaryAndReplica, type PrimaryAndReplica } from '../test-support/replica.js';
import { trustKeyEnv } from '../test-support/test-keys.js';
import { usccCheckChar } from '../workflow/uscc.js';

type Directory = { total: number; items: Array<{ name: string; filings: Array<{ receiptNo: string }> }> };
type Verification = { valid: boolean; status: string; reasons: Array<{ code: string }> };

/**
 * Read scale-out on PostgreSQL itself (issue 11, decision 0019): a real primary and a real streaming
 * hot standby (the embedded binaries; the standby made by a low-level base backup). The public
 * directory and the public notices are read from the standby; receipt verification never answers
 * "valid" for a filing suspended or revoked before the request, whatever the standby's lag.
 */
describe('a streaming read replica', () => {
  let root: string;
  let pair: PrimaryAndReplica;
  let sys: System;
  let clock: ManualClock;
  let cast: Cast;
  let anon: Client;
  const cases: CaseHandle[] = [];
  const receipts: string[] = [];

  /** pauses or resumes the standby's replay of the primary's WAL (it keeps receiving) */
  const replay = async (on: boolean) => {
    await (on ? sql`SELECT pg_wal_replay_resume()` : sql`SELECT pg_wal_replay_pause()`).execute(sys.replica!.db);
  };
  const directory = async (): Promise<Directory> => (await anon.get('/public/organizations')).json();
  const listed = (d: Directory) => d.items.flatMap((o) => o.filings.map((f) => f.receiptNo));
  const verify = async (receiptNo: string): Promise<Verification> => {
    const res = await anon.get(`/public/filings/${receiptNo}`);
    expectStatus(res, 200, 'verification');
    return res.json();
  };
  /** the directory, re-read until `ok` holds (the replica replays within its lag; bounded, not timed) */
  const directoryUntil = async (ok: (receipts: string[]) => boolean): Promise<string[]> => {
    let seen: string[] = [];
    for (let i = 0; i < 300; i++) {
      seen = listed(await directory());
      if (ok(seen)) return seen;
      await new Promise((r) => setTimeout(r, 50));
    }
    return seen;
  };

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-replica-'));
    // as root the servers run as 'postgres', which must be able to enter the folder
    await fs.chmod(root, 0o755);
    pair = await startPrimaryAndReplica(root);
    clock = new ManualClock(new Date('2024-08-26T09:00:00+08:00'));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: path.join(root, 'data'),
      DATABASE_URL: pair.primaryUrl,
      DATABASE_REPLICA_URL: pair.replicaUrl,
      ADMIN_PASSWORD: 'Chief-Passw0rd!',
      RATE_LOGIN_PER_MIN: '1000',
      RATE_REGISTER_PER_HOUR: '1000',
      ...trustKeyEnv(),
    });
    sys = await startSystem(config, { clock, log: () => {} });
    const j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    cast = await makeCast(j);
    anon = new Client(sys.app);
    const campaign = await j.campaign2024();
    for (const [i, name] of ['上海副本甲培训有限公司', '上海副本乙培训有限公司'].entries()) {
      const first17 = `9131011${i}MA1H0000${i}`;
      const { client } = await j.registerOrg({ username: `rep_${i}`, name, uscc: `${first17}${usccCheckChar(first17)}` });
      cases.push(await applyAndSubmit(j, cast, client, campaign, [33], ['310115']));
    }
    clock.set(new Date('2024-09-02T09:00:00+08:00'));
    for (const c of cases) await passInstitution(cast, c, '2024-09-03');
    clock.set(new Date('2024-10-08T10:00:00+08:00'));
    for (const c of cases) {
      const item = c.items[0]!.id;
      expectStatus(await cast.center.post(`/application-items/${item}/project-evaluation`, { result: 'pass', summary: '通过' }), 200, 'project');
      expectStatus(await cast.bureau.post(`/application-items/${item}/approval`, { decision: 'approve', comment: '同意' }), 200, 'approve');
    }
  }, 120_000);

  afterAll(async () => {
    await sys?.close();
    await pair?.stop();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('the replica is a standby of the primary, streaming, and the node reads it', async () => {
    const standby = await sql<{ r: boolean }>`SELECT pg_is_in_recovery() AS r`.execute(sys.replica!.db);
    expect(standby.rows[0]!.r).toBe(true);
    const senders = await sql<{ state: string }>`SELECT state FROM pg_stat_replication`.execute(sys.database.db);
    expect(senders.rows.map((s) => s.state)).toEqual(['streaming']);
    expect(sys.ctx.reads.replica).toBe(true);
    expect(sys.ctx.reads.db).toBe(sys.replica!.db);
    expect(await sys.ctx.reads.fresh()).toBe(sys.replica!.db);
    // a node refuses a "replica" that is a primary (here: the primary itself)
    await expect(checkReplicaOf(sys.database.db, sys.database.db)).rejects.toThrow(/不是备库/);
  });

  it('a notice published while the replica lags: listed once replayed, but opened by its id at once (from the primary)', async () => {
    await replay(false);
    try {
      const p = await cast.center.post('/publicities', { title: '副本测试公示', applicationItemIds: [cases[0]!.items[0]!.id] });
      expectStatus(p, 201, 'publicity');
      const id = p.json().id as string;
      expect(((await anon.get('/public/publicities')).json() as Array<{ id: string }>).map((n) => n.id)).not.toContain(id);
      expectStatus(await anon.get(`/public/publicities/${id}`), 200, 'the new notice by its id');
    } finally {
      await replay(true);
    }
    clock.set(new Date('2024-10-09T10:00:00+08:00'));
    expectStatus(await cast.center.post('/publicities', { title: '副本测试公示二', applicationItemIds: [cases[1]!.items[0]!.id] }), 201, 'publicity 2');
  });

  it('the directory is the replica’s: a filing the replica has not replayed is not in it; it appears once replayed', async () => {
    await replay(false);
    try {
      // the first notice ended on Saturday 10-12 (a make-up working day): the next request files the item
      clock.set(new Date('2024-10-13T09:00:00+08:00'));
      const filed = await sql<{ receipt_no: string }>`SELECT receipt_no FROM filings WHERE status = 'active'`.execute(sys.database.db);
      expect((await verify('SHPB-2024-00001')).valid).toBe(true); // the read swept; verification read the primary
      const onPrimary = (await sql<{ receipt_no: string }>`SELECT receipt_no FROM filings WHERE status = 'active'`.execute(sys.database.db)).rows;
      expect(filed.rows).toEqual([]);
      expect(onPrimary.map((r) => r.receipt_no)).toEqual(['SHPB-2024-00001']);
      receipts.push('SHPB-2024-00001');
      // however often the directory is rebuilt, it is built from the replica, which has not replayed the filing
      sys.services.registry.markStale();
      expect(listed(await directory())).toEqual([]);
    } finally {
      await replay(true);
    }
    expect(await directoryUntil((r) => r.includes(receipts[0]!))).toEqual([receipts[0]]);
  });

  it('verification never says valid for a filing suspended before the request, lagging replica or not', async () => {
    const [receipt] = receipts as [string];
    await replay(false);
    try {
      expectStatus(await cast.bureau.post(`/filings/${receipt}/suspend`, { reason: '监督检查发现问题' }), 200, 'suspend');
      const v = await verify(receipt);
      expect(v.valid).toBe(false);
      expect(v.reasons.map((r) => r.code)).toContain('SUSPENDED');
      // the directory still shows what the replica has: a replication lag old, never the answer to "is it valid"
      sys.services.registry.markStale();
      expect(listed(await directory())).toEqual([receipt]);
    } finally {
      await replay(true);
    }
    expect(await directoryUntil((r) => !r.includes(receipt))).toEqual([]);
    // streaming as usual: each answer right after the change, read from the replica once it caught up
    for (let i = 0; i < 5; i++) {
      expectStatus(await cast.bureau.post(`/filings/${receipt}/resume`, { reason: '整改完成' }), 200, 'resume');
      expect((await verify(receipt)).valid).toBe(true);
      expectStatus(await cast.bureau.post(`/filings/${receipt}/suspend`, { reason: '再次检查' }), 200, 'suspend again');
      const v = await verify(receipt);
      expect(v.valid).toBe(false);
      expect(v.status).toBe('suspended');
    }
  });

  it('a new filing is in the replica’s directory within the lag, and its revocation is never verified valid', async () => {
    // the second notice (10-09 to Monday 10-14) ends; the next request files the second item
    clock.set(new Date('2024-10-16T09:00:00+08:00'));
    const receipt = 'SHPB-2024-00002';
    expect((await verify(receipt)).valid).toBe(true); // this request swept: the item is filed
    expect(await directoryUntil((r) => r.includes(receipt))).toEqual([receipt]);
    expectStatus(await cast.bureau.post(`/filings/${receipt}/revoke`, { reason: '以欺骗手段取得备案' }), 200, 'revoke');
    const v = await verify(receipt);
    expect(v.valid).toBe(false);
    expect(v.reasons.map((r) => r.code)).toContain('REVOKED');
    expect(await directoryUntil((r) => r.length === 0)).toEqual([]);
  });
});
