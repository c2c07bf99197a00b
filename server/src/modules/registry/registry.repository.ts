import type { Db, DbOrTx } from '../../platform/db/database.js';

/** The public directory's SQL: its version, the organisations in it, and the districts of their sites. */

export async function registryVersion(db: DbOrTx): Promise<string> {
  const r = await db.selectFrom('registry_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  return r.version;
}

/** Reads `read` in one REPEATABLE READ snapshot, so the version and the rows agree. */
export function inSnapshot<T>(db: Db, read: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').execute(read);
}

/** Every organisation with an active filing, by name (the directory's order). */
export function organizationsWithActiveFiling(db: DbOrTx) {
  return db
    .selectFrom('organizations as o')
    .innerJoin('districts as d', 'd.code', 'o.district')
    .select(['o.id', 'o.name', 'o.uscc', 'o.district', 'd.name as district_name'])
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('filings as f').select('f.receipt_no').whereRef('f.organization_id', '=', 'o.id').where('f.status', '=', 'active')),
    )
    .orderBy('o.name')
    .orderBy('o.id')
    .execute();
}

/**
 * Every active filing, with its item's levels and catalogue entry id only: the organisation's and
 * the entry's facts are joined by the caller from their own (small) lists, so 100,000 rows carry
 * neither names nor repeats (a row per filing with them cost the node twice the time to parse).
 */
export function activeFilingsBare(db: DbOrTx) {
  return db
    .selectFrom('filings as f')
    .innerJoin('application_items as i', 'i.id', 'f.application_item_id')
    .select([
      'f.receipt_no',
      'f.organization_id',
      'f.application_item_id',
      'f.filed_on',
      'f.valid_until',
      'f.status',
      'f.revoked_at',
      'f.revoke_reason',
      'f.suspended_at',
      'f.suspend_reason',
      'f.reported_at',
      'i.campaign_item_id',
      'i.levels',
    ])
    .where('f.status', '=', 'active')
    .execute();
}

/** The catalogue entries (every call's: a few hundred rows). */
export function catalogueEntries(db: DbOrTx) {
  return db.selectFrom('campaign_items').select(['id', 'name', 'seq', 'occupation_code']).execute();
}

/** The districts of the assessment sites of the applications with an active filing, per organisation. */
export function siteDistrictsOfActiveFilings(db: DbOrTx) {
  return db
    .selectFrom('applications as a')
    .innerJoin('sites as s', 's.application_id', 'a.id')
    .select(['a.organization_id', 's.district'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('application_items as i')
          .innerJoin('filings as f', 'f.application_item_id', 'i.id')
          .select('f.receipt_no')
          .whereRef('i.application_id', '=', 'a.id')
          .where('f.status', '=', 'active'),
      ),
    )
    .distinct()
    .execute();
}

export function listDistricts(db: DbOrTx) {
  return db.selectFrom('districts').selectAll().orderBy('code').execute();
}
