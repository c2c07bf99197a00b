import path from 'node:path';
import { z } from 'zod';
import { MATERIAL_KINDS, STAFF_ROLES, ROLES, type MaterialKind, type Role } from '../../../contract/enums.js';

/**
 * Configuration is parsed once from the environment, and the process fails fast on anything
 * wrong (epic-stack style). No secret has a default usable in production (SEC-06).
 */
const csvRoles = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(ROLES)));

/** Every environment variable the system reads (the README lists each; config.test.ts holds it to that). */
export const ENV_SCHEMA = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./.data'),
  DATABASE_URL: z.string().url().optional(),
  // a streaming replica of DATABASE_URL for public reads (decision 0019)
  DATABASE_REPLICA_URL: z.string().url().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  APP_CLOCK: z.string().datetime({ offset: true }).optional(),
  DEMO_DATA: z.enum(['0', '1']).default('0'),
  PUBLIC_BASE_URL: z.string().url().optional(),
  MFA_REQUIRED_ROLES: csvRoles.optional(),
  MAX_UPLOAD_MIB: z.coerce.number().positive().default(50),
  RATE_LOGIN_PER_MIN: z.coerce.number().int().positive().default(30),
  RATE_REGISTER_PER_HOUR: z.coerce.number().int().positive().default(20),
  RATE_OBJECTION_PER_MIN: z.coerce.number().int().positive().default(10),
  SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  METRICS_TOKEN: z.string().min(16).optional(),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180, 'must be at least 180 (网络安全法 §21)').default(1095),
  DATA_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (256 bits)')
    .optional(),
  // blob store (documents issue, part 1): local disk under DATA_DIR unless S3_BUCKET is set
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['0', '1']).optional(),
  BLOB_GRACE_SECONDS: z.coerce.number().int().positive().default(900),
  BLOB_CLEANUP_INTERVAL_MS: z.coerce.number().int().positive().default(900_000),
  // checks on what comes in (part 2): per-kind limits as `kind=MiB,kind=MiB`, a total per application
  UPLOAD_LIMITS_MIB: z.string().optional(),
  MAX_APPLICATION_UPLOAD_MIB: z.coerce.number().positive().default(1024),
  PDF_PARSE_MAX_MIB: z.coerce.number().nonnegative().default(20),
  DOWNLOAD_PREVERIFY_MIB: z.coerce.number().nonnegative().default(4),
  UPLOAD_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(8),
  PDF_CHECK_MEMORY_MIB: z.coerce.number().nonnegative().default(16),
  // notifications (documents issue, part 6): SMTP off unless SMTP_URL or SMTP_HOST is set
  SMTP_URL: z.string().url().optional(),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_SECURE: z.enum(['0', '1']).optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  MAIL_FROM: z.string().optional(),
  SMS_DRIVER: z.enum(['log', 'off']).default('log'),
  NOTIFY_INTERVAL_MS: z.coerce.number().int().positive().default(5_000),
  // trust keys (signed receipts, transparency log): files outside the database, never in a backup
  SIGNING_KEY_FILE: z.string().min(1).optional(),
  SIGNING_KEY_PASSPHRASE: z.string().optional(),
  LOG_KEY_FILE: z.string().min(1).optional(),
  LOG_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/, "must be one word: no whitespace, no '+'")
    .default('shsp-selection.example/filing-log'),
  PUBLISHED_KEYS_FILE: z.string().min(1).optional(),
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** a streaming replica of the primary: the public directory and notices read it, verification once it has caught up */
  databaseReplicaUrl?: string;
  adminPassword?: string;
  appClock?: Date;
  demoData: boolean;
  publicBaseUrl?: string;
  mfaRequiredRoles: readonly Role[];
  maxUploadBytes: number;
  rate: { loginPerMin: number; registerPerHour: number; objectionPerMin: number };
  sweepIntervalMs: number;
  logLevel: string;
  embeddedPgPort?: number;
  trustProxy: boolean;
  /** SEC-13 master key for personal data (SM4); required in production */
  dataEncryptionKey?: string;
  auditRetentionDays: number;
  metricsToken?: string;
  /** where uploaded files live: `local` under DATA_DIR/blobs, or an S3-compatible bucket */
  blobStore: BlobStoreConfig;
  /** a stray (temporary or unreferenced) blob, or an upload whose heartbeat stopped, is removed after this */
  blobGraceMs: number;
  blobCleanupIntervalMs: number;
  uploads: UploadLimits;
  /** SMTP for email notifications; absent → the email channel is off */
  mail?: { url?: string; host?: string; port?: number; secure?: boolean; user?: string; pass?: string; from: string };
  smsDriver: 'log' | 'off';
  notifyIntervalMs: number;
  /** the centre's receipt-signing key and the log's key (platform/keys): files, never in the database */
  keys: KeysConfig;
}

