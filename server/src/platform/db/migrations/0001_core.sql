-- 0001 core schema. Forward-only: never edit a migration that has shipped; add a new one.
-- Vocabulary (statuses, roles) is enforced with CHECK constraints, never free text.

CREATE TABLE districts (
  code text PRIMARY KEY CHECK (code ~ '^3101[0-9]{2}$'),
  name text NOT NULL UNIQUE
);

-- Working-day calendar: only exceptions to Mon–Fri are stored; a year is known once loaded.
CREATE TABLE calendar_years (
  year int PRIMARY KEY,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE calendar_days (
  day date PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('holiday', 'workday')),
  name text NOT NULL
);

-- The national catalogue as data (附件注: names and levels change with the classification).
CREATE TABLE catalogue_items (
  seq int PRIMARY KEY,
  name text NOT NULL UNIQUE,
  occupation text NOT NULL,
  work_type text,
  kind text NOT NULL CHECK (kind IN ('occupation', 'special_ability')),
  levels int[] NOT NULL,
  occupation_code text,
  official_name text NOT NULL,
  aliases text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  doc_number text NOT NULL UNIQUE,
  title text NOT NULL,
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL CHECK (closes_at > opens_at),
  rules jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Items of a campaign: a frozen copy of the catalogue at the campaign's creation.
CREATE TABLE campaign_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns(id),
  seq int NOT NULL,
  name text NOT NULL,
  occupation text NOT NULL,
  work_type text,
  kind text NOT NULL CHECK (kind IN ('occupation', 'special_ability')),
  levels int[] NOT NULL,
  occupation_code text,
  official_name text NOT NULL,
  aliases text[] NOT NULL DEFAULT '{}',
  UNIQUE (campaign_id, seq)
);

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  uscc text NOT NULL UNIQUE,
  legal_form text NOT NULL CHECK (legal_form IN ('enterprise', 'social_group', 'school', 'private_non_enterprise')),
  district text NOT NULL REFERENCES districts(code),
  address text NOT NULL,
  legal_representative text NOT NULL,
  contact_name text NOT NULL,
  contact_phone text NOT NULL,
  contact_email text NOT NULL,
  eligibility text NOT NULL CHECK (eligibility IN ('eligible', 'needs_review')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('applicant', 'industry_authority', 'district_hr', 'center', 'expert', 'bureau', 'admin')),
  display_name text NOT NULL,
  organization_id uuid REFERENCES organizations(id),
  district text REFERENCES districts(code),
  authority text,
  must_change_password boolean NOT NULL DEFAULT false,
  failed_logins int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  totp_secret text,
  totp_confirmed boolean NOT NULL DEFAULT false,
  totp_last_step bigint,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'applicant' OR organization_id IS NOT NULL),
  CHECK (role <> 'district_hr' OR district IS NOT NULL),
  CHECK (role <> 'industry_authority' OR authority IS NOT NULL)
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- Server-side sessions; the cookie carries a random id, the table only its SHA-256.
CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ip text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Pending second-factor challenges, bound to one login attempt and used once (SEC-04).
CREATE TABLE login_challenges (
  id_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  expires_at timestamptz NOT NULL,
  attempts int NOT NULL DEFAULT 0
);

CREATE TABLE applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns(id),
  organization_id uuid NOT NULL REFERENCES organizations(id),
  status text NOT NULL CHECK (status IN ('draft', 'awaiting_recommendation', 'recommendation_declined', 'recommended',
    'submitted', 'returned', 'rejected', 'accepted', 'institution_passed', 'institution_failed')),
  industry_authority text NOT NULL,
  version int NOT NULL DEFAULT 1,
  -- the recommendation round: a new request after a decline or a change starts a fresh round
  recommendation_round int NOT NULL DEFAULT 0,
  submitted_at timestamptz,
  first_submitted_at timestamptz,
  correction_due_on date,
  institution_passed_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, organization_id)
);
CREATE INDEX applications_status_idx ON applications (campaign_id, status);
CREATE INDEX applications_org_idx ON applications (organization_id);
CREATE INDEX applications_authority_idx ON applications (industry_authority);

CREATE TABLE application_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  campaign_item_id uuid NOT NULL REFERENCES campaign_items(id),
  levels int[] NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'project_evaluation', 'project_passed', 'project_failed',
    'abandoned', 'approved', 'not_approved', 'in_publicity', 'objection_upheld', 'filed')),
  project_evaluation_due_on date,
  position int NOT NULL,
  UNIQUE (application_id, campaign_item_id)
);
CREATE INDEX application_items_status_idx ON application_items (status);

CREATE TABLE sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  name text NOT NULL,
  address text NOT NULL,
  district text NOT NULL REFERENCES districts(code),
  position int NOT NULL
);
CREATE INDEX sites_application_idx ON sites (application_id);
CREATE INDEX sites_district_idx ON sites (district);

CREATE TABLE materials (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL REFERENCES applications(id),
  kind text NOT NULL CHECK (kind IN ('credit_proof', 'application_form', 'license_copy', 'work_plan', 'sample_paper', 'recommendation_letter')),
  item_id uuid REFERENCES application_items(id) ON DELETE SET NULL,
  file_name text NOT NULL,
  content_type text NOT NULL,
  size bigint NOT NULL,
  sha256 text NOT NULL,
  blob_key text NOT NULL UNIQUE,
  uploaded_by uuid NOT NULL REFERENCES users(id),
  uploaded_at timestamptz NOT NULL,
  deleted_at timestamptz
);
CREATE INDEX materials_application_idx ON materials (application_id) WHERE deleted_at IS NULL;

