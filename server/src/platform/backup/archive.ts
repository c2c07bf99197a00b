import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import * as tar from 'tar';
import { BLOB_KEY, BlobNotFoundError, type BlobStore } from '../blob/blob-store.js';
import { LocalBlobStore } from '../blob/local-blob-store.js';
import { digestStream } from '../blob/metering.js';
import { migrate } from '../db/migrate.js';
import { dumpDatabase, isEmptyDatabase, loadDatabase, type SequenceDump, type TableDump } from './pg-logical.js';

/**
 * One archive (tar.gz) holds a whole system: `manifest.json` first, then `db/<table>.copy` (a
 * logical dump, one snapshot) and `blobs/<key>` (every stored file). The manifest lists every
 * other file of the archive with its SHA-256; a restore checks them all before it writes anything.
 */
export interface Manifest {
  format: 'shsp-backup';
  version: 1;
  createdAt: string;
  source: { database: string; blobStore: string };
  /** the schema: replayed on restore, newer migrations of the restoring build run at its next start */
  migrations: string[];
  tables: TableDump[];
  sequences: SequenceDump[];
  blobs: { key: string; file: string; size: number; sha256: string; referenced: boolean }[];
  /** referenced files that were missing or did not match their recorded SHA-256 when the backup was taken */
  problems: { key: string; problem: 'missing' | 'mismatch'; expected: string; actual?: string }[];
}

export interface BackupResult {
  file: string;
  bytes: number;
  tables: number;
  rows: number;
  blobs: number;
  blobBytes: number;
  problems: Manifest['problems'];
  durationMs: number;
}

const sha256File = async (file: string) => digestStream(fs.createReadStream(file));

/**
 * Writes the archive to `outFile` (via `<outFile>.partial`, renamed when complete, so a file with
 * the final name is always whole). Blobs are copied after the database snapshot, and the ones its
 * rows refer to are checked against their recorded SHA-256 on the way; uploads committed after the
 * snapshot are not in the dump, so their files, if copied, are strays the cleanup removes after a
 * restore. Memory stays flat: everything streams through files in a staging folder beside the
 * archive (local blobs are hard-linked into it, not copied).
 */
export async function createBackup(
  source: { pool: pg.Pool; blobs: BlobStore; describe: Manifest['source'] },
  outFile: string,
  log: (m: string) => void = () => {},
): Promise<BackupResult> {
  const t0 = performance.now();
  const staging = `${outFile}.staging-${crypto.randomBytes(4).toString('hex')}`;
  await fsp.mkdir(path.join(staging, 'blobs'), { recursive: true });
  try {
    const client = await source.pool.connect();
    let dump;
    try {
      dump = await dumpDatabase(client, path.join(staging, 'db'), async (c) => {
        const rows = await c.query<{ key: string; sha256: string; size: string }>('SELECT blob_key AS key, sha256, size::text FROM materials');
        return new Map(rows.rows.map((r) => [r.key, { sha256: r.sha256, size: Number(r.size) }]));
      });
    } finally {
      client.release();
    }
    const expected = dump.extra;
    log(`数据库快照：${dump.tables.length} 张表，${dump.tables.reduce((n, t) => n + t.rows, 0)} 行`);
    const blobs: Manifest['blobs'] = [];
    const problems: Manifest['problems'] = [];
    const seen = new Set<string>();
    for await (const b of source.blobs.list()) {
      const file = `blobs/${b.key}`;
      const dest = path.join(staging, file);
      await fsp.mkdir(path.dirname(dest), { recursive: true });
      try {
        await copyBlob(source.blobs, b.key, dest);
      } catch (err) {
        if (err instanceof BlobNotFoundError) continue; // deleted meanwhile (an abandoned upload)
        throw err;
      }
      const actual = await sha256File(dest);
      const want = expected.get(b.key);
      seen.add(b.key);
      blobs.push({ key: b.key, file, size: actual.size, sha256: actual.sha256, referenced: !!want });
      if (want && (want.sha256 !== actual.sha256 || want.size !== actual.size))
        problems.push({ key: b.key, problem: 'mismatch', expected: want.sha256, actual: actual.sha256 });
    }
    for (const [key, want] of expected) if (!seen.has(key)) problems.push({ key, problem: 'missing', expected: want.sha256 });
    const manifest: Manifest = {
      format: 'shsp-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      source: source.describe,
      migrations: dump.migrations,
      tables: dump.tables,
      sequences: dump.sequences,
      blobs,
      problems,
    };
    await fsp.writeFile(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 1));
    const partial = `${outFile}.partial`;
    await tar.c({ gzip: true, file: partial, cwd: staging, portable: true }, ['manifest.json', 'db', 'blobs']);
    const fh = await fsp.open(partial, 'r');
    await fh.sync();
    await fh.close();
    await fsp.rename(partial, outFile);
    return {
      file: outFile,
      bytes: (await fsp.stat(outFile)).size,
      tables: dump.tables.length,
      rows: dump.tables.reduce((n, t) => n + t.rows, 0),
      blobs: blobs.length,
      blobBytes: blobs.reduce((n, b) => n + b.size, 0),
      problems,
      durationMs: Math.round(performance.now() - t0),
    };
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}

