import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * After `kill -9` of a node, the embedded PostgreSQL it started lives on as an orphan and keeps
 * the data folder locked (postmaster.pid), so a restarted node could never start again. The node
 * that starts the server records its pid in `<dataDir>/pg-owner`; a later start that finds a live
 * postmaster whose owner is gone shuts that orphan down (fast shutdown: no client is left to lose)
 * and carries on. A postmaster whose owner still runs belongs to another node on the same DATA_DIR:
 * that is refused, never killed.
 */

/** Running — a zombie (killed, not yet reaped by its new parent) is not. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}

/**
 * The data directory of a running postmaster (its `-D`, resolved against its own working directory),
 * null when the process is not a postmaster at all, undefined when this system cannot tell (no /proc).
 */
async function postmasterDataDir(pid: number): Promise<string | null | undefined> {
  const raw = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  if (raw === null) return undefined;
  const args = raw.split('\0');
  const d = args.indexOf('-D');
  if (d < 0 || !/postgres/.test(path.basename(args[0] ?? '')) || !args[d + 1]) return null;
  const cwd = await fs.readlink(`/proc/${pid}/cwd`).catch(() => process.cwd());
  return realpathOr(path.resolve(cwd, args[d + 1]!));
}

const realpathOr = (p: string) => fs.realpath(p).catch(() => path.resolve(p));

async function cmdline(pid: number): Promise<string | null> {
  return fs.readFile(`/proc/${pid}/cmdline`, 'utf8').then(
    (s) => s.replace(/\0/g, ' '),
    () => null,
  );
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

export async function stopOrphanedPostmaster(dataDir: string, pgDir: string, log: (m: string) => void = () => {}): Promise<void> {
  const lockFile = path.join(pgDir, 'postmaster.pid');
  const lock = await fs.readFile(lockFile, 'utf8').catch(() => null);
  const pid = Number(lock?.split('\n')[0]);
  if (!lock || !Number.isInteger(pid) || pid <= 0 || !alive(pid)) return; // none, or stale: PostgreSQL cleans a stale lock itself
  const dir = await postmasterDataDir(pid);
  if (dir !== undefined && dir !== (await realpathOr(pgDir))) {
    // a stale lock whose pid now belongs to another process (after a power cut, or pids wrapping
    // round): PostgreSQL refuses to start while that pid lives. The process is not ours — it is
    // left alone — and the lock is removed, as PostgreSQL would remove one whose pid were gone.
    log(`stale postmaster.pid: pid ${pid} is ${dir === null ? 'not a PostgreSQL server' : `the server of ${dir}`}; removing the lock`);
    await fs.rm(lockFile, { force: true });
    return;
  }
  const owner = Number((await fs.readFile(path.join(dataDir, 'pg-owner'), 'utf8').catch(() => '')).trim());
  if (owner && owner !== process.pid && alive(owner) && /node/.test((await cmdline(owner)) ?? 'node')) {
    throw new Error(`DATA_DIR ${dataDir} is in use by another running node (pid ${owner}); one DATA_DIR serves one node (use DATABASE_URL for several).`);
  }
  log(`embedded PostgreSQL ${pid} outlived its node (pid ${owner || 'unknown'}): shutting it down`);
  process.kill(pid, 'SIGINT'); // fast shutdown
  if (await waitGone(pid, 30_000)) return;
  process.kill(pid, 'SIGQUIT'); // immediate shutdown: crash recovery runs at the next start
  if (!(await waitGone(pid, 10_000))) throw new Error(`embedded PostgreSQL ${pid} did not stop`);
}

export async function recordPostmasterOwner(dataDir: string): Promise<void> {
  await fs.writeFile(path.join(dataDir, 'pg-owner'), String(process.pid));
}
