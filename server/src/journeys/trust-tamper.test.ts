import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestSystem, type TestSystem } from '../test-support/harness.js';
import { Journey } from '../bootstrap/journey.js';
import { createBackup } from '../platform/backup/archive.js';
import type { Db } from '../platform/db/database.js';
import { auditLeaf, SM3_GENESIS, sm3Link } from '../platform/log/leaves.js';
import { appendLeaves, leafHash, type Hash } from '../platform/log/merkle.js';
import { parseVerifierKey } from '../platform/log/note.js';
import { verifyLog } from '../platform/log/verify.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

/**
 * Tampering as a PostgreSQL superuser behind the server's back (api-v1 "Trust"): switch the
 * append-only triggers off, change, delete, insert or reorder records — and recompute every hash the
 * database stores. Each is reported, because the checkpoints were signed with a key that is not in
 * the database, and because a checkpoint is kept outside it.
 */
describe('trust: a superuser cannot rewrite the log unseen', () => {
  let sys: TestSystem;
  let admin: Client;
  let db: Db;
  // the forger rewrites which record a leaf stands for (a column the application never updates)
  const setRef = (leafIndex: string, ref: string) => sql`UPDATE log_leaves SET ref = ${ref} WHERE leaf_index = ${leafIndex}`.execute(db);
  const auditVerify = async () => (await admin.get('/audit/verify')).json();
  const triggers = async (on: boolean) => {
    for (const [table, trigger] of [
      ['audit_log', 'audit_log_append_only'],
      ['log_leaves', 'log_leaves_append_only'],
      ['log_nodes', 'log_nodes_append_only'],
      ['log_checkpoints', 'log_checkpoints_append_only'],
    ] as const) {
      await sql.raw(`ALTER TABLE ${table} ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${trigger}`).execute(db);
    }
  };

  /** The forger's tool: recompute every leaf hash and SM3 link from the records, and rebuild every node. */
  async function recomputeEverything(): Promise<void> {
    const leaves = (
      await sql<{
        leaf_index: string;
        kind: string;
        ref: string;
        leaf_hash: Buffer;
      }>`SELECT leaf_index, kind, ref, leaf_hash FROM log_leaves ORDER BY leaf_index`.execute(db)
    ).rows;
    const audits = new Map((await db.selectFrom('audit_log').selectAll().execute()).map((a) => [String(a.seq), a]));
    const filings = new Map((await db.selectFrom('filing_events').selectAll().execute()).map((f) => [String(f.id), f]));
    let link = SM3_GENESIS;
    const hashes: Hash[] = [];
    for (const l of leaves) {
      const bytes = l.kind === 'audit' ? auditLeaf(audits.get(l.ref)!) : Buffer.from(filings.get(l.ref)!.leaf);
      link = sm3Link(link, bytes);
      const h = leafHash(bytes);
      hashes.push(h);
      await db.updateTable('log_leaves').set({ leaf_hash: h, sm3: link }).where('leaf_index', '=', l.leaf_index).execute();
    }
    await db.deleteFrom('log_nodes').execute();
    const { nodes } = appendLeaves(0, hashes, new Map());
    for (let i = 0; i < nodes.length; i += 1000) {
      await db
        .insertInto('log_nodes')
        .values(nodes.slice(i, i + 1000).map((n) => ({ level: n.level, idx: n.index, hash: n.hash })))
        .execute();
    }
  }

  beforeAll(async () => {
    sys = await createTestSystem();
    db = sys.database.db;
    admin = new Client(sys.app);
    await admin.login('admin', 'Chief-Passw0rd!');
    const anon = new Client(sys.app);
    for (let i = 0; i < 12; i++) await anon.post('/auth/login', { username: `nobody${i}`, password: 'Wrong#Pass1x' });
    await sys.log.integrate();
  });
  afterAll(async () => sys?.close());

  it('from outside: npm run verify-log accepts the database and a backup archive with the key and a saved checkpoint', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shsp-vlog-'));
    const anon = new Client(sys.app);
    fs.writeFileSync(path.join(dir, 'checkpoint.txt'), (await anon.get('/public/log/checkpoint')).body);
    const key = (await anon.get('/public/log/key')).body.trim();
    const cli = (args: string[]) =>
      run(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'server/src/bootstrap/verify-log-cli.ts'), '--key', key, '--checkpoint', path.join(dir, 'checkpoint.txt'), ...args],
        {
          cwd: root,
          env: { ...process.env, DATABASE_URL: sys.config.databaseUrl!, NODE_ENV: 'test', DATA_DIR: dir },
        },
      ).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
    const live = await cli([]);
    expect(live.out).toMatch(/日志完整/);
    expect(live.code).toBe(0);
    const archive = path.join(dir, 'backup.tar.gz');
    await createBackup({ pool: sys.database.pool, blobs: sys.ctx.blobs, describe: { database: 'test', blobStore: 'local' } }, archive);
    const fromBackup = await cli(['--archive', archive]);
    expect(fromBackup.out).toMatch(/日志完整/);
    expect(fromBackup.code).toBe(0);
    // a checkpoint signed by another key is refused outright
    const other = (await import('node:crypto')).generateKeyPairSync('ed25519');
    const { signNote, checkpointText, verifierKey } = await import('../platform/log/note.js');
    fs.writeFileSync(
      path.join(dir, 'checkpoint.txt'),
      signNote(checkpointText({ origin: key.split('+')[0]!, size: 1, root: Buffer.alloc(32) }), key.split('+')[0]!, other.privateKey),
    );
    expect((await cli([])).code).toBe(1);
    expect(verifierKey(key.split('+')[0]!, other.publicKey)).not.toBe(key);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('a record changed with every stored hash recomputed is caught — by its MAC, and by the signed checkpoints alone', async () => {
    expect(await auditVerify()).toMatchObject({ valid: true });
    const victim = await db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login').orderBy('seq').limit(1).offset(3).executeTakeFirstOrThrow();
    await triggers(false);
    await db.updateTable('audit_log').set({ ip: '10.9.9.9' }).where('seq', '=', victim.seq).execute();
    await recomputeEverything();
    const v = await auditVerify();
    expect(v.valid).toBe(false);
    expect(v.firstBadSeq).toBe(victim.seq);
    // without the MACs (an outside verifier has no private key): the checkpoints still catch it
    const outside = await verifyLog(db, { verifier: parseVerifierKey(sys.log.verifierKey), origin: sys.log.origin, checkSeals: false });
    expect(outside.valid).toBe(false);
    expect(outside.reason).toMatch(/已签名检查点不符/);
    await db.updateTable('audit_log').set({ ip: victim.ip }).where('seq', '=', victim.seq).execute();
    await recomputeEverything();
    await triggers(true);
    expect(await auditVerify()).toMatchObject({ valid: true });
  });

  it('two records swapped (reordered) with every hash recomputed are caught', async () => {
    const [a, b] = await db
      .selectFrom('log_leaves')
      .select(['leaf_index', 'ref'])
      .where('kind', '=', 'audit')
      .orderBy('leaf_index')
      .limit(2)
      .offset(4)
      .execute();
    await triggers(false);
    await setRef(a!.leaf_index, '-1');
    await setRef(b!.leaf_index, a!.ref);
    await setRef(a!.leaf_index, b!.ref);
    await recomputeEverything();
    const outside = await verifyLog(db, { verifier: parseVerifierKey(sys.log.verifierKey), origin: sys.log.origin, checkSeals: false });
    expect(outside).toMatchObject({ valid: false, reason: expect.stringMatching(/调换了顺序|检查点不符/) });
    expect((await auditVerify()).valid).toBe(false);
    await setRef(a!.leaf_index, '-1');
    await setRef(b!.leaf_index, b!.ref);
    await setRef(a!.leaf_index, a!.ref);
    await recomputeEverything();
    await triggers(true);
    expect(await auditVerify()).toMatchObject({ valid: true });
  });

  it('a record inserted by hand is refused by the integrator and reported', async () => {
    await triggers(false);
    const inserted = await db
      .insertInto('audit_log')
      .values({
        at: new Date(),
        business_at: new Date(),
        actor_id: null,
        actor_role: 'admin',
        actor_label: '伪造',
        ip: null,
        request_id: null,
        action: 'filing.issue',
        entity_type: 'filing',
        entity_id: 'SHPB-2024-77777',
        before: null,
        after: null,
      })
      .returning('seq')
      .executeTakeFirstOrThrow();
    const v = await auditVerify();
    expect(v).toMatchObject({ valid: false, firstBadSeq: inserted.seq, reason: expect.stringContaining('日志拒收') });
    expect(
      await db.selectFrom('log_leaves').select('leaf_index').where('kind', '=', 'audit').where('ref', '=', inserted.seq).executeTakeFirst(),
    ).toBeUndefined();
    await db.deleteFrom('log_queue').where('kind', '=', 'audit').where('ref', '=', inserted.seq).execute();
    await sql`DELETE FROM audit_log WHERE seq = ${inserted.seq}`.execute(db);
    await triggers(true);
    expect(await auditVerify()).toMatchObject({ valid: true });
  });

  it('the newest records cut off — with their leaves, nodes and checkpoints — are caught by the checkpoint kept outside the database', async () => {
    const anon = new Client(sys.app);
    const before = (await anon.get('/public/log/checkpoint')).body;
    const size = Number(before.split('\n')[1]);
    await triggers(false);
    const keep = size - 5;
    const cut = await db.selectFrom('log_leaves').select(['kind', 'ref']).where('leaf_index', '>=', String(keep)).execute();
    await db
      .deleteFrom('audit_log')
      .where(
        'seq',
        'in',
        cut.filter((c) => c.kind === 'audit').map((c) => c.ref),
      )
      .execute();
    await db.deleteFrom('log_leaves').where('leaf_index', '>=', String(keep)).execute();
    await db.deleteFrom('log_checkpoints').where('tree_size', '>', String(keep)).execute();
    await recomputeEverything(); // nodes of the shorter tree
    await triggers(true);
    // the database alone now looks like an honest log of `keep` leaves …
    const inside = await verifyLog(db, { verifier: parseVerifierKey(sys.log.verifierKey), origin: sys.log.origin });
    expect(inside).toMatchObject({ valid: true, treeSize: keep });
    // … but this node witnessed a larger signed checkpoint, and so did anyone who saved one
    expect(await auditVerify()).toMatchObject({ valid: false, reason: expect.stringContaining('截断') });
    const saved = await verifyLog(db, {
      verifier: parseVerifierKey(sys.log.verifierKey),
      origin: sys.log.origin,
      outside: [{ note: before, label: '已保存的检查点' }],
      checkSeals: false,
    });
    expect(saved).toMatchObject({ valid: false, reason: expect.stringContaining(`大小为 ${size}`) });
  });
});

