import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../app.js';
import { Client } from '../bootstrap/inject-client.js';
import { Journey, applyAndSubmit, expectStatus, makeCast } from '../bootstrap/journey.js';
import { createBackup, restoreBackup, RestoreRefused } from '../platform/backup/archive.js';
import type { BlobStore } from '../platform/blob/blob-store.js';
import { LocalBlobStore } from '../platform/blob/local-blob-store.js';
import { digestStream } from '../platform/blob/metering.js';
import { ManualClock } from '../platform/clock/clock.js';
import { connect, startEmbeddedPostgres } from '../platform/db/database.js';
import { migrationsDir } from '../platform/db/migrate.js';
import { createTestSystem, samplePdf, type TestSystem } from '../test-support/harness.js';
import { pdfBuffer } from '../test-support/pdf-stream.js';

const root = path.resolve(import.meta.dirname, '../../..');
const tmp: string[] = [];
const dbs: string[] = [];
const adminUrl = () => inject('pgAdminUrl');
const dbUrl = (name: string) => Object.assign(new URL(adminUrl()), { pathname: `/${name}` }).toString();

async function emptyDatabase(): Promise<string> {
  const name = `r_${crypto.randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  dbs.push(name);
  return dbUrl(name);
}

async function tempDir(prefix: string): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  tmp.push(d);
  return d;
}

/** Every table: its row count and an MD5 of all its rows in a stable order — equal means equal content. */
async function tableFingerprints(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const names = (
      await c.query<{ relname: string }>(
        `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`,
      )
    ).rows.map((r) => r.relname);
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const t of names) {
      const r = await c.query<{ n: number; h: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM "${t}" x`,
      );
      out[t] = { rows: r.rows[0]!.n, md5: r.rows[0]!.h };
    }
    return out;
  } finally {
    await c.end();
  }
}

async function blobHashes(store: BlobStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const b of store.list()) out[b.key] = (await digestStream(await store.get(b.key))).sha256;
  return out;
}

