import type { Insertable } from 'kysely';
import type { DbOrTx } from '../../platform/db/database.js';
import { addWrite, type Writes } from '../../platform/db/one-statement.js';
import type { ExpertReviewsTable, RecommendationsTable, SiteInspectionsTable, SubmitAttemptsTable } from '../../platform/db/schema.js';

/**
 * The rows a command adds once the rules have agreed (applications.commands.ts): recommendations,
 * submit attempts, expert assignments and reviews, site inspections — and the reads that check them.
 */

/** Whether the material is a recommendation letter of this application. */
export async function isRecommendationLetter(tx: DbOrTx, applicationId: string, materialId: string): Promise<boolean> {
  const m = await tx
    .selectFrom('materials')
    .select('id')
    .where('id', '=', materialId)
    .where('application_id', '=', applicationId)
    .where('kind', '=', 'recommendation_letter')
    .executeTakeFirst();
  return !!m;
}

/** A recommendation in the application's current round (the round the case was read at; the statement's guard keeps it current). */
export function recommendationWrite(db: DbOrTx, w: Writes, values: Insertable<RecommendationsTable>): void {
  addWrite(w, db.insertInto('recommendations').values(values));
}

/** Whether a submit with this idempotency key was already accepted (DL-6). */
export async function acceptedSubmitAttempt(db: DbOrTx, applicationId: string, idempotencyKey: string): Promise<boolean> {
  const done = await db
    .selectFrom('submit_attempts')
    .select('id')
    .where('application_id', '=', applicationId)
    .where('idempotency_key', '=', idempotencyKey)
    .where('outcome', '=', 'accepted')
    .executeTakeFirst();
  return !!done;
}

/** DL-7: every submit attempt is logged with its outcome. */
export async function insertSubmitAttempt(db: DbOrTx, values: Insertable<SubmitAttemptsTable>): Promise<void> {
  await db.insertInto('submit_attempts').values(values).execute();
}

/** The accepted attempt, written with the submission itself. */
export function submitAttemptWrite(db: DbOrTx, w: Writes, values: Insertable<SubmitAttemptsTable>): void {
  addWrite(w, db.insertInto('submit_attempts').values(values));
}

/** Which of these users are enabled experts (with the names the case shows). */
export function enabledExperts(db: DbOrTx, userIds: readonly string[]): Promise<{ id: string; display_name: string }[]> {
  return db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).where('role', '=', 'expert').where('disabled', '=', false).execute();
}

/** Assigns experts; one already assigned stays as it was. */
export function expertAssignmentsWrite(db: DbOrTx, w: Writes, applicationId: string, expertIds: readonly string[], at: Date): void {
  addWrite(
    w,
    db
      .insertInto('expert_assignments')
      .values(expertIds.map((e) => ({ application_id: applicationId, expert_id: e, assigned_at: at })))
      .onConflict((oc) => oc.columns(['application_id', 'expert_id']).doNothing()),
  );
}

export function expertReviewWrite(db: DbOrTx, w: Writes, values: Insertable<ExpertReviewsTable>): void {
  addWrite(w, db.insertInto('expert_reviews').values(values));
}

export function siteInspectionWrite(db: DbOrTx, w: Writes, values: Insertable<SiteInspectionsTable>): void {
  addWrite(w, db.insertInto('site_inspections').values(values));
}
