-- 0003 notifications (outbox + in-app inbox) and the SM3 integrity record of each filing.

-- One message, once: an event is written in the same transaction as the state change it tells of.
-- `dedupe_key` makes reminders (and anything else that must be told only once) idempotent across
-- nodes and retries: a second insert with the same key does nothing.
CREATE TABLE notification_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('status_changed', 'item_status_changed', 'recommendation_requested', 'expert_assigned',
    'project_deadline_reminder', 'filing_expiry_reminder', 'filing_issued', 'filing_revoked', 'filing_expired', 'objection_received')),
  dedupe_key text UNIQUE,
  title text NOT NULL,
  body text NOT NULL,
  link text,
  entity_type text,
  entity_id text,
  created_at timestamptz NOT NULL      -- business time, as in the case history
);

-- The in-app inbox: one row per recipient user.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigint GENERATED ALWAYS AS IDENTITY,   -- insertion order, for messages of the same instant
  event_id uuid NOT NULL REFERENCES notification_events(id),
  user_id uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  UNIQUE (event_id, user_id)
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, seq DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- The outbox of external deliveries (email, SMS), sent after commit by a worker on any node:
-- rows are claimed with FOR UPDATE SKIP LOCKED and leased by moving next_attempt_at forward
-- (real time, not the business clock); failures back off exponentially up to a last attempt.
CREATE TABLE notification_outbox (
  id bigserial PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES notification_events(id),
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  address text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_id, channel, address)
);
CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at) WHERE status = 'pending';

-- SEC-14: what a 备案回执 certifies — SM3 digests of the submitted application snapshot and of
-- its materials' manifest, fixed when the filing is issued; public verification recomputes them.
CREATE TABLE filing_integrity (
  receipt_no text PRIMARY KEY REFERENCES filings(receipt_no),
  algorithm text NOT NULL DEFAULT 'SM3',
  snapshot jsonb NOT NULL,
  snapshot_digest text NOT NULL,
  materials jsonb NOT NULL,
  materials_digest text NOT NULL,
  computed_at timestamptz NOT NULL,
  -- computed later than the filing (a filing issued before this table existed)
  backfilled boolean NOT NULL DEFAULT false
);