describe('trust: filings kept before the log are adopted once, never again', () => {
  let sys: TestSystem;
  afterAll(async () => sys?.close());

  it('adopts on the first start after the migration only; a row added later stays not valid', async () => {
    sys = await createTestSystem();
    const db = sys.database.db;
    const admin = new Client(sys.app);
    await admin.login('admin', 'Chief-Passw0rd!');
    await sys.log.integrate();
    // a filing row as an older version kept it (no event, no digests), listed by the migration
    const j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    await j.registerOrg({ username: 'legacy_org', name: '上海旧时备案培训中心', uscc: '91310115MA1H000011' });
    const org = await db.selectFrom('organizations').select('id').where('name', '=', '上海旧时备案培训中心').executeTakeFirst();
    const item = await db.selectFrom('campaign_items').select('id').limit(1).executeTakeFirstOrThrow();
    const app = await db
      .insertInto('applications')
      .values({
        campaign_id: (await db.selectFrom('campaigns').select('id').limit(1).executeTakeFirstOrThrow()).id,
        organization_id: org!.id,
        status: 'institution_passed',
        industry_authority: '上海市商务委员会',
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const ai = await db
      .insertInto('application_items')
      .values({ application_id: app.id, campaign_item_id: item.id, levels: [3], status: 'filed', position: 0 } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('filings')
      .values({
        receipt_no: 'SHPB-2023-00042',
        application_item_id: ai.id,
        organization_id: org!.id,
        filed_on: '2023-06-01',
        valid_until: '2026-05-31',
        status: 'active',
        created_at: new Date('2023-06-01'),
      })
      .execute();
    await db.insertInto('log_adoption').values({ receipt_no: 'SHPB-2023-00042' }).execute();
    // the log has signed already: nothing is adopted (else a row slipped in later would be blessed)
    expect(await sys.services.filings.adoptUnlogged()).toBe(0);
    expect((await new Client(sys.app).get('/public/filings/SHPB-2023-00042')).json()).toMatchObject({
      valid: false,
      reasons: expect.arrayContaining([expect.objectContaining({ code: 'NOT_IN_LOG' })]),
    });
    // the first start after the migration (the log has signed nothing yet) adopts it, saying so
    await db.insertInto('log_adoption').values({ receipt_no: 'SHPB-2023-00042' }).execute();
    await sql`ALTER TABLE log_checkpoints DISABLE TRIGGER log_checkpoints_append_only`.execute(db);
    await db.deleteFrom('log_checkpoints').execute();
    await sql`ALTER TABLE log_checkpoints ENABLE TRIGGER log_checkpoints_append_only`.execute(db);
    expect(await sys.services.filings.adoptUnlogged()).toBe(1);
    const v = (await new Client(sys.app).get('/public/filings/SHPB-2023-00042')).json();
    expect(v).toMatchObject({ valid: true, log: { included: true, latestEvent: 'filing.issued' } });
    expect((await db.selectFrom('audit_log').select('action').where('entity_id', '=', 'SHPB-2023-00042').execute()).map((r) => r.action)).toContain(
      'filing.adopt',
    );
    expect(await sys.services.filings.adoptUnlogged()).toBe(0);
  });

  it('checkpoints are signed at most once a second unless someone waits for one; the tick signs what is left', async () => {
    const size = async () =>
      Number(
        (await sys.database.db.selectFrom('log_checkpoints').select('tree_size').orderBy('tree_size', 'desc').limit(1).executeTakeFirstOrThrow()).tree_size,
      );
    sys.log.checkpointIntervalMs = 60_000; // (so a slow machine cannot make the next one due)
    await sys.log.integrate();
    const signed = await size();
    await new Client(sys.app).post('/auth/login', { username: 'nobody', password: 'Wrong#Pass1x' });
    const grown = await sys.log.integrate('due'); // a nudge right after the last checkpoint: sequenced, not yet signed
    expect(grown).toBeGreaterThan(signed);
    expect(await size()).toBe(signed);
    sys.log.start(50); // the tick signs leaves no checkpoint covers
    await new Promise((r) => setTimeout(r, 300));
    sys.log.stop();
    sys.log.checkpointIntervalMs = 1000;
    expect(await size()).toBe(grown);
  });
});

describe('trust: a node on its way down sequences what it wrote', () => {
  it('closing the app integrates its queue (so a key rotation with the nodes stopped leaves nothing unsealed behind)', async () => {
    const sys = await createTestSystem();
    try {
      sys.log.nudge = () => {}; // nothing integrates on its own
      await new Client(sys.app).post('/auth/login', { username: 'nobody', password: 'Wrong#Pass1x' });
      const waiting = async () => (await sys.database.db.selectFrom('log_queue').select('id').where('rejected_at', 'is', null).execute()).length;
      expect(await waiting()).toBeGreaterThan(0);
      await sys.app.close();
      expect(await waiting()).toBe(0);
    } finally {
      await sys.close();
    }
  });
});
