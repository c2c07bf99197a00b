import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/database.js';

/** Every query here is one GROUP BY (or one short list), optionally restricted to one campaign. */
type Scope = { campaignId?: string };

const n = (v: string | number | bigint) => Number(v);

export async function campaignExists(db: DbOrTx, id: string): Promise<boolean> {
  return !!(await db.selectFrom('campaigns').select('id').where('id', '=', id).executeTakeFirst());
}

export async function applicationsByStatus(db: DbOrTx, s: Scope) {
  let q = db
    .selectFrom('applications as a')
    .select(['a.status', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('a.status');
  if (s.campaignId) q = q.where('a.campaign_id', '=', s.campaignId);
  return (await q.execute()).map((r) => ({ status: r.status, count: n(r.count) }));
}

export async function itemsByStatus(db: DbOrTx, s: Scope) {
  let q = db
    .selectFrom('application_items as i')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .select(['i.status', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('i.status');
  if (s.campaignId) q = q.where('a.campaign_id', '=', s.campaignId);
  return (await q.execute()).map((r) => ({ status: r.status, count: n(r.count) }));
}

/** Items of applications past the draft, by catalogue occupation (seq and name as in the notice). */
export async function itemsByOccupation(db: DbOrTx, s: Scope) {
  let q = db
    .selectFrom('application_items as i')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
    .select(['ci.seq', 'ci.name', (eb) => eb.fn.countAll<string>().as('count')])
    .where('a.status', '<>', 'draft')
    .groupBy(['ci.seq', 'ci.name'])
    .orderBy('count', 'desc')
    .orderBy('ci.seq');
  if (s.campaignId) q = q.where('a.campaign_id', '=', s.campaignId);
  return (await q.execute()).map((r) => ({ seq: r.seq, name: r.name, count: n(r.count) }));
}

/** Applications past the draft with an assessment site in the district — once per application and district. */
export async function applicationsByDistrict(db: DbOrTx, s: Scope) {
  let q = db
    .selectFrom('sites as st')
    .innerJoin('applications as a', 'a.id', 'st.application_id')
    .innerJoin('districts as d', 'd.code', 'st.district')
    .select(['d.code', 'd.name', sql<string>`count(DISTINCT st.application_id)`.as('count')])
    .where('a.status', '<>', 'draft')
    .groupBy(['d.code', 'd.name'])
    .orderBy('count', 'desc')
    .orderBy('d.code');
  if (s.campaignId) q = q.where('a.campaign_id', '=', s.campaignId);
  return (await q.execute()).map((r) => ({ code: r.code, name: r.name, count: n(r.count) }));
}

export type UpcomingRow =
  | { kind: 'correction'; dueOn: string; applicationId: string; organizationName: string }
  | { kind: 'project_evaluation'; dueOn: string; applicationId: string; applicationItemId: string; organizationName: string; itemSeq: number; itemName: string }
  | { kind: 'publicity_end'; dueOn: string; publicityId: string; title: string };

/**
 * The statutory deadlines still running, earliest first: a returned application's 补正 period,
 * an item's 3-month project evaluation, an open notice's last day.
 */
export async function upcomingDeadlines(db: DbOrTx, s: Scope, limit: number): Promise<UpcomingRow[]> {
  let corrections = db
    .selectFrom('applications as a')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .select(['a.id', 'a.correction_due_on', 'o.name'])
    .where('a.status', '=', 'returned')
    .where('a.correction_due_on', 'is not', null)
    .orderBy('a.correction_due_on')
    .limit(limit);
  let projects = db
    .selectFrom('application_items as i')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('organizations as o', 'o.id', 'a.organization_id')
    .innerJoin('campaign_items as ci', 'ci.id', 'i.campaign_item_id')
    .select(['i.id', 'i.application_id', 'i.project_evaluation_due_on', 'o.name as org_name', 'ci.seq', 'ci.name'])
    .where('i.status', '=', 'project_evaluation')
    .where('i.project_evaluation_due_on', 'is not', null)
    .orderBy('i.project_evaluation_due_on')
    .limit(limit);
  let notices = db.selectFrom('publicities as p').select(['p.id', 'p.title', 'p.ends_on']).where('p.status', '=', 'open').orderBy('p.ends_on').limit(limit);
  if (s.campaignId) {
    const campaignId = s.campaignId;
    corrections = corrections.where('a.campaign_id', '=', campaignId);
    projects = projects.where('a.campaign_id', '=', campaignId);
    notices = notices.where((eb) =>
      eb.exists(
        eb
          .selectFrom('publicity_items as pi')
          .innerJoin('application_items as i', 'i.id', 'pi.application_item_id')
          .innerJoin('applications as a', 'a.id', 'i.application_id')
          .select(sql`1`.as('one'))
          .whereRef('pi.publicity_id', '=', 'p.id')
          .where('a.campaign_id', '=', campaignId),
      ),
    );
  }
  const rows: UpcomingRow[] = [
    ...(await corrections.execute()).map((r) => ({ kind: 'correction' as const, dueOn: r.correction_due_on!, applicationId: r.id, organizationName: r.name })),
    ...(await projects.execute()).map((r) => ({
      kind: 'project_evaluation' as const,
      dueOn: r.project_evaluation_due_on!,
      applicationId: r.application_id,
      applicationItemId: r.id,
      organizationName: r.org_name,
      itemSeq: r.seq,
      itemName: r.name,
    })),
    ...(await notices.execute()).map((r) => ({ kind: 'publicity_end' as const, dueOn: r.ends_on, publicityId: r.id, title: r.title })),
  ];
  return rows.sort((a, b) => a.dueOn.localeCompare(b.dueOn)).slice(0, limit);
}
