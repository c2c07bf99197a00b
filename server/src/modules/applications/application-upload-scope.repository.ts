import type { ApplicationStatus, ItemStatus } from '../../../../contract/enums.js';
import { CompiledQuery } from 'kysely';
import type { DbOrTx } from '../../platform/db/database.js';
import type { CampaignRules } from '../../workflow/case.js';

/**
 * What an upload's checks read of its application (decision 0009, the surge addendum): who may see
 * it (organisation, authority, sites' districts, experts), whether a material may be added now
 * (status, window, correction period, the items' statuses) and the bytes already stored — with the
 * version the write is guarded by. Not its history, recommendations, reviews, filings or the
 * materials themselves: the whole case (`loadAggregate`) cost the surge a tenth of the node's CPU,
 * read twice per upload.
 *
 * One fixed text with one parameter (prepared once per connection, platform/db/prepared.ts); the
 * collections come back as json arrays of arrays, the bytes as text (a bigint sum).
 */
const UPLOAD_SCOPE_SQL = `SELECT a.id, a.organization_id, a.industry_authority, a.status, a.version, a.correction_due_on,
  c.opens_at, c.closes_at, c.rules,
  (SELECT coalesce(json_agg(json_build_array(i.id, i.status, ci.name, ci.seq) ORDER BY i.position), '[]'::json)
     FROM application_items i JOIN campaign_items ci ON ci.id = i.campaign_item_id WHERE i.application_id = a.id) AS items,
  (SELECT coalesce(json_agg(json_build_array(s.id, s.name, s.district) ORDER BY s.position), '[]'::json)
     FROM sites s WHERE s.application_id = a.id) AS sites,
  ARRAY(SELECT e.expert_id FROM expert_assignments e WHERE e.application_id = a.id) AS experts,
  (SELECT coalesce(sum(m.size), 0) FROM materials m WHERE m.application_id = a.id AND m.deleted_at IS NULL)::text AS live_bytes
FROM applications a JOIN campaigns c ON c.id = a.campaign_id
WHERE a.id = $1`;

export interface UploadScopeRow {
  id: string;
  organization_id: string;
  industry_authority: string;
  status: ApplicationStatus;
  version: number;
  /** a date column: the driver gives it as text (YYYY-MM-DD) */
  correction_due_on: string | null;
  opens_at: Date;
  closes_at: Date;
  rules: CampaignRules;
  /** [id, status, name, seq] in the application's order */
  items: [string, ItemStatus, string, number][];
  /** [id, name, district] */
  sites: [string, string, string][];
  experts: string[];
  live_bytes: string;
}

/** The upload's read of one application, or undefined when there is none with this id. One statement. */
export async function readUploadScope(db: DbOrTx, applicationId: string): Promise<UploadScopeRow | undefined> {
  const { rows } = await db.executeQuery<UploadScopeRow>(CompiledQuery.raw(UPLOAD_SCOPE_SQL, [applicationId]));
  return rows[0];
}
