import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { trustKeyEnv } from '../test-support/test-keys.js';

/**
 * DL-3: the same results whatever the server process's TZ. The process time zone cannot be changed
 * reliably inside one Node process, so tz-probe.ts runs the same short case (window edge, return for
 * correction, the 3-month project clock, public notice, filing and expiry, working days) in child
 * processes started with different TZ values, each on its own copy of the template database.
 */
const run = promisify(execFile);
const probe = fileURLToPath(new URL('./tz-probe.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const ZONES = ['Asia/Shanghai', 'UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'] as const;

interface ProbeResult {
  env: { tz: string; resolved: string; offsetMinutes: number };
  [k: string]: unknown;
}

async function probeIn(tz: string): Promise<ProbeResult> {
  const { stdout } = await run(tsx, [probe], {
    env: { ...process.env, TZ: tz, PG_ADMIN_URL: inject('pgAdminUrl'), ...trustKeyEnv() },
    timeout: 50_000,
    maxBuffer: 10 * 1024 * 1024,
  });
  const last = stdout.trim().split('\n').at(-1)!;
  return JSON.parse(last) as ProbeResult;
}

describe('DL-3 the server gives the same results under any TZ', () => {
  it('Asia/Shanghai, UTC, America/Los_Angeles and Pacific/Kiritimati agree on every instant and Shanghai day', async () => {
    const results = await Promise.all(ZONES.map(probeIn));
    const byZone = Object.fromEntries(ZONES.map((z, i) => [z, results[i]!]));

    // each child really ran in its zone
    for (const z of ZONES) expect(byZone[z]!.env.resolved === z || (z === 'UTC' && /^(UTC|Etc\/UTC)$/.test(byZone[z]!.env.resolved)), z).toBe(true);
    expect(new Set(results.map((r) => r.env.offsetMinutes)).size).toBe(ZONES.length);

    // what Shanghai sees is what the notice says
    const sh = byZone['Asia/Shanghai']!;
    expect(sh).toMatchObject({
      campaign: [{ opensAt: '2024-08-23T00:00:00+08:00', closesAt: '2024-08-29T00:00:00+08:00' }],
      checklistA: { ready: true, blockers: [] },
      submitA: { status: 200, state: 'submitted', submittedAt: '2024-08-28T23:59:59+08:00' },
      submitB: { status: 409, code: 'WINDOW_CLOSED', clause: '四(二)' },
      returned: { status: 'returned', correctionDueOn: '2024-09-09' },
      resubmit: { status: 200, state: 'submitted', submittedAt: '2024-09-09T23:59:59+08:00' },
      institution: { status: 'institution_passed', due: ['2024-12-13', '2024-12-13'] },
      project: { pass: 200, lapsed: [409, 'DEADLINE_PASSED', '三(四)'] },
      publicity: { startsOn: '2024-12-20', endsOn: '2024-12-26' },
      lastNoticeSecond: ['in_publicity', 'abandoned'],
      filing: { status: 'active', filedOn: '2024-12-27', validUntil: '2027-12-26', items: ['filed', 'abandoned'] },
      lastValidSecond: 'active',
      expired: 'expired',
      workingDays: { endsOn: '2024-10-11' },
    });
    expect((sh.checklistB as { blockers: { code: string }[] }).blockers[0]!.code).toBe('WINDOW_CLOSED');
    for (const [at] of sh.history as [string][]) expect(at).toMatch(/\+08:00$/);

    // and every other zone sees exactly the same
    const { env: _env, ...expected } = sh;
    for (const z of ZONES.slice(1)) {
      const { env: _e, ...got } = byZone[z]!;
      expect(got, z).toEqual(expected);
    }
  }, 60_000);
});
