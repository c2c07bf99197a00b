-- 0004: a version of the public directory (三(六) 信息公布), bumped by every change that can alter
-- it, and announced with NOTIFY so every node drops its in-memory copy at once.
CREATE TABLE registry_version (
  id int PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO registry_version (id, version) VALUES (1, 1);

CREATE FUNCTION registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE registry_version SET version = version + 1 WHERE id = 1;
  PERFORM pg_notify('registry_changed', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER filings_registry_changed AFTER INSERT OR UPDATE OR DELETE ON filings
  FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();
CREATE TRIGGER organizations_registry_changed AFTER UPDATE OR DELETE ON organizations
  FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();
CREATE TRIGGER sites_registry_changed AFTER INSERT OR UPDATE OR DELETE ON sites
  FOR EACH STATEMENT EXECUTE FUNCTION registry_changed();
