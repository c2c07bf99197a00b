import { sql } from 'kysely';
import type { Db, DbOrTx, Tx } from '../../platform/db/database.js';

/** The database answers (readiness). */
export async function ping(db: DbOrTx): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

/**
 * The simulated clock shared by every node (APP_CLOCK): the instant it showed when it was set, and
 * the real time it was set at. Written in the caller's transaction, so the move and its audit
 * record commit together; each node's SimulatedClock re-reads this row.
 */
export async function storeSimulatedClock(tx: Tx, instant: Date, setAt: Date): Promise<void> {
  await tx
    .insertInto('system_clock')
    .values({ id: 1, simulated_now: instant, set_at: setAt })
    .onConflict((oc) => oc.column('id').doUpdateSet({ simulated_now: instant, set_at: setAt }))
    .execute();
}

/** GET /audit: newest first, optionally by entity, older than `beforeSeq`; `limit` rows. */
export function auditRecords(db: Db, q: { entityType?: string; entityId?: string; beforeSeq?: string; limit: number }) {
  let query = db.selectFrom('audit_log').selectAll();
  if (q.entityType) query = query.where('entity_type', '=', q.entityType);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.beforeSeq) query = query.where('seq', '<', q.beforeSeq);
  return query.orderBy('seq', 'desc').limit(q.limit).execute();
}