CREATE TABLE recommendations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL REFERENCES applications(id),
  round int NOT NULL,
  role text NOT NULL CHECK (role IN ('industry_authority', 'district_hr')),
  district text,
  authority text,
  decision text NOT NULL CHECK (decision IN ('recommend', 'decline')),
  comment text NOT NULL,
  letter_material_id uuid REFERENCES materials(id),
  by_user uuid NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL
);
CREATE INDEX recommendations_app_idx ON recommendations (application_id, round);

CREATE TABLE expert_assignments (
  application_id uuid NOT NULL REFERENCES applications(id),
  expert_id uuid NOT NULL REFERENCES users(id),
  assigned_at timestamptz NOT NULL,
  PRIMARY KEY (application_id, expert_id)
);
CREATE INDEX expert_assignments_expert_idx ON expert_assignments (expert_id);

CREATE TABLE expert_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL REFERENCES applications(id),
  expert_id uuid NOT NULL REFERENCES users(id),
  conflict_of_interest boolean NOT NULL,
  score numeric(5,1),
  opinion text NOT NULL,
  recommendation text CHECK (recommendation IN ('pass', 'fail')),
  at timestamptz NOT NULL,
  UNIQUE (application_id, expert_id)
);

CREATE TABLE site_inspections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL REFERENCES applications(id),
  site_id uuid NOT NULL REFERENCES sites(id),
  inspected_on date NOT NULL,
  inspectors text[] NOT NULL,
  findings text NOT NULL,
  result text NOT NULL CHECK (result IN ('pass', 'fail')),
  by_user uuid NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL
);

-- The case history shown to people (who/when/why); the audit log is the tamper-evident twin.
CREATE TABLE application_events (
  id bigserial PRIMARY KEY,
  application_id uuid NOT NULL REFERENCES applications(id),
  item_id uuid,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_label text NOT NULL,
  action text NOT NULL,
  from_status text,
  to_status text,
  note text
);
CREATE INDEX application_events_app_idx ON application_events (application_id, id);

CREATE TABLE publicities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL
);
CREATE TABLE publicity_items (
  publicity_id uuid NOT NULL REFERENCES publicities(id),
  application_item_id uuid NOT NULL REFERENCES application_items(id),
  PRIMARY KEY (publicity_id, application_item_id)
);
CREATE INDEX publicity_items_item_idx ON publicity_items (application_item_id);

CREATE TABLE objections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  publicity_id uuid NOT NULL REFERENCES publicities(id),
  application_item_id uuid NOT NULL REFERENCES application_items(id),
  name text NOT NULL,
  phone text NOT NULL,
  content text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'upheld', 'dismissed')),
  reason text,
  created_at timestamptz NOT NULL,
  resolved_at timestamptz,
  resolved_by uuid REFERENCES users(id),
  ip text
);
CREATE INDEX objections_item_idx ON objections (application_item_id, status);

-- Receipt numbers: one counter per year, incremented in the filing's own transaction — no gaps.
CREATE TABLE receipt_counters (
  year int PRIMARY KEY,
  last int NOT NULL
);

CREATE TABLE filings (
  receipt_no text PRIMARY KEY,
  application_item_id uuid NOT NULL UNIQUE REFERENCES application_items(id),
  organization_id uuid NOT NULL REFERENCES organizations(id),
  filed_on date NOT NULL,
  valid_until date NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'expired', 'revoked')),
  revoked_at timestamptz,
  revoke_reason text,
  created_at timestamptz NOT NULL
);
CREATE INDEX filings_org_idx ON filings (organization_id) WHERE status = 'active';

-- Deadlines are data: one row per statutory clock; the sweeper applies due rows exactly once.
CREATE TABLE deadlines (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('correction', 'project_evaluation', 'publicity_end', 'filing_expiry')),
  subject_id text NOT NULL,
  due_at timestamptz NOT NULL,
  applied_at timestamptz,
  cancelled_at timestamptz,
  UNIQUE (kind, subject_id, due_at)
);
CREATE INDEX deadlines_due_idx ON deadlines (due_at) WHERE applied_at IS NULL AND cancelled_at IS NULL;

-- Tamper-evident audit log (SEC-09, SEC-10): each row's hash covers the previous row's hash.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,            -- real time of the record
  business_at timestamptz NOT NULL,   -- the business clock (differs only under simulated time)
  actor_id uuid,
  actor_role text,
  actor_label text NOT NULL,
  ip text,
  request_id text,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  result text NOT NULL DEFAULT 'ok',
  before jsonb,
  after jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_entity_idx ON audit_log (entity_type, entity_id);

-- Every submit attempt, accepted or refused (DL-7), and idempotency keys (DL-6).
CREATE TABLE submit_attempts (
  id bigserial PRIMARY KEY,
  application_id uuid NOT NULL,
  user_id uuid NOT NULL,
  at timestamptz NOT NULL,
  business_at timestamptz NOT NULL,
  outcome text NOT NULL,
  code text,
  idempotency_key text,
  response jsonb
);
CREATE UNIQUE INDEX submit_attempts_idem_key ON submit_attempts (application_id, idempotency_key) WHERE idempotency_key IS NOT NULL AND outcome = 'accepted';

-- Simulated business clock shared by every node of one system (only when APP_CLOCK is set).
CREATE TABLE system_clock (
  id int PRIMARY KEY CHECK (id = 1),
  simulated_now timestamptz NOT NULL,
  set_at timestamptz NOT NULL
);
