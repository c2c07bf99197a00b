import { sql } from 'kysely';
import { buildApp, type BuiltApp } from '../app.js';
import { SimulatedClock, systemClock, type Clock } from '../platform/clock/clock.js';
import type { AppConfig } from '../platform/config.js';
import type { BaseContext, ServiceContext } from '../platform/context.js';
import { connect, startEmbeddedPostgres, type DatabaseHandle, type EmbeddedPg } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { checkReplicaOf, primaryReads, replicaReads } from '../platform/db/replica.js';
import { createBlobStore } from '../platform/blob/create-blob-store.js';
import { demoKeysDir, loadTrustKeys } from '../platform/keys/trust-keys.js';
import { seedReferenceData } from './seed.js';

export interface System extends BuiltApp {
  ctx: ServiceContext;
  database: DatabaseHandle;
  /** the streaming replica public reads go to (DATABASE_REPLICA_URL), if any */
  replica?: DatabaseHandle;
  embedded?: EmbeddedPg;
  clock: Clock;
  close(): Promise<void>;
}

/**
 * Everything a node needs, in order: database (embedded unless DATABASE_URL), migrations, reference
 * data, clock, blob store, the HTTP app and the first admin. Used by `npm start`, the demo and tests.
 */
export async function startSystem(config: AppConfig, opts: { logger?: boolean | object; log?: (m: string) => void; clock?: Clock } = {}): Promise<System> {
  const log = opts.log ?? ((m: string) => console.log(m));
  // the signing and log keys first: production without them is refused before anything starts
  const keys = await loadTrustKeys({ env: config.env, dataDir: config.dataDir, ...config.keys });
  if (keys.signing.demo || keys.log.demo) log(`演示密钥（非正式签章）：${demoKeysDir(config.dataDir)} — 正式部署请设置 SIGNING_KEY_FILE 与 LOG_KEY_FILE`);
  let embedded: EmbeddedPg | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir, { port: config.embeddedPgPort });
    url = embedded.url;
  }
  const database = connect(url, 20);
  const replica = config.databaseReplicaUrl ? connect(config.databaseReplicaUrl, 20) : undefined;
  try {
    // a replica gets the migrations by replaying the primary's WAL; it must be a standby of this primary
    if (replica) await checkReplicaOf(database.db, replica.db);
    await migrate(database.pool);
    // one node seeds at a time; seeding only adds what is missing
    await database.db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(7201003)`.execute(conn);
      try {
        await seedReferenceData(conn);
      } finally {
        await sql`SELECT pg_advisory_unlock(7201003)`.execute(conn);
      }
    });
    let clock: Clock = opts.clock ?? systemClock;
    if (!opts.clock && config.appClock) {
      const sim = new SimulatedClock(database.db, config.appClock);
      await sim.publish();
      sim.startSync();
      clock = sim;
    }
    // local disk under DATA_DIR/blobs, or S3 when S3_BUCKET is set; fails fast if unreachable
    const blobs = await createBlobStore(config.blobStore);
    const reads = replica ? replicaReads(database.db, replica.db) : primaryReads(database.db);
    // the first public read must find the tables the migrations just made
    if (replica && !(await reads.caughtUp(30_000))) log('备库 30 秒内未追上主库的迁移与基础数据 (the replica has not replayed the migrations yet)');
    const base: BaseContext = { db: database.db, reads, clock, config, blobs, keys, dbUrl: url, pool: database.pool };
    const built = await buildApp(base, { logger: opts.logger });
    const { ctx } = built;
    await built.services.accounts.ensureAdmin(log);
    // strays of a crash (uploads cut off mid-way, files without rows) go at start, then periodically
    await built.blobJanitor.cleanup().catch((err) => log(`blob cleanup failed: ${(err as Error).message}`));
    built.blobJanitor.start(config.blobCleanupIntervalMs);
    // the transparency log: filings kept before it are adopted once; what was committed before this
    // start (or before migration 0010) is sequenced now
    const adopted = await built.services.filings.adoptUnlogged();
    if (adopted) log(`透明日志：登记了 ${adopted} 项启用前的备案（filing.adopt）`);
    await built.log.integrate().catch((err) => log(`transparency log: ${(err as Error).message}`));
    built.log.start(1000);
    return {
      ...built,
      ctx,
      database,
      replica,
      embedded,
      clock,
      async close() {
        built.sweeper.stop();
        built.blobJanitor.stop();
        if (clock instanceof SimulatedClock) clock.stopSync();
        await built.app.close();
        await database.close();
        await replica?.close();
        await blobs.close?.();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await database.close().catch(() => {});
    await replica?.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw err;
  }
}
