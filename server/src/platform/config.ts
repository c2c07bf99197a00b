import path from 'node:path';
import { z } from 'zod';
import { STAFF_ROLES, ROLES, type Role } from '../../../contract/enums.js';

/**
 * Configuration is parsed once from the environment, and the process fails fast on anything
 * wrong (epic-stack style). No secret has a default usable in production (SEC-06).
 */
const csvRoles = z
  .string()
  .transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean))
  .pipe(z.array(z.enum(ROLES)));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./.data'),
  DATABASE_URL: z.string().url().optional(),
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
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
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
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`配置有误 (environment is invalid):\n${lines}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && e.APP_CLOCK) {
    throw new Error('APP_CLOCK (simulated time) must not be set when NODE_ENV=production.');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    adminPassword: e.ADMIN_PASSWORD,
    appClock: e.APP_CLOCK ? new Date(e.APP_CLOCK) : undefined,
    demoData: e.DEMO_DATA === '1',
    publicBaseUrl: e.PUBLIC_BASE_URL,
    mfaRequiredRoles: e.MFA_REQUIRED_ROLES ?? (e.NODE_ENV === 'production' ? STAFF_ROLES : []),
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MIB * 1024 * 1024),
    rate: {
      loginPerMin: e.RATE_LOGIN_PER_MIN,
      registerPerHour: e.RATE_REGISTER_PER_HOUR,
      objectionPerMin: e.RATE_OBJECTION_PER_MIN,
    },
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    logLevel: e.LOG_LEVEL,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    trustProxy: e.TRUST_PROXY === '1',
  };
}
