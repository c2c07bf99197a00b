import { sql } from 'kysely';
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

/** Every organisation with an active filing, by name. */
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

/** The districts of the assessment sites of the applications with an active filing, per organisation. */
export function siteDistrictsOfActiveFilings(db: DbOrTx) {
  return db
    .selectFrom('filings as f')
    .innerJoin('application_items as i', 'i.id', 'f.application_item_id')
    .innerJoin('sites as s', 's.application_id', 'i.application_id')
    .select(['f.organization_id', sql<string>`s.district`.as('district')])
    .where('f.status', '=', 'active')
    .distinct()
    .execute();
}

export function listDistricts(db: DbOrTx) {
  return db.selectFrom('districts').selectAll().orderBy('code').execute();
}
