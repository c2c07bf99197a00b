-- 0005: retention of the audit log (SEC-11). Rows older than the retention period may be pruned
-- (never younger than 180 days); the anchor keeps the last pruned row's seq and hash so the chain
-- of what remains still verifies from there.
CREATE TABLE audit_anchor (
  id int PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL,
  pruned_at timestamptz NOT NULL
);
-- The log is append-only for the application's role: no UPDATE, and DELETE only through retention.
CREATE FUNCTION audit_log_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_no_update();
