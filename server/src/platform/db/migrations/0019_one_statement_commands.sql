-- 0019: a command's writes in one statement (docs/decisions/0020-one-statement-commands.md).
--
-- app_write_conflict(): raised by the last line of a command's single write statement when the case
-- changed since it was read (its version moved): SQLSTATE 40001, the code PostgreSQL itself uses for
-- "could not serialize access due to concurrent update" — the statement, and every write in it, is
-- undone, and the command is decided again on what is there now.
CREATE FUNCTION app_write_conflict(what text) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'write conflict: % changed since it was read', what USING ERRCODE = '40001';
END;
$$;

-- The working-day calendar's revision, bumped by every change to it: a node keeps the calendar in
-- memory and reads only this number (with the case, in the same statement) to know it is current.
CREATE TABLE calendar_revision (
  id int PRIMARY KEY CHECK (id = 1),
  revision bigint NOT NULL
);
INSERT INTO calendar_revision (id, revision) VALUES (1, 1);

CREATE FUNCTION calendar_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE calendar_revision SET revision = revision + 1 WHERE id = 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER calendar_days_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_days
  FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
CREATE TRIGGER calendar_years_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_years
  FOR EACH STATEMENT EXECUTE FUNCTION calendar_changed();
