import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { restoreBackup } from '../platform/backup/archive.js';
import { LocalBlobStore } from '../platform/blob/local-blob-store.js';
import { loadConfig } from '../platform/config.js';
import { connect, startEmbeddedPostgres, type DatabaseHandle } from '../platform/db/database.js';
import { migrationsDir } from '../platform/db/migrate.js';
import { parseVerifierKey, verifyCheckpoint } from '../platform/log/note.js';
import { verifyLog } from '../platform/log/verify.js';
import { openDatabase } from './cli-database.js';

/**
 * `npm run verify-log -- --key <verifier key> --checkpoint <file> [--archive <backup.tar.gz>]`
 *
 * Checks the register from outside, with nothing but the log's public key, a checkpoint saved
 * earlier (e.g. `curl …/api/v1/public/log/checkpoint > checkpoint.txt`) and the database — the one of
 * DATABASE_URL / DATA_DIR, or the one inside a backup archive (restored into a temporary embedded
 * PostgreSQL that is removed afterwards). The tree is rebuilt from the records and must match every
 * checkpoint signed in the database and the saved one: a rewritten or rewound log fails. (Record MACs
 * need the private key and are not checked here; the signed checkpoints are what bind the records.)
 * Exit 0 valid, 1 not valid, 2 usage or unreadable input.
 */

const USAGE = '用法 (usage): npm run verify-log -- --key <验证公钥 verifier key | 文件> --checkpoint <已保存的检查点文件> [--archive <备份文件>]';

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Paths are the caller's (npm runs the task in the project folder). */
const callerPath = (p: string) => path.resolve(process.env.SHSP_CALLER_DIR ?? process.cwd(), p);

async function readKey(value: string): Promise<string> {
  if (/^[^+\s]+\+[0-9a-f]{8}\+/.test(value)) return value;
  return (await fs.readFile(callerPath(value), 'utf8')).trim();
}

async function fromArchive(archive: string): Promise<{ db: DatabaseHandle; stop: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-verify-'));
  // as root, PostgreSQL runs as its own user, who must be able to reach the data folder inside
  if (process.getuid?.() === 0) await fs.chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres(path.join(dir, 'data'));
  const db = connect(pg.url, 2);
  const blobs = new LocalBlobStore(path.join(dir, 'blobs'));
  await blobs.init();
  await restoreBackup(archive, { pool: db.pool, blobs, migrationsDir: migrationsDir() });
  return {
    db,
    stop: async () => {
      await db.close();
      await pg.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

async function main(args: string[]): Promise<number> {
  const keyArg = arg(args, '--key');
  const checkpointFile = arg(args, '--checkpoint');
  const archive = arg(args, '--archive');
  if (!keyArg || !checkpointFile) {
    console.error(USAGE);
    return 2;
  }
  const verifier = parseVerifierKey(await readKey(keyArg));
  const saved = await fs.readFile(callerPath(checkpointFile), 'utf8');
  const cp = verifyCheckpoint(saved, verifier);
  if (!cp) {
    console.error(`已保存的检查点无法用该公钥验证 (the saved checkpoint is not signed by this key): ${checkpointFile}`);
    return 1;
  }
  const source = archive
    ? await fromArchive(callerPath(archive))
    : await openDatabase(loadConfig()).then((o) => ({
        db: o.db,
        stop: async () => {
          await o.db.close();
          await o.stop();
        },
      }));
  try {
    const r = await verifyLog(source.db.db, { verifier, origin: cp.origin, outside: [{ note: saved, label: '已保存的检查点' }], checkSeals: false });
    console.log(JSON.stringify(r, null, 2));
    console.log(
      r.valid
        ? `日志完整 (valid): ${r.treeSize} 个叶子，${r.checkpoints} 个已签名检查点一致，包含已保存的检查点（大小 ${cp.size}）。`
        : `日志不可信 (NOT valid): ${r.reason}`,
    );
    return r.valid ? 0 : 1;
  } finally {
    await source.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`失败 (failed): ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
