import crypto from 'node:crypto';
import type pg from 'pg';

/**
 * Hot statements prepared once per connection (docs/decisions/0020). PostgreSQL plans an unnamed
 * statement every time it is sent; the case's one-statement read (a dozen json sub-selects) cost
 * 2.4 ms of planning against 0.8 ms of execution (pg_stat_statements, `BENCH_PG_STATS=1 npm run
 * bench -- transitions`). A statement text sent often enough is given a name (a hash of its text):
 * node-postgres parses it once per connection and sends only Bind/Execute afterwards, and with
 * `plan_cache_mode=force_generic_plan` (set for the pool's connections) PostgreSQL plans it once.
 *
 * Only single statements with parameters are named (transaction control, migrations and other
 * parameterless texts keep the simple protocol). Bounded: a text is named once it has been seen `HOT_AFTER` times, and at most `MAX_NAMED` texts are
 * ever named per process — statements whose text varies (lists of many values) stay unnamed.
 */
const HOT_AFTER = 3;
const MAX_NAMED = 256;
const seen = new Map<string, number>();
const named = new Map<string, string>();

function nameOf(text: string): string | undefined {
  const known = named.get(text);
  if (known) return known;
  if (named.size >= MAX_NAMED) return undefined;
  const n = (seen.get(text) ?? 0) + 1;
  if (n < HOT_AFTER) {
    if (seen.size > 4 * MAX_NAMED) seen.clear(); // forget the texts that never became hot
    seen.set(text, n);
    return undefined;
  }
  seen.delete(text);
  const name = `p${crypto.createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
  named.set(text, name);
  return name;
}

/** Makes a pool's connections prepare their hot statements (see above). */
export function prepareHotStatements(pool: pg.Pool): void {
  pool.on('connect', (client: pg.PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [text, values] = args;
      // only statements with parameters (those go through Parse/Bind anyway), never several in one text
      if (typeof text === 'string' && args.length === 2 && Array.isArray(values) && values.length > 0 && !text.includes(';')) {
        const name = nameOf(text);
        if (name) return query({ name, text, values });
      }
      return query(...args);
    };
  });
}

/** The connection setting that lets a prepared statement keep one plan (only named statements are affected). */
export const GENERIC_PLANS = '-c plan_cache_mode=force_generic_plan';
