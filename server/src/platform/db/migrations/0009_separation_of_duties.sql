-- 0009: separation of duties (三员, SEC-08; docs/decisions/0011-separation-of-duties.md).
-- A new staff role, the security auditor (安全审计员), who reads the audit log and changes nothing.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('applicant', 'industry_authority', 'district_hr', 'center', 'expert', 'bureau', 'admin', 'auditor'));

-- The log refused UPDATE only; a DELETE went through (and was caught only by verification). Now the
-- same trigger refuses both, for every statement: a DELETE is let through only inside a transaction
-- that holds the chain's advisory lock (7201002, taken by appenders and by the retention job
-- pruneAudit, which removes only records older than ≥ 180 days) — so no ad-hoc DELETE of the
-- application's own connection removes a record. A database superuser can still switch the trigger
-- off; the hash chain detects what it then changes (SEC-10).
DROP TRIGGER audit_log_append_only ON audit_log;
CREATE OR REPLACE FUNCTION audit_log_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (
    SELECT 1 FROM pg_locks
    WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
      AND classid = 0 AND objid = 7201002 AND objsubid = 1
  ) THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_update();
