import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../test-support/harness.js';
import { Client } from '../../bootstrap/inject-client.js';

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
});
