import type { ColumnType, Generated } from 'kysely';
import type { Eligibility, LegalForm, Role } from '../../../../contract/enums.js';
import type { Timestamp, GeneratedTs } from './schema-columns.js';

/** Kysely's view of organisations and their eligibility reviews, users, sessions, second-factor challenges and password resets (migrations/*.sql). */
export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  uscc: string;
  legal_form: LegalForm;
  district: string;
  address: string;
  legal_representative: string;
  contact_name: string;
  contact_phone: string;
  contact_email: string;
  eligibility: Eligibility;
  created_at: GeneratedTs;
}
/** 0011: the centre's eligibility reviews of an organisation (一); the latest is the one in force. */
export interface OrganizationEligibilityReviewsTable {
  id: Generated<string>;
  organization_id: string;
  decision: string;
  reason: string;
  reviewed_at: Timestamp;
  reviewed_by: string;
  reviewer_name: string;
}
export interface UsersTable {
  id: Generated<string>;
  username: string;
  password_hash: string;
  role: Role;
  display_name: string;
  organization_id: string | null;
  district: string | null;
  authority: string | null;
  must_change_password: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  totp_secret: string | null;
  totp_confirmed: Generated<boolean>;
  totp_last_step: ColumnType<string | null, number | null, number | null>;
  disabled: Generated<boolean>;
  created_at: GeneratedTs;
}
export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
}
export interface LoginChallengesTable {
  id_hash: string;
  user_id: string;
  expires_at: Timestamp;
  attempts: Generated<number>;
}
/** 0016: one-time password-reset tokens (hash only), issue 13. */
export interface PasswordResetsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface AccountTables {
  organizations: OrganizationsTable;
  organization_eligibility_reviews: OrganizationEligibilityReviewsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_challenges: LoginChallengesTable;
  password_resets: PasswordResetsTable;
}
