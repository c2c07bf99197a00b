import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.js';

describe('the database cannot be reached (503), or a statement failed (500)', () => {
  it('a refused or vanished connection, TCP or Unix socket, and PostgreSQL shutting down', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ENOENT /data/pg/.s.PGSQL.5432'), { code: 'ENOENT', syscall: 'connect' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
  });
  it('a file that is not there, a constraint, a syntax error: not the database being down', () => {
    expect(
      isDatabaseUnavailable(Object.assign(new Error("ENOENT: no such file or directory, open '/data/blobs/x'"), { code: 'ENOENT', syscall: 'open' })),
    ).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
