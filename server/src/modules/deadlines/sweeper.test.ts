import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestSystem, type TestSystem } from '../../test-support/harness.js';
import { Client } from '../../bootstrap/inject-client.js';
import { nextDueAt } from './deadlines.repository.js';

// the look at the next deadline, counted (one statement each)
vi.mock(import('./deadlines.repository.js'), async (original) => {
  const m = await original();
  return { ...m, nextDueAt: vi.fn(m.nextDueAt) };
});

describe('sweeper resilience', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await createTestSystem();
  });
  afterAll(async () => sys?.close());

  it('a deadline that cannot be applied is logged and retried later; requests keep working', async () => {
    const errors: unknown[] = [];
    sys.sweeper.onError = (err) => errors.push(err);
    await sys.database.db
      .insertInto('deadlines')
      .values({ kind: 'correction', subject_id: 'not-a-uuid', due_at: new Date('2024-01-01T00:00:00Z') })
      .execute();
    const anon = new Client(sys.app);
    expect((await anon.get('/campaigns')).statusCode).toBe(200);
    expect((await anon.get('/public/organizations')).statusCode).toBe(200);
    expect(errors).toHaveLength(1); // the second request did not retry it at once
    const row = await sys.database.db.selectFrom('deadlines').selectAll().where('subject_id', '=', 'not-a-uuid').executeTakeFirstOrThrow();
    expect(row.applied_at).toBeNull(); // still due: a later sweep retries it
  });

  it('requests arriving together share one look at the next deadline (not one statement each)', async () => {
    const looks = vi.mocked(nextDueAt);
    sys.sweeper.invalidate();
    looks.mockClear();
    await Promise.all(Array.from({ length: 20 }, () => sys.sweeper.ensureCurrent()));
    expect(looks).toHaveBeenCalledTimes(1);
    // a change made meanwhile (invalidate) is never answered by a look that started before it
    sys.sweeper.invalidate();
    const first = sys.sweeper.ensureCurrent();
    sys.sweeper.invalidate();
    await Promise.all([first, sys.sweeper.ensureCurrent()]);
    expect(looks).toHaveBeenCalledTimes(3);
  });
});
