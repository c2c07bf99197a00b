-- 0006: each command first asks whether a clock of its case has run out (hasDueDeadline):
-- pending deadlines by subject, so that question is one index look-up.
CREATE INDEX deadlines_subject_pending_idx ON deadlines (subject_id) WHERE applied_at IS NULL AND cancelled_at IS NULL;