/** The CLI as `npm run backup|restore` runs it (from the sources here); an empty value unsets a variable. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const full: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === '') delete full[k];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/bootstrap/backup-cli.ts'), ...args], { cwd: root, env: full });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** Part 7: one archive brings back the whole system — every row, every file, the audit chain. */
describe('backup and restore', () => {
  let sys: TestSystem;
  let before: Record<string, { rows: number; md5: string }>;
  let beforeBlobs: Record<string, string>;
  let auditEntries: number;
  let archive: string;
  let org: Client;

  beforeAll(async () => {
    sys = await createTestSystem({ now: '2024-08-26T09:00:00+08:00' });
    const j = new Journey(sys.app);
    await j.loginAdmin('Chief-Passw0rd!');
    const cast = await makeCast(j, { districts: ['310115'] });
    const campaign = await j.campaign2024();
    org = (await j.registerOrg({ username: 'bk_org', name: '上海备份测试有限公司', uscc: '91310115MA1H000011' })).client;
    const app = await applyAndSubmit(j, cast, org, campaign, [33], ['310115']);
    expectStatus(await cast.center.post(`/applications/${app.id}/acceptance`, { decision: 'accept', reason: '材料齐全' }), 200, 'accept');
    const other = (await j.registerOrg({ username: 'bk_org2', name: '上海备份草稿有限公司', uscc: '51310000MJ0000001N', legalForm: 'social_group' })).client;
    const draft = (
      await other.post('/applications', {
        campaignId: campaign.id,
        industryAuthority: cast.authority,
        items: [{ itemId: campaign.items.find((i) => i.seq === 34)!.id, levels: campaign.items.find((i) => i.seq === 34)!.levels }],
        sites: [{ name: '考核点', address: '浦东2号', district: '310115' }],
      })
    ).json();
    const big = await other.upload(
      `/applications/${draft.id}/materials`,
      { kind: 'work_plan' },
      { name: '工作方案.pdf', content: await pdfBuffer(2 * 1024 * 1024, 'backup-plan') },
    );
    expectStatus(big, 201, 'big upload');
    const gone = (await other.upload(`/applications/${draft.id}/materials`, { kind: 'credit_proof' }, { name: '旧.pdf', content: samplePdf('old') })).json();
    expect((await other.delete(`/applications/${draft.id}/materials/${gone.id}`)).statusCode).toBe(204); // soft-deleted: row and file stay
    auditEntries = (await j.admin.get('/audit/verify')).json().entries;
    before = await tableFingerprints(sys.config.databaseUrl!);
    beforeBlobs = await blobHashes(sys.ctx.blobs);
    archive = path.join(await tempDir('shsp-bk-'), 'backup.tar.gz');
    const r = await createBackup({ pool: sys.database.pool, blobs: sys.ctx.blobs, describe: { database: 'test', blobStore: 'local' } }, archive);
    expect(r.problems).toEqual([]);
    expect(r.blobs).toBe(Object.keys(beforeBlobs).length);
  }, 90_000);

  afterAll(async () => {
    await sys?.close();
    const c = new pg.Client({ connectionString: adminUrl() });
    await c.connect();
    for (const d of dbs) await c.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
    await c.end();
    for (const d of tmp) await fs.rm(d, { recursive: true, force: true });
  });

  it('restores into a fresh database and blob folder with nothing missing or changed; the audit chain verifies', async () => {
    const url = await emptyDatabase();
    const blobDir = await tempDir('shsp-rb-');
    const blobs = new LocalBlobStore(blobDir);
    await blobs.init();
    const db = connect(url, 4);
    try {
      const r = await restoreBackup(archive, { pool: db.pool, blobs, migrationsDir: migrationsDir() });
      expect(r.rows).toBe(Object.values(before).reduce((n, t) => n + t.rows, 0));
      expect(await tableFingerprints(url)).toEqual(before);
      expect(await blobHashes(blobs)).toEqual(beforeBlobs);
      for (const m of await db.db.selectFrom('materials').select(['blob_key', 'sha256']).execute()) expect(beforeBlobs[m.blob_key]).toBe(m.sha256);

      // the restored system works: the chain verifies, sessions and sequences carry on
      // a restored system starts on a DATA_DIR of its own: the old one's witness has seen the log
      // grow past the backup, and would rightly report the restored log as cut off (decision 0013)
      const config = { ...sys.config, dataDir: await tempDir('shsp-rd-') };
      const built = await buildApp({ db: db.db, clock: new ManualClock(new Date('2024-08-27T10:00:00+08:00')), config, blobs, keys: sys.ctx.keys });
      try {
        const admin = new Client(built.app);
        expectStatus(await admin.login('admin', 'Chief-Passw0rd!'), 200, 'admin login on the restored system');
        expect((await admin.get('/audit/verify')).json()).toMatchObject({ valid: true, entries: auditEntries + 1 }); // + this login
        expect((await admin.get('/system/blobs/verify')).json()).toMatchObject({ valid: true, mismatched: [], missing: [], unreferencedBlobs: 0 });
        const again = new Client(built.app);
        again.cookie = org.cookie;
        again.csrf = org.csrf;
        expect((await again.get('/auth/me')).statusCode).toBe(200);
      } finally {
        await built.app.close();
      }
    } finally {
      await db.close();
    }
  }, 60_000);

  it('refuses a target that is not empty, and an archive that was tampered with', async () => {
    const url = await emptyDatabase();
    const db = connect(url, 2);
    try {
      const blobs = new LocalBlobStore(await tempDir('shsp-rb2-'));
      await blobs.init();
      await restoreBackup(archive, { pool: db.pool, blobs, migrationsDir: migrationsDir() });
      await expect(restoreBackup(archive, { pool: db.pool, blobs, migrationsDir: migrationsDir() })).rejects.toThrow(/不是空库/);
      const emptyDb = connect(await emptyDatabase(), 2);
      try {
        await expect(restoreBackup(archive, { pool: emptyDb.pool, blobs, migrationsDir: migrationsDir() })).rejects.toThrow(/文件存储不是空的/);
        // one byte of the archive changed → refused before anything is written
        const bad = path.join(await tempDir('shsp-bad-'), 'bad.tar.gz');
        const tar = await import('tar');
        const dir = await tempDir('shsp-x-');
        await tar.x({ file: archive, cwd: dir });
        const f = path.join(dir, 'db', 'audit_log.copy');
        await fs.writeFile(f, (await fs.readFile(f, 'utf8')).replace('material.upload', 'material.uploaD'));
        await tar.c({ gzip: true, file: bad, cwd: dir }, ['manifest.json', 'db', 'blobs']);
        const fresh = new LocalBlobStore(await tempDir('shsp-rb3-'));
        await fresh.init();
        await expect(restoreBackup(bad, { pool: emptyDb.pool, blobs: fresh, migrationsDir: migrationsDir() })).rejects.toBeInstanceOf(RestoreRefused);
        expect(await blobHashes(fresh)).toEqual({});
      } finally {
        await emptyDb.close();
      }
    } finally {
      await db.close();
    }
  }, 60_000);

  it('npm run backup / restore: the CLI dumps a running system and restores into an empty embedded DATA_DIR', async () => {
    const out = path.join(await tempDir('shsp-cli-'), 'cli.tar.gz');
    // keys under DATA_DIR/keys (demo keys) never go into a backup
    await fs.mkdir(path.join(sys.dataDir, 'keys'), { recursive: true });
    await fs.writeFile(path.join(sys.dataDir, 'keys', 'receipt-signing.demo.pem'), 'KEY-MATERIAL-MUST-NOT-BE-BACKED-UP');
    const b = await run(['backup', '--out', out], { DATABASE_URL: sys.config.databaseUrl!, DATA_DIR: sys.dataDir, NODE_ENV: 'test' });
    expect(b.code, b.out).toBe(0);
    expect(b.out).toContain('备份完成');
    const entries: string[] = [];
    await (await import('tar')).t({ file: out, onReadEntry: (e) => entries.push(e.path) });
    expect(entries.filter((e) => /(^|\/)keys(\/|$)|\.pem$/.test(e))).toEqual([]);
    expect(zlib.gunzipSync(await fs.readFile(out)).includes('KEY-MATERIAL-MUST-NOT-BE-BACKED-UP')).toBe(false);
    const parent = await tempDir('shsp-cli-data-');
    await fs.chmod(parent, 0o755); // as root, embedded PostgreSQL runs as another user who must reach DATA_DIR
    const target = path.join(parent, 'data');
    await fs.mkdir(target);
    await fs.writeFile(path.join(target, 'something'), 'x');
    const refused = await run(['restore', out], { DATA_DIR: target, NODE_ENV: 'test', DATABASE_URL: '' });
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('不是空目录');
    await fs.rm(path.join(target, 'something'));
    const r = await run(['restore', out], { DATA_DIR: target, NODE_ENV: 'test', DATABASE_URL: '' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('恢复完成');
    const pgEmbedded = await startEmbeddedPostgres(target);
    try {
      expect(await tableFingerprints(pgEmbedded.url)).toEqual(before);
      const blobs = new LocalBlobStore(path.join(target, 'blobs'));
      expect(await blobHashes(blobs)).toEqual(beforeBlobs);
    } finally {
      await pgEmbedded.stop();
    }
  }, 120_000);
});
