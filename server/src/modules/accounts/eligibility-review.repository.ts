import type { DbOrTx, Tx } from '../../platform/db/database.js';

/** The eligibility reviews' SQL (migration 0011): every review kept, the latest in force. */

export async function latestReviewRow(db: DbOrTx, organizationId: string) {
  return db
    .selectFrom('organization_eligibility_reviews')
    .select(['decision', 'reason', 'reviewed_at', 'reviewer_name'])
    .where('organization_id', '=', organizationId)
    .orderBy('reviewed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function lockOrganization(tx: Tx, organizationId: string) {
  return tx.selectFrom('organizations').select(['id', 'name', 'uscc', 'eligibility']).where('id', '=', organizationId).forUpdate().executeTakeFirst();
}

/** The review row and the organisation's eligibility it puts in force. */
export async function recordReview(
  tx: Tx,
  r: { organizationId: string; decision: 'eligible' | 'not_eligible'; reason: string; at: Date; reviewerId: string; reviewerName: string },
): Promise<void> {
  await tx
    .insertInto('organization_eligibility_reviews')
    .values({
      organization_id: r.organizationId,
      decision: r.decision,
      reason: r.reason,
      reviewed_at: r.at,
      reviewed_by: r.reviewerId,
      reviewer_name: r.reviewerName,
    })
    .execute();
  await tx.updateTable('organizations').set({ eligibility: r.decision }).where('id', '=', r.organizationId).execute();
}
