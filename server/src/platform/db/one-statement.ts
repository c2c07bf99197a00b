import { sql, type OperationNodeSource } from 'kysely';
import type { DbOrTx } from './database.js';

/**
 * Several writes sent as ONE statement (docs/decisions/0020): each a data-modifying CTE of a
 * `WITH … SELECT`. A statement is atomic on its own, so the writes of a command need neither BEGIN,
 * COMMIT nor a lock held across round trips — each round trip costs ~150 µs and a wake-up of a
 * PostgreSQL backend on these machines, the main cost of a command (profile in 0020).
 *
 * What a CTE cannot do: see another CTE's effect (they share one snapshot), or change a row another
 * CTE of the same statement changes. Callers compose writes to different rows only.
 *
 * `guard`, when given, names the part that must return a row (the case's row updated where its
 * version is still the one read); when it returns none, `app_write_conflict()` (migration 0019) raises
 * SQLSTATE 40001 and the whole statement is undone: see `isWriteConflict`.
 */
export type WritePart = OperationNodeSource;

export interface Writes {
  /** Parts in order; a part may name the earlier ones it reads (`RETURNING` of a CTE) by `name`. */
  parts: { name: string; query: WritePart }[];
  /** The part that must return at least one row, else the statement is undone (40001). */
  guard?: string;
  /** Said after the statement ran (e.g. "audit records written: integrate"). */
  after: (() => void)[];
}

export function writes(): Writes {
  return { parts: [], after: [] };
}

/** Adds a part; answers its CTE name (unique within the statement) for later parts to read. */
export function addWrite(w: Writes, query: WritePart): string {
  const name = `w${w.parts.length}`;
  w.parts.push({ name, query });
  return name;
}

/** Runs the parts as one statement (nothing when there are none). */
export async function executeWrites(db: DbOrTx, w: Writes): Promise<void> {
  if (w.parts.length === 0) return;
  const ctes = sql.join(w.parts.map((p) => sql`${sql.id(p.name)} AS (${p.query})`));
  const last = w.guard ? sql`CASE WHEN EXISTS (SELECT 1 FROM ${sql.id(w.guard)}) THEN 1 ELSE app_write_conflict(${w.guard}) END` : sql`1`;
  await sql`WITH ${ctes} SELECT ${last} AS ok`.execute(db);
  for (const f of w.after) f();
}

/** The guard's refusal: the case changed between the read and the write — decide again. */
export function isWriteConflict(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '40001';
}
