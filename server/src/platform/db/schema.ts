import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type {
  ApplicationStatus,
  Eligibility,
  FilingStatus,
  ItemKind,
  ItemStatus,
  LegalForm,
  MaterialKind,
  ObjectionStatus,
  PublicityStatus,
  Role,
} from '../../../../contract/enums.js';
import type { BlobTables } from './schema-blobs.js';
import type { NotificationTables } from './schema-notifications.js';

/** Kysely's view of the tables of migrations/*.sql. Dates (`date`) are read as 'YYYY-MM-DD' strings. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateCol = ColumnType<string, string, string>;
type GeneratedTs = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DistrictsTable {
  code: string;
  name: string;
}
export interface CalendarYearsTable {
  year: number;
  loaded_at: GeneratedTs;
}
export interface CalendarDaysTable {
  day: DateCol;
  type: 'holiday' | 'workday';
  name: string;
}
export interface CatalogueItemsTable {
  seq: number;
  name: string;
  occupation: string;
  work_type: string | null;
  kind: ItemKind;
  levels: number[];
  occupation_code: string | null;
  official_name: string;
  aliases: string[];
}
export interface CampaignsTable {
  id: Generated<string>;
  doc_number: string;
  title: string;
  opens_at: Timestamp;
  closes_at: Timestamp;
  rules: ColumnType<CampaignRulesRow, string, string>;
  created_at: GeneratedTs;
}
export interface CampaignRulesRow {
  publicityWorkingDays: number;
  projectEvaluationMonths: number;
  cooldownMonths: number;
  filingValidityYears: number;
  correctionWorkingDays: number;
  minExpertReviews: number;
}
export interface CampaignItemsTable {
  id: Generated<string>;
  campaign_id: string;
  seq: number;
  name: string;
  occupation: string;
  work_type: string | null;
  kind: ItemKind;
  levels: number[];
  occupation_code: string | null;
  official_name: string;
  aliases: string[];
}
export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  uscc: string;
  legal_form: LegalForm;
  district: string;
  address: string;
  legal_representative: string;
  contact_name: string;
  contact_phone: string;
  contact_email: string;
  eligibility: Eligibility;
  created_at: GeneratedTs;
}
/** 0011: the centre's eligibility reviews of an organisation (一); the latest is the one in force. */
export interface OrganizationEligibilityReviewsTable {
  id: Generated<string>;
  organization_id: string;
  decision: string;
  reason: string;
  reviewed_at: Timestamp;
  reviewed_by: string;
  reviewer_name: string;
}
/** 0016: one-time password-reset tokens (hash only), issue 13. */
export interface PasswordResetsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}
export interface UsersTable {
  id: Generated<string>;
  username: string;
  password_hash: string;
  role: Role;
  display_name: string;
  organization_id: string | null;
  district: string | null;
  authority: string | null;
  must_change_password: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  totp_secret: string | null;
  totp_confirmed: Generated<boolean>;
  totp_last_step: ColumnType<string | null, number | null, number | null>;
  disabled: Generated<boolean>;
  created_at: GeneratedTs;
}
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
}
export interface LoginChallengesTable {
  id_hash: string;
  user_id: string;
  expires_at: Timestamp;
  attempts: Generated<number>;
}
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
export interface IndustryAuthoritiesTable {
  id: Generated<string>;
  name: string;
  active: Generated<boolean>;
  created_at: Generated<Timestamp>;
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
export interface PublicitiesTable {
  id: Generated<string>;
  title: string;
  starts_on: DateCol;
  ends_on: DateCol;
  status: PublicityStatus;
  created_by: string;
  created_at: Timestamp;
}
export interface PublicityItemsTable {
  publicity_id: string;
  application_item_id: string;
}
export interface ObjectionsTable {
  id: Generated<string>;
  reference: string;
  publicity_id: string;
  application_item_id: string;
  name: string;
  phone: string;
  content: string;
  status: Generated<ObjectionStatus>;
  reason: string | null;
  created_at: Timestamp;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  ip: string | null;
}
export interface ReceiptCountersTable {
  year: number;
  last: number;
}
export interface FilingsTable {
  receipt_no: string;
  application_item_id: string;
  organization_id: string;
  filed_on: DateCol;
  valid_until: DateCol;
  status: FilingStatus;
  revoked_at: Timestamp | null;
  revoke_reason: string | null;
  created_at: Timestamp;
  suspended_at: Timestamp | null;
  suspend_reason: string | null;
  report_batch_id: string | null;
  reported_at: Timestamp | null;
}
export interface NationalReportBatchesTable {
  id: Generated<string>;
  from_date: DateCol;
  to_date: DateCol;
  created_at: Timestamp;
  created_by: string | null;
  filing_count: number;
}
export interface FilingEventsTable {
  id: ColumnType<string, never, never>;
  receipt_no: string;
  type: string;
  leaf: string;
  at: Timestamp;
  mac: string;
}
export interface LogQueueTable {
  id: ColumnType<string, never, never>;
  kind: 'audit' | 'filing';
  ref: ColumnType<string, string | number, never>;
  rejected_at: Timestamp | null;
  rejected_reason: string | null;
}
export interface LogLeavesTable {
  leaf_index: ColumnType<string, string | number, never>;
  kind: 'audit' | 'filing';
  ref: ColumnType<string, string | number, never>;
  leaf_hash: Buffer;
  sm3: string;
  integrated_at: Timestamp;
}
export interface LogNodesTable {
  level: number;
  idx: ColumnType<string, string | number, never>;
  hash: Buffer;
}
export interface LogCheckpointsTable {
  tree_size: ColumnType<string, string | number, never>;
  root_hash: Buffer;
  note: string;
  signed_at: Timestamp;
}
export interface DeadlinesTable {
  id: Generated<string>;
  kind: string;
  subject_id: string;
  due_at: Timestamp;
  applied_at: Timestamp | null;
  cancelled_at: Timestamp | null;
}
export interface AuditLogTable {
  seq: ColumnType<string, number | string | undefined, never>;
  at: Timestamp;
  business_at: Timestamp;
  actor_id: string | null;
  actor_role: string | null;
  actor_label: string;
  ip: string | null;
  request_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  result: Generated<string>;
  before: unknown;
  after: unknown;
  /** the SM3 chain of records written before the transparency log (migration 0010); null since */
  prev_hash: string | null;
  hash: string | null;
  /** `<key id>:<HMAC-SM3 of the leaf bytes>` (null only before 0010) */
  mac: string | null;
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
export interface SystemClockTable {
  id: number;
  simulated_now: Timestamp;
  set_at: Timestamp;
}
export interface RegistryVersionTable {
  id: number;
  version: ColumnType<string, number, number>;
}
/** 0019: bumped by a trigger on every change to the working-day calendar (nodes keep it in memory). */
export interface CalendarRevisionTable {
  id: number;
  revision: ColumnType<string, number, number>;
}
export interface AuditAnchorTable {
  id: number;
  seq: ColumnType<string, string, string>;
  hash: string;
  pruned_at: Timestamp;
}

export interface Database extends NotificationTables, BlobTables {
  districts: DistrictsTable;
  calendar_years: CalendarYearsTable;
  calendar_days: CalendarDaysTable;
  catalogue_items: CatalogueItemsTable;
  campaigns: CampaignsTable;
  campaign_items: CampaignItemsTable;
  organizations: OrganizationsTable;
  organization_eligibility_reviews: OrganizationEligibilityReviewsTable;
  users: UsersTable;
  password_resets: PasswordResetsTable;
  sessions: SessionsTable;
  login_challenges: LoginChallengesTable;
  applications: ApplicationsTable;
  application_items: ApplicationItemsTable;
  submitted_items: SubmittedItemsTable;
  sites: SitesTable;
  materials: MaterialsTable;
  recommendations: RecommendationsTable;
  industry_authorities: IndustryAuthoritiesTable;
  expert_assignments: ExpertAssignmentsTable;
  expert_reviews: ExpertReviewsTable;
  site_inspections: SiteInspectionsTable;
  application_events: ApplicationEventsTable;
  publicities: PublicitiesTable;
  publicity_items: PublicityItemsTable;
  objections: ObjectionsTable;
  receipt_counters: ReceiptCountersTable;
  filings: FilingsTable;
  deadlines: DeadlinesTable;
  audit_log: AuditLogTable;
  submit_attempts: SubmitAttemptsTable;
  system_clock: SystemClockTable;
  registry_version: RegistryVersionTable;
  calendar_revision: CalendarRevisionTable;
  audit_anchor: AuditAnchorTable;
  national_report_batches: NationalReportBatchesTable;
  filing_events: FilingEventsTable;
  log_queue: LogQueueTable;
  log_leaves: LogLeavesTable;
  log_nodes: LogNodesTable;
  log_checkpoints: LogCheckpointsTable;
  log_adoption: { receipt_no: string };
}

export type UserRow = Selectable<UsersTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
