import type { ColumnType, Generated } from 'kysely';
import type { ApplicationStatus, ItemStatus, MaterialKind } from '../../../../contract/enums.js';
import type { Timestamp, DateCol, GeneratedTs } from './schema-columns.js';

/** Kysely's view of an application and everything recorded on its case: items, sites, materials, recommendations, experts' reviews, site inspections, its history, statutory deadlines and submit attempts (migrations/*.sql). */
export interface ApplicationsTable {
  id: Generated<string>;
  campaign_id: string;
  organization_id: string;
  status: ApplicationStatus;
  industry_authority: string;
  version: Generated<number>;
  recommendation_round: Generated<number>;
  submitted_at: Timestamp | null;
  first_submitted_at: Timestamp | null;
  correction_due_on: DateCol | null;
  institution_passed_on: DateCol | null;
  created_at: GeneratedTs;
  updated_at: GeneratedTs;
  /** 0008: 一(一)–(六) as declared (clause → affirmed); who and when all six were last affirmed */
  declarations: ColumnType<DeclarationsRow | null, string | null | undefined, string | null>;
  declared_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  declared_by: ColumnType<string | null, string | null | undefined, string | null>;
}
/** applications.declarations: each clause of 一 (`一(一)` … `一(六)`) → affirmed by the applicant. */
export type DeclarationsRow = Record<string, boolean>;
export interface ApplicationItemsTable {
  id: Generated<string>;
  application_id: string;
  campaign_item_id: string;
  levels: number[];
  status: Generated<ItemStatus>;
  project_evaluation_due_on: DateCol | null;
  position: number;
}
/** 0012: the items of each submission as submitted (三(四) one-year rule) — never deleted. */
export interface SubmittedItemsTable {
  application_id: string;
  campaign_item_id: string;
  organization_id: string;
  occupation_code: string | null;
  work_type: string | null;
  name: string;
  levels: number[];
  submitted_at: Timestamp;
}
export interface SitesTable {
  id: Generated<string>;
  application_id: string;
  name: string;
  address: string;
  district: string;
  position: number;
}
export interface MaterialsTable {
  id: Generated<string>;
  application_id: string;
  kind: MaterialKind;
  item_id: string | null;
  file_name: string;
  content_type: string;
  size: ColumnType<string, number, number>;
  sha256: string;
  blob_key: string;
  uploaded_by: string;
  uploaded_at: Timestamp;
  deleted_at: Timestamp | null;
  site_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface RecommendationsTable {
  id: Generated<string>;
  application_id: string;
  round: number;
  role: string;
  district: string | null;
  authority: string | null;
  decision: string;
  comment: string;
  letter_material_id: string | null;
  by_user: string;
  at: Timestamp;
  recorded_on_paper: Generated<boolean>;
}
export interface ExpertAssignmentsTable {
  application_id: string;
  expert_id: string;
  assigned_at: Timestamp;
}
export interface ExpertReviewsTable {
  id: Generated<string>;
  application_id: string;
  expert_id: string;
  conflict_of_interest: boolean;
  score: ColumnType<string | null, number | null, number | null>;
  opinion: string;
  recommendation: string | null;
  at: Timestamp;
}
export interface SiteInspectionsTable {
  id: Generated<string>;
  application_id: string;
  site_id: string;
  inspected_on: DateCol;
  inspectors: string[];
  findings: string;
  result: string;
  by_user: string;
  at: Timestamp;
}
export interface ApplicationEventsTable {
  id: Generated<string>;
  application_id: string;
  item_id: string | null;
  at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
}
export interface DeadlinesTable {
  id: Generated<string>;
  kind: string;
  subject_id: string;
  due_at: Timestamp;
  applied_at: Timestamp | null;
  cancelled_at: Timestamp | null;
}
export interface SubmitAttemptsTable {
  id: Generated<string>;
  application_id: string;
  user_id: string;
  at: Timestamp;
  business_at: Timestamp;
  outcome: string;
  code: string | null;
  idempotency_key: string | null;
  response: unknown;
}

export interface ApplicationTables {
  applications: ApplicationsTable;
  application_items: ApplicationItemsTable;
  submitted_items: SubmittedItemsTable;
  sites: SitesTable;
  materials: MaterialsTable;
  recommendations: RecommendationsTable;
  expert_assignments: ExpertAssignmentsTable;
  expert_reviews: ExpertReviewsTable;
  site_inspections: SiteInspectionsTable;
  application_events: ApplicationEventsTable;
  deadlines: DeadlinesTable;
  submit_attempts: SubmitAttemptsTable;
}