export interface KeysConfig {
  /** PKCS#12 (.p12/.pfx) or PEM: private key + certificate chain, leaf first; required in production */
  signingKeyFile?: string;
  signingKeyPassphrase?: string;
  /** Ed25519 private key, PKCS#8 PEM; required in production */
  logKeyFile?: string;
  /** the transparency log's origin (its checkpoints' first line and its key name) */
  logOrigin: string;
  /** retired certificates and log keys, still published with their validity (docs/operations.md, Keys) */
  publishedKeysFile?: string;
}

export type BlobStoreConfig =
  | { driver: 'local'; root: string }
  | { driver: 's3'; endpoint?: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean };

export interface UploadLimits {
  /** the largest file each material kind accepts (bytes) */
  perKind: Record<MaterialKind, number>;
  /** all live materials of one application together (bytes) */
  perApplication: number;
  /** PDFs up to this size are parsed (pdf-lib) after upload; larger ones get the structural checks only */
  pdfParseMaxBytes: number;
  /** downloads up to this size are verified before the first byte is sent; larger ones by a trailing check */
  downloadPreverifyBytes: number;
  /** uploads received at once per node; more wait, unread, for a slot (memory stays bounded) */
  concurrency: number;
  /** bytes of PDFs a node holds in memory at once for their checks; a PDF that does not fit is checked from the store */
  checkMemoryBytes: number;
}

const MIB = 1024 * 1024;

/** `UPLOAD_LIMITS_MIB=sample_paper=100,site_photo=10`: every kind not named keeps its default. */
function perKindLimits(spec: string | undefined, maxMib: number): Record<MaterialKind, number> {
  const out = Object.fromEntries(MATERIAL_KINDS.map((k) => [k, Math.round((k === 'site_photo' ? Math.min(20, maxMib) : maxMib) * MIB)])) as Record<
    MaterialKind,
    number
  >;
  for (const pair of (spec ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-z_]+)\s*=\s*(\d+(?:\.\d+)?)$/.exec(pair);
    if (!m || !(MATERIAL_KINDS as readonly string[]).includes(m[1]!) || Number(m[2]) <= 0) {
      throw new Error(`配置有误 (environment is invalid):\n  UPLOAD_LIMITS_MIB: '${pair}' is not kind=MiB with kind one of ${MATERIAL_KINDS.join(', ')}`);
    }
    out[m[1] as MaterialKind] = Math.round(Number(m[2]) * MIB);
  }
  return out;
}

