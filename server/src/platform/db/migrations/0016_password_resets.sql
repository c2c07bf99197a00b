-- Issue 13 "a way back into an account": one-time password-reset tokens. Only a hash of the token is
-- kept (the token itself goes to the registered contact e-mail); a token is used once, expires, and
-- using one — or an administrator's reset — ends every other token of the user.
CREATE TABLE password_resets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);
