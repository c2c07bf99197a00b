import type { Insertable } from 'kysely';
import type { DbOrTx, Tx } from '../../platform/db/database.js';
import type { ExpertReviewsTable, RecommendationsTable, SiteInspectionsTable, SubmitAttemptsTable } from '../../platform/db/schema.js';

/**
 * The rows a command adds once the rules have agreed (applications.commands.ts): recommendations,
 * submit attempts, expert assignments and reviews, site inspections — and the reads that check them.
 */

/** Whether the material is a recommendation letter of this application. */
export async function isRecommendationLetter(tx: Tx, applicationId: string, materialId: string): Promise<boolean> {
  const m = await tx
    .selectFrom('materials')
    .select('id')
    .where('id', '=', materialId)
    .where('application_id', '=', applicationId)
    .where('kind', '=', 'recommendation_letter')
    .executeTakeFirst();
  return !!m;
}

/** A recommendation in the application's current round (read under the application's lock). */
export async function insertRecommendation(
  tx: Tx,
  applicationId: string,
  values: Omit<Insertable<RecommendationsTable>, 'application_id' | 'round'>,
): Promise<void> {
  const round = await tx.selectFrom('applications').select('recommendation_round').where('id', '=', applicationId).executeTakeFirstOrThrow();
  await tx
    .insertInto('recommendations')
    .values({ ...values, application_id: applicationId, round: round.recommendation_round })
    .execute();
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

/** Which of these users are enabled experts. */
export async function enabledExperts(db: DbOrTx, userIds: readonly string[]): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('id', 'in', userIds).where('role', '=', 'expert').where('disabled', '=', false).execute();
  return rows.map((r) => r.id);
}

/** Assigns experts; one already assigned stays as it was. */
export async function insertExpertAssignments(tx: Tx, applicationId: string, expertIds: readonly string[], at: Date): Promise<void> {
  await tx
    .insertInto('expert_assignments')
    .values(expertIds.map((e) => ({ application_id: applicationId, expert_id: e, assigned_at: at })))
    .onConflict((oc) => oc.columns(['application_id', 'expert_id']).doNothing())
    .execute();
}

export async function insertExpertReview(tx: Tx, values: Insertable<ExpertReviewsTable>): Promise<void> {
  await tx.insertInto('expert_reviews').values(values).execute();
}

export async function insertSiteInspection(tx: Tx, values: Insertable<SiteInspectionsTable>): Promise<void> {
  await tx.insertInto('site_inspections').values(values).execute();
}
