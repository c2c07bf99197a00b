import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.js';

export async function nextDueAt(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('deadlines')
    .select((eb) => eb.fn.min('due_at').as('next'))
    .where('applied_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  return row?.next ? new Date(row.next).getTime() : null;
}

export function dueDeadlines(db: Db, now: Date, limit: number) {
  return db
    .selectFrom('deadlines')
    .select(['id', 'kind', 'subject_id'])
    .where('applied_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Locks the deadline's subject (the case a command would lock) and returns its id, if it exists. */
export async function lockSubject(tx: Tx, kind: string, subjectId: string): Promise<string | undefined> {
  switch (kind) {
    case 'correction':
      return (await tx.selectFrom('applications').select('id').where('id', '=', subjectId).forUpdate().executeTakeFirst())?.id;
    case 'project_evaluation': {
      const item = await tx.selectFrom('application_items').select('application_id').where('id', '=', subjectId).executeTakeFirst();
      if (!item) return undefined;
      return (await tx.selectFrom('applications').select('id').where('id', '=', item.application_id).forUpdate().executeTakeFirst())?.id;
    }
    case 'publicity_end':
      return (await tx.selectFrom('publicities').select('id').where('id', '=', subjectId).forUpdate().executeTakeFirst())?.id;
    default:
      return (await tx.selectFrom('filings').select('receipt_no').where('receipt_no', '=', subjectId).forUpdate().executeTakeFirst())?.receipt_no;
  }
}

/** The deadline row, if still pending and not held by another node (SKIP LOCKED). */
export async function claimDeadline(tx: Tx, id: string): Promise<boolean> {
  const row = await tx
    .selectFrom('deadlines')
    .select('id')
    .where('id', '=', id)
    .where('applied_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return !!row;
}

export async function markApplied(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.updateTable('deadlines').set({ applied_at: now }).where('id', '=', id).execute();
}

/**
 * Of these deadline rows, claims the ones still pending and not held by another node (SKIP LOCKED)
 * and marks them applied, in one statement: the caller's transaction applies them before it commits,
 * so a crash leaves them pending, as it leaves their subjects.
 */
export async function claimAndMarkDeadlines(tx: Tx, ids: readonly string[], now: Date): Promise<{ id: string; subject_id: string }[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: string; subject_id: string }>`
    UPDATE deadlines SET applied_at = ${now}::timestamptz
    WHERE id IN (
      SELECT id FROM deadlines WHERE id = any(${ids}::bigint[]) AND applied_at IS NULL AND cancelled_at IS NULL
      ORDER BY id FOR UPDATE SKIP LOCKED
    )
    RETURNING id, subject_id`.execute(tx);
  return rows;
}
