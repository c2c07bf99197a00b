import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { filingsQuery, toFiling } from '../filings/filings.service.js';
import type { directoryQuery } from '../../../../contract/registry.js';

/** Escapes LIKE wildcards so a search for "50%" means the characters, not a pattern. */
function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function searchDirectory(db: Db, q: z.infer<typeof directoryQuery>) {
  let orgs = db
    .selectFrom('organizations as o')
    .innerJoin('districts as d', 'd.code', 'o.district')
    .where(({ exists, selectFrom }) => {
      let f = selectFrom('filings as f')
        .innerJoin('application_items as i', 'i.id', 'f.application_item_id')
        .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
        .select('f.receipt_no')
        .whereRef('f.organization_id', '=', 'o.id')
        .where('f.status', '=', 'active');
      if (q.itemSeq) f = f.where('ci.seq', '=', q.itemSeq);
      if (q.level) f = f.where(sql<boolean>`${q.level} = ANY(i.levels)`);
      return exists(f);
    });
  if (q.q) {
    const term = q.q.toUpperCase();
    orgs = orgs.where((eb) => eb.or([eb('o.name', 'ilike', `%${likeEscape(q.q!)}%`), eb('o.uscc', '=', term)]));
  }
  if (q.district) {
    const district = q.district;
    orgs = orgs.where((eb) =>
      eb.or([
        eb('o.district', '=', district),
        eb.exists(
          eb.selectFrom('sites as s')
            .innerJoin('application_items as i2', 'i2.application_id', 's.application_id')
            .innerJoin('filings as f2', 'f2.application_item_id', 'i2.id')
            .select('s.id')
            .where('f2.status', '=', 'active')
            .whereRef('f2.organization_id', '=', 'o.id')
            .where('s.district', '=', district),
        ),
      ]),
    );
  }
  const [{ total }, page] = await Promise.all([
    orgs.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
    orgs.select(['o.id', 'o.name', 'o.uscc', 'o.district', 'd.name as district_name']).orderBy('o.name').orderBy('o.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
  ]);
  const filings = page.length
    ? await filingsQuery(db).where('f.organization_id', 'in', page.map((o) => o.id)).where('f.status', '=', 'active').orderBy('ci.seq').execute()
    : [];
  return {
    total: Number(total),
    items: page.map((o) => ({
      organizationId: o.id,
      name: o.name,
      uscc: o.uscc,
      district: o.district,
      districtName: o.district_name,
      filings: filings.filter((f) => f.org_id === o.id).map(toFiling),
    })),
  };
}
