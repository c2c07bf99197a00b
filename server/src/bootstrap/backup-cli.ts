import fs from 'node:fs/promises';
import path from 'node:path';
import { createBackup, restoreBackup, RestoreRefused } from '../platform/backup/archive.js';
import { createBlobStore } from '../platform/blob/create-blob-store.js';
import { loadConfig, type AppConfig } from '../platform/config.js';
import { connect, startEmbeddedPostgres } from '../platform/db/database.js';
import { openDatabase } from './cli-database.js';
import { migrationsDir } from '../platform/db/migrate.js';

/**
 * `npm run backup [-- --out FILE]` and `npm run restore <archive>` (docs/decisions/0005-backup-and-restore.md).
 * Both honour the server's environment (DATA_DIR, DATABASE_URL, S3_*), so they address exactly the
 * database and blob store a node with that environment uses.
 */

async function backup(config: AppConfig, args: string[]): Promise<number> {
  const i = args.indexOf('--out');
  const named = i >= 0 ? args[i + 1] : args.find((a) => !a.startsWith('-'));
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const out = path.resolve(named ?? path.join('backups', `shsp-backup-${stamp}.tar.gz`));
  await fs.mkdir(path.dirname(out), { recursive: true });
  const { db, stop, kind } = await openDatabase(config);
  const blobs = await createBlobStore(config.blobStore);
  try {
    const r = await createBackup({ pool: db.pool, blobs, describe: { database: kind, blobStore: blobs.driver } }, out, (m) => console.log(m));
    console.log(
      `备份完成 (backup written): ${r.file}\n  ${r.tables} tables, ${r.rows} rows, ${r.blobs} files (${(r.blobBytes / 1048576).toFixed(1)} MiB), archive ${(r.bytes / 1048576).toFixed(1)} MiB, ${r.durationMs} ms`,
    );
    if (r.problems.length) {
      console.error(`警告：${r.problems.length} 个材料文件缺失或与登记的 SHA-256 不符（已记入 manifest.json 的 problems）：`);
      for (const p of r.problems.slice(0, 20)) console.error(`  ${p.key}: ${p.problem}`);
      return 3;
    }
    return 0;
  } finally {
    await blobs.close?.();
    await db.close();
    await stop();
  }
}

async function restore(config: AppConfig, args: string[]): Promise<number> {
  const archive = args.find((a) => !a.startsWith('-'));
  if (!archive) {
    console.error('用法 (usage): npm run restore <archive.tar.gz>');
    return 2;
  }
  await fs.access(archive).catch(() => {
    throw new RestoreRefused(`找不到备份文件：${archive}`);
  });
  let stop = async () => {};
  let url = config.databaseUrl;
  if (!url) {
    // an embedded database is created afresh in DATA_DIR — which must be empty, never overwritten
    const entries = await fs.readdir(config.dataDir).catch(() => []);
    if (entries.length) throw new RestoreRefused(`DATA_DIR（${config.dataDir}）不是空目录，拒绝恢复：请指定一个新的空目录，以免覆盖现有数据。`);
    const pg = await startEmbeddedPostgres(config.dataDir);
    url = pg.url;
    stop = () => pg.stop();
  }
  const db = connect(url, 2);
  try {
    const blobs = await createBlobStore(config.blobStore);
    try {
      const r = await restoreBackup(path.resolve(archive), { pool: db.pool, blobs, migrationsDir: migrationsDir() }, (m) => console.log(m));
      console.log(`恢复完成 (restored): ${r.tables} tables, ${r.rows} rows, ${r.blobs} files; migrations ${r.migrations.join(', ')}`);
      return 0;
    } finally {
      await blobs.close?.();
    }
  } finally {
    await db.close();
    await stop();
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const config = loadConfig();
  let code: number;
  try {
    if (command === 'backup') code = await backup(config, args);
    else if (command === 'restore') code = await restore(config, args);
    else {
      console.error('用法 (usage): backup-cli backup [--out FILE] | restore <archive>');
      code = 2;
    }
  } catch (err) {
    if (err instanceof RestoreRefused) {
      console.error(`拒绝恢复 (refused): ${err.message}`);
      code = 2;
    } else {
      console.error(`失败 (failed): ${err instanceof Error ? err.message : String(err)}`);
      code = 1;
    }
  }
  process.exit(code);
}

void main();
