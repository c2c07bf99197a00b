-- 0010: the transparency log (docs/decisions/0013-transparency-log.md; api-v1 "Trust").
--
-- Records are written in the business transaction with no global lock: an audit record takes its
-- `seq` from a sequence, a filing event its `id`, and each carries a MAC (HMAC-SM3 under a key derived
-- from LOG_KEY_FILE, which never enters the database). A trigger queues every new record. After commit
-- one integrator at a time (any node) sequences the queue into the RFC 6962/9162 Merkle tree
-- (log_leaves, log_nodes), extends the SM3 chain beside it, and signs a checkpoint (Ed25519, C2SP
-- signed note). Whoever can write the database can still add rows, but cannot make the integrator
-- accept them (no MAC) nor change what is under a signed checkpoint without verification failing.

-- audit_log: identity from a sequence; the SM3 chain moves to log_leaves (it is computed in log order)
CREATE SEQUENCE audit_log_seq_seq OWNED BY audit_log.seq;
SELECT setval('audit_log_seq_seq',
  GREATEST(COALESCE((SELECT max(seq) FROM audit_log), 0), COALESCE((SELECT seq FROM audit_anchor WHERE id = 1), 0)) + 1, false);
ALTER TABLE audit_log ALTER COLUMN seq SET DEFAULT nextval('audit_log_seq_seq');
ALTER TABLE audit_log ALTER COLUMN prev_hash DROP NOT NULL;
ALTER TABLE audit_log ALTER COLUMN hash DROP NOT NULL;
-- `<key id>:<hex HMAC-SM3 of the leaf bytes>`; null only for records written before this migration,
-- which carry their SM3 chain hash instead
ALTER TABLE audit_log ADD COLUMN mac text;
CREATE INDEX audit_log_business_idx ON audit_log (entity_type, action, seq);

-- Filing events: the public facts of a filing at each change, as the exact bytes of their log leaf.
CREATE TABLE filing_events (
  id bigserial PRIMARY KEY,
  receipt_no text NOT NULL,
  type text NOT NULL CHECK (type IN ('filing.issued', 'filing.suspended', 'filing.resumed', 'filing.expired', 'filing.revoked')),
  leaf text NOT NULL,
  at timestamptz NOT NULL,
  mac text NOT NULL
);
CREATE INDEX filing_events_receipt_idx ON filing_events (receipt_no, id);

-- Supervision: 暂停 and its resumption (api-v1 "Rules clarified": suspend/resume).
ALTER TABLE filings DROP CONSTRAINT filings_status_check;
ALTER TABLE filings ADD CONSTRAINT filings_status_check CHECK (status IN ('active', 'suspended', 'expired', 'revoked'));
ALTER TABLE filings ADD COLUMN suspended_at timestamptz;
ALTER TABLE filings ADD COLUMN suspend_reason text;

-- What waits to be sequenced. A record the integrator cannot authenticate stays here, marked rejected.
CREATE TABLE log_queue (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('audit', 'filing')),
  ref bigint NOT NULL,
  rejected_at timestamptz,
  rejected_reason text,
  UNIQUE (kind, ref)
);
CREATE INDEX log_queue_waiting_idx ON log_queue (id) WHERE rejected_at IS NULL;

CREATE FUNCTION log_queue_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO log_queue (kind, ref) SELECT 'audit', seq FROM added ORDER BY seq;
  RETURN NULL;
END;
$$;
CREATE TRIGGER audit_log_queue AFTER INSERT ON audit_log REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION log_queue_audit();

CREATE FUNCTION log_queue_filing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO log_queue (kind, ref) SELECT 'filing', id FROM added ORDER BY id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER filing_events_queue AFTER INSERT ON filing_events REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION log_queue_filing();

-- The tree: leaf i (level 0) and every complete subtree above it (level ≥ 1, index = first leaf >> level).
CREATE TABLE log_leaves (
  leaf_index bigint PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('audit', 'filing')),
  ref bigint NOT NULL,
  leaf_hash bytea NOT NULL,
  -- the SM3 chain beside the tree (SEC-10, 密评): sm3(previous ‖ '\n' ‖ leaf bytes), hex
  sm3 text NOT NULL,
  integrated_at timestamptz NOT NULL,
  UNIQUE (kind, ref)
);
CREATE TABLE log_nodes (
  level smallint NOT NULL CHECK (level > 0),
  idx bigint NOT NULL,
  hash bytea NOT NULL,
  PRIMARY KEY (level, idx)
);
-- Every checkpoint the log has signed (the note text as served).
CREATE TABLE log_checkpoints (
  tree_size bigint PRIMARY KEY,
  root_hash bytea NOT NULL,
  note text NOT NULL,
  signed_at timestamptz NOT NULL
);

-- The log's tables are append-only for the application (a superuser can switch triggers off; the
-- signed checkpoints are what catch it then).
CREATE FUNCTION log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$;
CREATE TRIGGER filing_events_append_only BEFORE UPDATE OR DELETE ON filing_events FOR EACH STATEMENT EXECUTE FUNCTION log_append_only();
CREATE TRIGGER log_leaves_append_only BEFORE UPDATE OR DELETE ON log_leaves FOR EACH STATEMENT EXECUTE FUNCTION log_append_only();
CREATE TRIGGER log_nodes_append_only BEFORE UPDATE OR DELETE ON log_nodes FOR EACH STATEMENT EXECUTE FUNCTION log_append_only();
CREATE TRIGGER log_checkpoints_append_only BEFORE UPDATE OR DELETE ON log_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION log_append_only();

-- Records written before the log existed become its first leaves, in their chain's order.
INSERT INTO log_queue (kind, ref) SELECT 'audit', seq FROM audit_log ORDER BY seq;

-- Report to the national centre (api-v1 "Rules clarified"): a batch lists the filings it reported;
-- a receipt says it was reported only when its filing is in a batch.
CREATE TABLE national_report_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  from_date date NOT NULL,
  to_date date NOT NULL,
  created_at timestamptz NOT NULL,          -- business clock
  created_by uuid REFERENCES users(id),
  filing_count int NOT NULL
);
ALTER TABLE filings ADD COLUMN report_batch_id uuid REFERENCES national_report_batches(id);
ALTER TABLE filings ADD COLUMN reported_at timestamptz;
CREATE INDEX filings_unreported_idx ON filings (filed_on) WHERE reported_at IS NULL;

-- The organisation is told of a suspension and of its end, like of a revocation.
ALTER TABLE notification_events DROP CONSTRAINT notification_events_kind_check;
ALTER TABLE notification_events ADD CONSTRAINT notification_events_kind_check CHECK (kind IN ('status_changed', 'item_status_changed',
  'recommendation_requested', 'expert_assigned', 'project_deadline_reminder', 'filing_expiry_reminder', 'filing_issued', 'filing_revoked',
  'filing_expired', 'filing_suspended', 'filing_resumed', 'objection_received'));

-- Filings kept before the log: adopted once, by the first start after this migration (before the log
-- has signed anything), as `filing.issued` leaves of their facts at that moment. Only the filings that
-- exist now can be adopted; once a checkpoint is signed nothing is adopted again.
CREATE TABLE log_adoption (receipt_no text PRIMARY KEY);
INSERT INTO log_adoption (receipt_no) SELECT receipt_no FROM filings;