async function copyBlob(store: BlobStore, key: string, dest: string): Promise<void> {
  if (store instanceof LocalBlobStore) {
    try {
      await fsp.link(store.filePath(key), dest);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(key);
      // another filesystem: copy instead
    }
  }
  await pipeline(await store.get(key), fs.createWriteStream(dest, { flags: 'wx' }));
}

export class RestoreRefused extends Error {}

export interface RestoreTarget {
  pool: pg.Pool;
  blobs: BlobStore;
  /** the restoring build's migrations folder */
  migrationsDir: string;
  /** where the archive is unpacked (default: the system's temporary folder) */
  workDir?: string;
}

/**
 * Restores an archive into an empty database and an empty blob store — anything else is refused
 * before a byte is written. Every file's SHA-256 is checked against the manifest first; then the
 * archived migrations build the schema, the blobs are written (before the rows that refer to them),
 * and the tables are loaded in one transaction with their counts checked.
 */
export async function restoreBackup(
  archive: string,
  target: RestoreTarget,
  log: (m: string) => void = () => {},
): Promise<{ tables: number; rows: number; blobs: number; migrations: string[] }> {
  const client = await target.pool.connect();
  try {
    if (!(await isEmptyDatabase(client))) throw new RestoreRefused('目标数据库不是空库（已有数据表），拒绝恢复：请指定一个新建的空数据库。');
  } finally {
    client.release();
  }
  for await (const b of target.blobs.list())
    throw new RestoreRefused(`目标文件存储不是空的（已有文件 ${b.key}），拒绝恢复：请指定空的 DATA_DIR 或空的存储桶。`);

  const work = await fsp.mkdtemp(path.join(target.workDir ?? os.tmpdir(), 'shsp-restore-'));
  try {
    await tar.x({ file: archive, cwd: work, strict: true });
    const manifest = JSON.parse(await fsp.readFile(path.join(work, 'manifest.json'), 'utf8')) as Manifest;
    if (manifest.format !== 'shsp-backup' || manifest.version !== 1) throw new RestoreRefused('这不是本系统的备份文件（manifest 格式不符）。');
    // names come from the archive: only our own shapes, never a path of its choosing
    const bad = [
      ...manifest.tables.filter((t) => !/^[a-z0-9_]+\.copy$/.test(t.file)).map((t) => t.file),
      ...manifest.blobs.filter((b) => !BLOB_KEY.test(b.key) || b.file !== `blobs/${b.key}`).map((b) => b.file),
    ];
    if (bad.length) throw new RestoreRefused(`备份清单含有不合规的文件名（${bad.slice(0, 3).join('、')}），拒绝恢复。`);
    const files = [...manifest.tables.map((t) => ({ file: `db/${t.file}`, sha256: t.sha256, size: t.bytes })), ...manifest.blobs];
    for (const f of files) {
      const actual = await sha256File(path.join(work, f.file)).catch(() => null);
      if (!actual || actual.sha256 !== f.sha256 || actual.size !== f.size)
        throw new RestoreRefused(`备份文件已损坏：${f.file} 的 SHA-256 与清单不符，拒绝恢复。`);
    }
    log(`备份校验通过：${files.length} 个文件（${manifest.tables.length} 张表，${manifest.blobs.length} 个材料文件）`);

    const known = (await fsp.readdir(target.migrationsDir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
    const unknown = manifest.migrations.filter((m) => !known.includes(m));
    if (unknown.length) throw new RestoreRefused(`备份来自更新的版本（迁移 ${unknown.join('、')} 本版本没有），请用相同或更新的版本恢复。`);
    const prefix = known.slice(0, manifest.migrations.length);
    if (prefix.join() !== manifest.migrations.join()) throw new RestoreRefused('备份的数据库迁移与本版本不一致，拒绝恢复。');
    const migrations = path.join(work, 'migrations');
    await fsp.mkdir(migrations);
    for (const m of manifest.migrations) await fsp.copyFile(path.join(target.migrationsDir, m), path.join(migrations, m));
    await migrate(target.pool, migrations);

    for (const b of manifest.blobs) {
      const stored = await target.blobs.put(fs.createReadStream(path.join(work, b.file)), { key: b.key, maxBytes: b.size });
      if (stored.sha256 !== b.sha256) throw new Error(`blob ${b.key}: written ${stored.sha256}, archive has ${b.sha256}`);
    }
    log(`材料文件已写入：${manifest.blobs.length} 个`);
    const loader = await target.pool.connect();
    try {
      await loadDatabase(loader, path.join(work, 'db'), manifest);
    } finally {
      loader.release();
    }
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    log(`数据库已恢复：${manifest.tables.length} 张表，${rows} 行`);
    return { tables: manifest.tables.length, rows, blobs: manifest.blobs.length, migrations: manifest.migrations };
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}
