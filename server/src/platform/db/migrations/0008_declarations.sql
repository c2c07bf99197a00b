-- 0008: the applicant's self-declaration of the six conditions 一(一)–(六) of the notice, kept with
-- its application (it lived only in the browser). `declarations` holds each clause's answer,
-- {"一(一)": true, …, "一(六)": true}; NULL when nothing was ever declared. `declared_at` and
-- `declared_by` say when, and by which account, all six were last affirmed together; they are
-- NULL while any clause is not affirmed. Existing applications keep NULLs: nothing is invented.
ALTER TABLE applications
  ADD COLUMN declarations jsonb,
  ADD COLUMN declared_at timestamptz,
  ADD COLUMN declared_by uuid REFERENCES users(id),
  ADD CONSTRAINT applications_declarations_object CHECK (declarations IS NULL OR jsonb_typeof(declarations) = 'object'),
  ADD CONSTRAINT applications_declared_together CHECK ((declared_at IS NULL) = (declared_by IS NULL)),
  ADD CONSTRAINT applications_declared_needs_declarations CHECK (declared_at IS NULL OR declarations IS NOT NULL);
