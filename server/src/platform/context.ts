import type { Pool } from 'pg';
import type { AppConfig } from './config.js';
import type { Clock } from './clock/clock.js';
import type { Db } from './db/database.js';
import type { Reads } from './db/replica.js';
import type { BlobStore } from './blob/blob-store.js';
import type { TrustKeys } from './keys/trust-keys.js';
import type { TransparencyLog } from './log/transparency-log.js';

/** The narrow set of things services depend on; built once in buildApp and passed down. */
export interface ServiceContext {
  db: Db;
  /** where public reads go: a streaming replica (DATABASE_REPLICA_URL) or the primary (decision 0019) */
  reads: Reads;
  clock: Clock;
  config: AppConfig;
  blobs: BlobStore;
  /** the receipt-signing key and the log key (files named by the environment; platform/keys) */
  keys: TrustKeys;
  /** the database's URL, for the LISTEN connection of notifications (absent: poll instead) */
  dbUrl?: string;
  /** the connection pool, for metrics */
  pool?: Pool;
  /** the transparency log every record and filing event enters (built by buildApp from `keys`) */
  log: TransparencyLog;
}

/** What the caller of buildApp provides; buildApp adds the log, and the primary as `reads` when none is given. */
export type BaseContext = Omit<ServiceContext, 'log' | 'reads'> & { reads?: Reads };
