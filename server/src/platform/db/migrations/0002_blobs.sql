-- 0002 blobs: uploads that never lose a byte (documents issue, parts 1–2).

-- 现场考察照片 (site-inspection photos): a material kind of its own, uploaded by the centre while it
-- records site inspections, tied to the assessment site it shows.
ALTER TABLE materials DROP CONSTRAINT materials_kind_check;
ALTER TABLE materials ADD CONSTRAINT materials_kind_check CHECK (kind IN (
  'credit_proof', 'application_form', 'license_copy', 'work_plan', 'sample_paper', 'recommendation_letter', 'site_photo'));
ALTER TABLE materials ADD COLUMN site_id uuid REFERENCES sites(id) ON DELETE SET NULL;

-- The commit protocol (docs/decisions/0004-blob-commit-protocol.md). A row here is an upload in
-- flight: inserted (and committed) before the first byte is stored, kept alive by its uploader's
-- heartbeat (`touched_at`, database time), and deleted in the very transaction that inserts the
-- material row referencing the same key. So at every instant a stored object is referenced by a
-- material row or by an upload row — or it is a stray the cleanup may remove.
CREATE TABLE blob_uploads (
  key text PRIMARY KEY,
  purpose text NOT NULL DEFAULT 'material',
  started_at timestamptz NOT NULL DEFAULT now(),
  touched_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX blob_uploads_touched_idx ON blob_uploads (touched_at);

-- Every key the blob store must keep. A later migration that stores blob keys elsewhere extends
-- this view (CREATE OR REPLACE VIEW … UNION ALL …); the cleanup deletes only what is not in it.
CREATE VIEW blob_references AS
  SELECT blob_key AS key FROM materials
  UNION ALL
  SELECT key FROM blob_uploads;
