-- 0022: the outbox's due rows in the order they are claimed (next_attempt_at, id), pending only.
-- The claim named its status as a parameter, so a prepared (generic) plan could not use the partial
-- index of 0003 and sorted every pending row per batch of 20: ~47 ms of PostgreSQL per batch after a
-- sweep queued 10,000 messages (docs/decisions/0022). The claim now says 'pending' as a literal.
DROP INDEX IF EXISTS notification_outbox_due_idx;
CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at, id) WHERE status = 'pending';
