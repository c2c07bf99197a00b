import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../platform/config.js';
import { connect, startEmbeddedPostgres, type DatabaseHandle } from '../platform/db/database.js';

/** The database a command-line task addresses: DATABASE_URL, or the embedded one of DATA_DIR. */

/** The embedded server of DATA_DIR if a node is running on it (hot backup), else one started for the occasion. */
async function openEmbedded(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const pid = await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => null);
  const lines = pid?.split('\n') ?? [];
  const alive = (() => {
    try {
      return !!lines[0] && process.kill(Number(lines[0]), 0);
    } catch {
      return false;
    }
  })();
  if (alive && lines[3]) {
    const password = (await fs.readFile(path.join(dataDir, 'pg-password'), 'utf8')).trim();
    return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${lines[3].trim()}/selection`, stop: async () => {} };
  }
  await fs.access(path.join(dataDir, 'pg-password')).catch(() => {
    throw new Error(`DATA_DIR ${dataDir} 中没有数据库（找不到 pg-password），请检查 DATA_DIR。`);
  });
  return startEmbeddedPostgres(dataDir);
}

export async function openDatabase(config: AppConfig): Promise<{ db: DatabaseHandle; stop: () => Promise<void>; kind: string }> {
  if (config.databaseUrl) return { db: connect(config.databaseUrl, 2), stop: async () => {}, kind: 'external (DATABASE_URL)' };
  const pg = await openEmbedded(config.dataDir);
  return { db: connect(pg.url, 2), stop: pg.stop, kind: `embedded (${config.dataDir})` };
}
