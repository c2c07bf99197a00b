import { sql } from 'kysely';
import type { ApplicationStatus } from '../../../../contract/enums.js';
import type { Db } from '../../platform/db/database.js';
import { endOfShanghaiDay, startOfShanghaiDay } from '../../workflow/time.js';

/** One row per filing whose 备案日期 falls in [from, to] (Shanghai dates, inclusive). */
export function filingsForReport(db: Db, q: { from?: string; to?: string }) {
  let base = db
    .selectFrom('filings as f')
    .innerJoin('application_items as i', 'i.id', 'f.application_item_id')
    .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
    .innerJoin('organizations as o', 'o.id', 'f.organization_id')
    .innerJoin('districts as d', 'd.code', 'o.district')
    .select([
      'f.receipt_no',
      'f.filed_on',
      'f.valid_until',
      'f.status',
      'f.revoked_at',
      'f.revoke_reason',
      'i.levels',
      'i.application_id',
      'ci.seq',
      'ci.name as item_name',
      'ci.occupation_code',
      'ci.kind',
      'c.doc_number',
      'o.name as org_name',
      'o.uscc',
      'o.legal_form',
      'd.name as district_name',
      'o.contact_name',
      'o.contact_phone',
    ]);
  if (q.from) base = base.where('f.filed_on', '>=', q.from);
  if (q.to) base = base.where('f.filed_on', '<=', q.to);
  return base.orderBy('f.filed_on').orderBy('f.receipt_no').limit(100_000).execute();
}

/** Applications for the centre's export, filtered by campaign, status and (latest) submission date. */
export function applicationsForExport(db: Db, q: { campaignId?: string; status?: ApplicationStatus; from?: string; to?: string }) {
  let base = db
    .selectFrom('applications as a')
    .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .innerJoin('districts as d', 'd.code', 'o.district')
    .select([
      'a.id',
      'a.status',
      'a.industry_authority',
      'a.first_submitted_at',
      'a.submitted_at',
      'a.correction_due_on',
      'a.institution_passed_on',
      'a.created_at',
      'c.doc_number',
      'o.name as org_name',
      'o.uscc',
      'o.legal_form',
      'd.name as district_name',
      'o.legal_representative',
      'o.contact_name',
      'o.contact_phone',
      'o.contact_email',
    ]);
  if (q.campaignId) base = base.where('a.campaign_id', '=', q.campaignId);
  if (q.status) base = base.where('a.status', '=', q.status);
  if (q.from) base = base.where('a.submitted_at', '>=', startOfShanghaiDay(q.from));
  if (q.to) base = base.where('a.submitted_at', '<', endOfShanghaiDay(q.to));
  return base.orderBy('a.submitted_at', 'asc').orderBy('a.created_at').orderBy('a.id').limit(100_000).execute();
}

/** Items and site districts of the given applications, for one line each in the export. */
export async function itemsAndSitesOf(db: Db, ids: string[]) {
  if (ids.length === 0) return { items: [], sites: [] };
  const [items, sites] = await Promise.all([
    db
      .selectFrom('application_items as i')
      .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
      .select(['i.application_id', 'ci.seq', 'ci.name', 'i.levels', 'i.status'])
      .where(sql<boolean>`i.application_id = any(${ids}::uuid[])`)
      .orderBy('i.position')
      .execute(),
    db
      .selectFrom('sites as s')
      .innerJoin('districts as d', 'd.code', 's.district')
      .select(['s.application_id', 'd.name as district_name'])
      .where(sql<boolean>`s.application_id = any(${ids}::uuid[])`)
      .orderBy('s.position')
      .execute(),
  ]);
  return { items, sites };
}
