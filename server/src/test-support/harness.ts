import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuiltApp } from '../app.js';
import { ManualClock } from '../platform/clock/clock.js';
import { loadConfig, type AppConfig } from '../platform/config.js';
import { connect, type DatabaseHandle } from '../platform/db/database.js';
import { createBlobStore } from '../platform/blob/create-blob-store.js';
import type { BaseContext, ServiceContext } from '../platform/context.js';
import { loadTrustKeys } from '../platform/keys/trust-keys.js';
import { trustKeyEnv } from './test-keys.js';

export interface TestSystem extends BuiltApp {
  app: FastifyInstance;
  ctx: ServiceContext;
  clock: ManualClock;
  database: DatabaseHandle;
  config: AppConfig;
  dataDir: string;
  close(): Promise<void>;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** A whole system over a fresh copy of the seeded template database, with a clock the test moves. */
/** A business clock that runs on in real time from an instant the test sets (like APP_CLOCK). */
export class RunningClock extends ManualClock {
  private base = 0;
  private since = 0;
  override set(t: Date): void {
    this.base = t.getTime();
    this.since = Date.now();
  }
  override now(): Date {
    return new Date(this.base + (Date.now() - this.since));
  }
}

export async function createTestSystem(opts: { now?: string; env?: Record<string, string>; running?: boolean } = {}): Promise<TestSystem> {
  const database0 = await templateDatabase('t');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shsp-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: database0.url,
    ADMIN_PASSWORD: 'Chief-Passw0rd!',
    RATE_LOGIN_PER_MIN: '1000',
    RATE_REGISTER_PER_HOUR: '1000',
    RATE_OBJECTION_PER_MIN: '1000',
    ...trustKeyEnv(),
    ...opts.env,
  });
  const database = connect(config.databaseUrl!, 10);
  const start = new Date(opts.now ?? '2024-08-26T10:00:00+08:00');
  const clock = opts.running ? new RunningClock(start) : new ManualClock(start);
  clock.set(start);
  // local disk under dataDir/blobs, or S3 when opts.env names a bucket (S3_BUCKET, …)
  const blobs = await createBlobStore(config.blobStore);
  const keys = await loadTrustKeys({ env: config.env, dataDir, ...config.keys });
  const base: BaseContext = { db: database.db, clock, config, blobs, keys, dbUrl: config.databaseUrl, pool: database.pool };
  const built = await buildApp(base);
  const { ctx } = built;
  await built.services.accounts.ensureAdmin(() => {});
  return {
    ...built,
    ctx,
    clock,
    database,
    config,
    dataDir,
    async close() {
      await built.app.close();
      await database.close();
      await blobs.close?.();
      await fs.rm(dataDir, { recursive: true, force: true });
      await database0.drop();
    },
  };
}

export { Client, samplePdf } from '../bootstrap/inject-client.js';

/** A fresh copy of the seeded template database, for tests that start real server processes on it. */
export async function templateDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `${prefix}_${crypto.randomBytes(5).toString('hex')}`;
  const run = async (statement: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name} TEMPLATE selection_template`);
  return { url: withDatabase(adminUrl, name), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