/** S3 when S3_BUCKET is set; its credentials come from the environment, never from a default (SEC-06). */
function blobStoreConfig(e: z.infer<typeof ENV_SCHEMA>): BlobStoreConfig {
  if (!e.S3_BUCKET) {
    const stray = (['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'] as const).filter((k) => e[k] !== undefined);
    if (stray.length) throw new Error(`配置有误 (environment is invalid):\n  ${stray.join(', ')} set without S3_BUCKET`);
    return { driver: 'local', root: path.join(path.resolve(e.DATA_DIR), 'blobs') };
  }
  if (!e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY) {
    throw new Error('配置有误 (environment is invalid):\n  S3_BUCKET needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  }
  return {
    driver: 's3',
    endpoint: e.S3_ENDPOINT,
    bucket: e.S3_BUCKET,
    region: e.S3_REGION,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    // S3-compatible servers (MinIO, s3rver, …) at an endpoint usually want path-style addressing
    forcePathStyle: e.S3_FORCE_PATH_STYLE ? e.S3_FORCE_PATH_STYLE === '1' : !!e.S3_ENDPOINT,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ENV_SCHEMA.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`配置有误 (environment is invalid):\n${lines}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.DATA_ENCRYPTION_KEY) {
    throw new Error('DATA_ENCRYPTION_KEY is required when NODE_ENV=production (personal data is encrypted at rest with SM4).');
  }
  if (e.NODE_ENV === 'production' && e.APP_CLOCK) {
    throw new Error('APP_CLOCK (simulated time) must not be set when NODE_ENV=production.');
  }
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL) {
    throw new Error('配置有误 (environment is invalid):\n  DATABASE_REPLICA_URL needs DATABASE_URL (a replica of the embedded database is not supported)');
  }
  const perKind = perKindLimits(e.UPLOAD_LIMITS_MIB, e.MAX_UPLOAD_MIB);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseReplicaUrl: e.DATABASE_REPLICA_URL,
    adminPassword: e.ADMIN_PASSWORD,
    appClock: e.APP_CLOCK ? new Date(e.APP_CLOCK) : undefined,
    demoData: e.DEMO_DATA === '1',
    publicBaseUrl: e.PUBLIC_BASE_URL,
    mfaRequiredRoles: e.MFA_REQUIRED_ROLES ?? (e.NODE_ENV === 'production' ? STAFF_ROLES : []),
    // the largest file any kind accepts: the multipart parser's limit
    maxUploadBytes: Math.max(...Object.values(perKind)),
    rate: {
      loginPerMin: e.RATE_LOGIN_PER_MIN,
      registerPerHour: e.RATE_REGISTER_PER_HOUR,
      objectionPerMin: e.RATE_OBJECTION_PER_MIN,
    },
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    logLevel: e.LOG_LEVEL,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    trustProxy: e.TRUST_PROXY === '1',
    dataEncryptionKey: e.DATA_ENCRYPTION_KEY,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    metricsToken: e.METRICS_TOKEN,
    blobStore: blobStoreConfig(e),
    blobGraceMs: e.BLOB_GRACE_SECONDS * 1000,
    blobCleanupIntervalMs: e.BLOB_CLEANUP_INTERVAL_MS,
    uploads: {
      perKind,
      perApplication: Math.round(e.MAX_APPLICATION_UPLOAD_MIB * MIB),
      pdfParseMaxBytes: Math.round(e.PDF_PARSE_MAX_MIB * MIB),
      downloadPreverifyBytes: Math.round(e.DOWNLOAD_PREVERIFY_MIB * MIB),
      concurrency: e.UPLOAD_CONCURRENCY,
      checkMemoryBytes: Math.round(e.PDF_CHECK_MEMORY_MIB * MIB),
    },
    mail:
      e.SMTP_URL || e.SMTP_HOST
        ? {
            url: e.SMTP_URL,
            host: e.SMTP_HOST,
            port: e.SMTP_PORT,
            secure: e.SMTP_SECURE ? e.SMTP_SECURE === '1' : undefined,
            user: e.SMTP_USER,
            pass: e.SMTP_PASS,
            from: e.MAIL_FROM ?? '社评组织遴选系统 <noreply@localhost>',
          }
        : undefined,
    smsDriver: e.SMS_DRIVER,
    notifyIntervalMs: e.NOTIFY_INTERVAL_MS,
    keys: {
      signingKeyFile: e.SIGNING_KEY_FILE ? path.resolve(e.SIGNING_KEY_FILE) : undefined,
      signingKeyPassphrase: e.SIGNING_KEY_PASSPHRASE,
      logKeyFile: e.LOG_KEY_FILE ? path.resolve(e.LOG_KEY_FILE) : undefined,
      logOrigin: e.LOG_ORIGIN,
      publishedKeysFile: e.PUBLISHED_KEYS_FILE ? path.resolve(e.PUBLISHED_KEYS_FILE) : undefined,
    },
  };
}
