import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateDatabase } from '../../test-support/harness.js';
import { connect, type DatabaseHandle } from './database.js';

/**
 * Hot statements are prepared once per connection (prepared.ts, decision 0020): read back from
 * PostgreSQL's own list of the connection's prepared statements, not from our bookkeeping.
 */
describe('hot statements prepared per connection', () => {
  let database: { url: string; drop(): Promise<void> };
  let h: DatabaseHandle;
  beforeAll(async () => {
    database = await templateDatabase('prepared');
    h = connect(database.url, 1); // one connection: every query below runs on it
  });
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  // as Kysely sends them: text and values, on a client of the pool
  const query = async (text: string, values?: unknown[]) => {
    const client = await h.pool.connect();
    try {
      return await (values ? client.query(text, values) : client.query(text));
    } finally {
      client.release();
    }
  };
  const preparedOnConnection = async () =>
    (await query('SELECT statement, generic_plans FROM pg_prepared_statements')).rows as { statement: string; generic_plans: string }[];

  it('a statement with parameters sent again and again is prepared once, and keeps one (generic) plan', async () => {
    const text = 'SELECT count(*) AS n FROM users WHERE role = $1 AND disabled = $2';
    for (let i = 0; i < 2; i++) await query(text, ['center', false]);
    expect((await preparedOnConnection()).some((p) => p.statement === text)).toBe(false); // not hot yet
    for (let i = 0; i < 6; i++) expect((await query(text, ['center', false])).rows).toHaveLength(1);
    const mine = (await preparedOnConnection()).filter((p) => p.statement === text);
    expect(mine).toHaveLength(1);
    expect(Number(mine[0]!.generic_plans)).toBeGreaterThanOrEqual(4);
  });

  it('statements without parameters and texts of several statements are never prepared', async () => {
    for (let i = 0; i < 5; i++) {
      await query('SELECT 1 AS one');
      await query('SELECT $1::int AS one; ', [1]).catch(() => undefined);
    }
    const texts = (await preparedOnConnection()).map((p) => p.statement);
    expect(texts).not.toContain('SELECT 1 AS one');
    expect(texts.some((t) => t.includes(';'))).toBe(false);
  });
});
