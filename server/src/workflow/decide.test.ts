import { describe, expect, it } from 'vitest';
import { APPLICATION_STATUSES, ROLES } from '../../../contract/enums.js';
import { COMMAND_ROLES, COMMAND_STATES, decide, inScope } from './decide.js';
import { C, COMMAND_TYPES, EXPECTED, MAY_ISSUE, SAMPLE, STATUS_COLUMNS, applicant, bureau, center, matrixCase, outcome, refused } from './decide.matrix.js';
import { Refusal } from './refusal.js';
import { ACTORS, NOW_IN, OUT_OF_SCOPE_ACTORS, UNSCOPED_ACTORS, at, caseIn, ctxAt } from './test-fixtures.js';

// =============================================================================================
// The matrix: every application status × every command × every role (written out in decide.matrix.ts)
// =============================================================================================

describe('decide — the matrix is complete', () => {
  it('covers every command type, every status and every role of the contract', () => {
    expect(new Set(COMMAND_TYPES)).toEqual(new Set(Object.keys(EXPECTED)));
    expect(new Set(Object.keys(COMMAND_STATES))).toEqual(new Set(Object.keys(EXPECTED)));
    expect([...STATUS_COLUMNS]).toEqual([...APPLICATION_STATUSES]);
    for (const row of Object.values(EXPECTED)) expect(row).toHaveLength(APPLICATION_STATUSES.length);
    expect(new Set(Object.keys(ACTORS))).toEqual(new Set(ROLES));
  });

  it('the fixture actors are in scope, the out-of-scope ones are not', () => {
    for (const status of APPLICATION_STATUSES) {
      const c = matrixCase(status);
      for (const role of ROLES) expect(inScope(c, ACTORS[role]), `${role} in ${status}`).toBe(role !== 'auditor');
      for (const a of Object.values(OUT_OF_SCOPE_ACTORS)) expect(inScope(c, a), `${a.id} in ${status}`).toBe(false);
      for (const a of UNSCOPED_ACTORS) expect(inScope(c, a), `${a.id} in ${status}`).toBe(false);
    }
  });
});

describe.each(APPLICATION_STATUSES.map((s, i) => [s, i] as const))('decide — status %s', (status, col) => {
  const now = at(NOW_IN[status]);

  describe.each(COMMAND_TYPES)('%s', (type) => {
    const cells = ROLES.map((role) => {
      // the auditor sees no application (SEC-08): not found before its role is asked
      const expected = role === 'auditor' ? 'NOT_FOUND' : MAY_ISSUE[type].includes(role) ? (EXPECTED[type][col] as string) : 'FORBIDDEN';
      return [role, expected] as const;
    });

    it.each(cells)('in-scope %s → %s', (role, expected) => {
      expect(outcome(matrixCase(status), SAMPLE[type], ACTORS[role], now)).toBe(expected);
    });

    const outside = [...Object.values(OUT_OF_SCOPE_ACTORS), ...UNSCOPED_ACTORS].map((a) => [a.id, a] as const);
    it.each(outside)('out-of-scope %s → NOT_FOUND', (_id, actor) => {
      expect(outcome(matrixCase(status), SAMPLE[type], actor, now)).toBe('NOT_FOUND');
    });
  });
});

describe('decide — the matrix agrees with the exported tables', () => {
  // A consistency check in the other direction: the literal tables of decide.matrix.ts, not COMMAND_ROLES/STATES,
  // are the expectation; this only points at which table drifted when the matrix fails.
  it.each(COMMAND_TYPES)('%s: COMMAND_ROLES matches the roles of the contract', (type) => {
    expect([...COMMAND_ROLES[type]].sort()).toEqual([...MAY_ISSUE[type]].sort());
  });
  it.each(COMMAND_TYPES)('%s: COMMAND_STATES matches the statuses where the matrix is not a plain CONFLICT', (type) => {
    const allowed = APPLICATION_STATUSES.filter((_, i) => EXPECTED[type][i] !== C);
    expect([...COMMAND_STATES[type]].sort()).toEqual([...allowed].sort());
  });
});
describe('decide — order of checks: scope (404) → role (403) → state (409) → rules', () => {
  it('an out-of-scope actor gets NOT_FOUND even for a command its role may not issue, in a wrong state', () => {
    const r = refused(caseIn('institution_failed'), SAMPLE.submit, OUT_OF_SCOPE_ACTORS.applicant!, NOW_IN.institution_failed);
    expect(r.code).toBe('NOT_FOUND');
  });
  it('a wrong role gets FORBIDDEN even in a wrong state', () => {
    expect(refused(caseIn('institution_failed'), SAMPLE.submit, center, NOW_IN.institution_failed).code).toBe('FORBIDDEN');
  });
  it('admin sees every application but may issue none of these commands', () => {
    for (const type of COMMAND_TYPES) expect(refused(caseIn('accepted'), SAMPLE[type], ACTORS.admin, NOW_IN.accepted).code).toBe('FORBIDDEN');
  });
  it('a wrong state is CONFLICT before any rule of the notice (submit after acceptance, window long closed)', () => {
    const r = refused(caseIn('accepted'), SAMPLE.submit, applicant, '2025-01-01T00:00:00+08:00');
    expect(r.code).toBe('CONFLICT');
    expect(r.clause).toBeUndefined();
  });
  it('an item command on an unknown item is NOT_FOUND, whatever the state', () => {
    for (const status of ['accepted', 'institution_passed'] as const) {
      expect(refused(caseIn(status), { ...SAMPLE.project_evaluation, itemId: 'nope' }, center, NOW_IN[status]).code).toBe('NOT_FOUND');
      expect(refused(caseIn(status), { ...SAMPLE.approval, itemId: 'nope' }, bureau, NOW_IN[status]).code).toBe('NOT_FOUND');
    }
  });
});

describe('decide — purity', () => {
  it('never mutates the case it is given', () => {
    for (const status of APPLICATION_STATUSES) {
      for (const type of COMMAND_TYPES) {
        for (const role of ROLES) {
          const c = matrixCase(status);
          const snapshot = structuredClone(c);
          try {
            decide(c, SAMPLE[type], ACTORS[role], ctxAt(NOW_IN[status]));
          } catch (e) {
            if (!(e instanceof Refusal)) throw e;
          }
          expect(c).toEqual(snapshot);
        }
      }
    }
  });
});
