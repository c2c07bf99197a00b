import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { filingsQuery, toFiling } from '../filings/filings.service.js';
import type { DirectoryEntry } from './directory-index.js';

export async function registryVersion(db: Db): Promise<string> {
  const r = await db.selectFrom('registry_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  return r.version;
}

/**
 * Every organisation with an active filing, with its active filings and the districts of the
 * assessment sites of those applications — read in one snapshot together with the version.
 */
export async function loadDirectory(db: Db): Promise<{ version: string; entries: DirectoryEntry[] }> {
  return db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
    const version = (await tx.selectFrom('registry_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow()).version;
    const [orgs, filings, sites] = await Promise.all([
      tx
        .selectFrom('organizations as o')
        .innerJoin('districts as d', 'd.code', 'o.district')
        .select(['o.id', 'o.name', 'o.uscc', 'o.district', 'd.name as district_name'])
        .where(({ exists, selectFrom }) => exists(selectFrom('filings as f').select('f.receipt_no').whereRef('f.organization_id', '=', 'o.id').where('f.status', '=', 'active')))
        .orderBy('o.name')
        .orderBy('o.id')
        .execute(),
      filingsQuery(tx).where('f.status', '=', 'active').orderBy('ci.seq').orderBy('f.receipt_no').execute(),
      tx
        .selectFrom('filings as f')
        .innerJoin('application_items as i', 'i.id', 'f.application_item_id')
        .innerJoin('sites as s', 's.application_id', 'i.application_id')
        .select(['f.organization_id', sql<string>`s.district`.as('district')])
        .where('f.status', '=', 'active')
        .distinct()
        .execute(),
    ]);
    const byOrg = new Map<string, DirectoryEntry>();
    const entries = orgs.map((o) => {
      const e: DirectoryEntry = { organizationId: o.id, name: o.name, uscc: o.uscc, district: o.district, districtName: o.district_name, siteDistricts: [], filings: [] };
      byOrg.set(o.id, e);
      return e;
    });
    for (const f of filings) byOrg.get(f.org_id)?.filings.push(toFiling(f) as DirectoryEntry['filings'][number]);
    for (const s of sites) byOrg.get(s.organization_id)?.siteDistricts.push(s.district);
    return { version, entries };
  });
}
