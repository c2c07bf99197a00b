import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('configuration (fail fast, no secret defaults in production)', () => {
  const prod = { NODE_ENV: 'production', DATA_ENCRYPTION_KEY: 'ab'.repeat(32) };
  it('refuses production without the personal-data key, and with simulated time', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATA_ENCRYPTION_KEY/);
    expect(() => loadConfig({ ...prod, APP_CLOCK: '2024-08-26T09:00:00+08:00' })).toThrow(/APP_CLOCK/);
    expect(() => loadConfig({ ...prod, DATA_ENCRYPTION_KEY: 'short' })).toThrow(/DATA_ENCRYPTION_KEY/);
  });
  it('defaults production to MFA for every staff role and none in development', () => {
    expect(loadConfig(prod).mfaRequiredRoles).toEqual(['industry_authority', 'district_hr', 'center', 'expert', 'bureau', 'admin', 'auditor']);
    expect(loadConfig({}).mfaRequiredRoles).toEqual([]);
    expect(loadConfig({ MFA_REQUIRED_ROLES: 'center,admin' }).mfaRequiredRoles).toEqual(['center', 'admin']);
    expect(loadConfig({ MFA_REQUIRED_ROLES: 'admin, auditor' }).mfaRequiredRoles).toEqual(['admin', 'auditor']); // SEC-08's audit role
  });
  it('says which variable is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ MFA_REQUIRED_ROLES: 'boss' })).toThrow(/MFA_REQUIRED_ROLES/);
  });
  it('takes a read replica only beside an external primary (decision 0019)', () => {
    const replica = 'postgres://app:pw@db-replica:5432/selection';
    expect(() => loadConfig({ DATABASE_REPLICA_URL: replica })).toThrow(/DATABASE_REPLICA_URL needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://app:pw@db:5432/selection', DATABASE_REPLICA_URL: 'db-replica' })).toThrow(/DATABASE_REPLICA_URL/);
    expect(loadConfig({ DATABASE_URL: 'postgres://app:pw@db:5432/selection', DATABASE_REPLICA_URL: replica }).databaseReplicaUrl).toBe(replica);
  });
});

describe('the README documents every environment variable the system reads', () => {
  it('each key of the environment schema is named in README.md', async () => {
    const fs = await import('node:fs/promises');
    const { ENV_SCHEMA } = await import('./config.js');
    const readme = await fs.readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    const missing = Object.keys(ENV_SCHEMA.shape).filter((k) => !readme.includes(`\`${k}\``) && !readme.includes(`\`${k}=`));
    expect(missing).toEqual([]);
  });
});
