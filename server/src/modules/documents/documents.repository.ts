import type { DbOrTx } from '../../platform/db/database.js';

/** What a 备案回执 states beyond the filing itself: the call, its validity years, how the notice ended. */
export async function receiptFacts(
  db: DbOrTx,
  itemId: string,
): Promise<{ docNumber: string; title: string; validityYears: number; objectionDismissed: boolean }> {
  const r = await db
    .selectFrom('application_items as i')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
    .select((eb) => [
      'c.doc_number',
      'c.title',
      'c.rules',
      eb
        .exists(eb.selectFrom('objections as o').select('o.id').whereRef('o.application_item_id', '=', 'i.id').where('o.status', '=', 'dismissed'))
        .as('dismissed'),
    ])
    .where('i.id', '=', itemId)
    .executeTakeFirstOrThrow();
  return { docNumber: r.doc_number, title: r.title, validityYears: r.rules.filingValidityYears, objectionDismissed: !!r.dismissed };
}

export async function districts(db: DbOrTx) {
  return db.selectFrom('districts').selectAll().execute();
}

export async function campaignTitle(db: DbOrTx, campaignId: string): Promise<{ doc_number: string; title: string }> {
  return db.selectFrom('campaigns').select(['doc_number', 'title']).where('id', '=', campaignId).executeTakeFirstOrThrow();
}

export async function username(db: DbOrTx, userId: string): Promise<{ username: string } | undefined> {
  return db.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirst();
}
