import type { Role } from '../../../../contract/enums.js';
import { STAFF_ROLES } from '../../../../contract/enums.js';
import { CompiledQuery, type Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { SessionsTable, UsersTable } from '../db/schema.js';
import type { SessionActor } from '../http/types.js';
import { newToken, tokenHash } from './tokens.js';

/** SEC-03: idle 30 min for applicants, 15 min for staff; absolute 12 h. Real time, not the business clock. */
export const IDLE_MS: Record<'applicant' | 'staff', number> = { applicant: 30 * 60_000, staff: 15 * 60_000 };
export const ABSOLUTE_MS = 12 * 60 * 60_000;
const TOUCH_EVERY_MS = 30_000;

export function idleLimit(role: Role): number {
  return STAFF_ROLES.includes(role) ? IDLE_MS.staff : IDLE_MS.applicant;
}

/** Every request's first statement, as fixed text (Kysely's building cost ~0.08 ms of a request's CPU — decision 0020). */
const RESOLVE = `SELECT s.id_hash, s.csrf_token, s.last_seen_at, s.expires_at, u.id, u.username, u.role, u.display_name,
  u.organization_id, u.district, u.authority, u.must_change_password, u.totp_confirmed, u.disabled
FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`;
type SessionRow = Pick<Selectable<SessionsTable>, 'id_hash' | 'csrf_token' | 'last_seen_at' | 'expires_at'> &
  Pick<
    Selectable<UsersTable>,
    'id' | 'username' | 'role' | 'display_name' | 'organization_id' | 'district' | 'authority' | 'must_change_password' | 'totp_confirmed' | 'disabled'
  >;

export class SessionStore {
  constructor(private readonly db: Db) {}

  /** A new session id at every login (rotation, SEC-05); the old cookie's session, if any, is killed. */
  async create(userId: string, ip: string | null, previousToken?: string): Promise<{ token: string; csrfToken: string }> {
    if (previousToken) await this.destroy(previousToken);
    const token = newToken();
    const csrfToken = newToken();
    const now = new Date();
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: tokenHash(token),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + ABSOLUTE_MS),
        ip,
      })
      .execute();
    return { token, csrfToken };
  }

  async resolve(token: string): Promise<SessionActor | null> {
    const idHash = tokenHash(token);
    const row = (await this.db.executeQuery<SessionRow>(CompiledQuery.raw(RESOLVE, [idHash]))).rows[0];
    if (!row) return null;
    const now = Date.now();
    const role = row.role;
    const lastSeen = new Date(row.last_seen_at).getTime();
    if (row.disabled || now >= new Date(row.expires_at).getTime() || now - lastSeen >= idleLimit(role)) {
      await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
      return null;
    }
    if (now - lastSeen > TOUCH_EVERY_MS) {
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(now) })
        .where('id_hash', '=', idHash)
        .execute();
    }
    return {
      id: row.id,
      role,
      username: row.username,
      displayName: row.display_name,
      organizationId: row.organization_id,
      district: row.district,
      authority: row.authority,
      sessionIdHash: row.id_hash,
      csrfToken: row.csrf_token,
      mustChangePassword: row.must_change_password,
      mfaEnrolled: row.totp_confirmed,
    };
  }

  async destroy(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', tokenHash(token)).execute();
  }

  async destroyAllFor(userId: string, exceptIdHash?: string): Promise<void> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptIdHash) q = q.where('id_hash', '<>', exceptIdHash);
    await q.execute();
  }
}
