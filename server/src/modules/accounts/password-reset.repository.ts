import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../platform/db/database.js';

/** Who may be sent a reset link: an applicant account, with the contact e-mail its organisation registered. */
export function findResetCandidate(db: DbOrTx, username: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('organizations as o', 'o.id', 'u.organization_id')
    .select(['u.id', 'u.username', 'u.role', 'u.disabled', 'u.display_name', 'o.contact_email'])
    .where('u.username', '=', username)
    .executeTakeFirst();
}

export async function insertReset(tx: Tx, v: { userId: string; tokenHash: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await tx.insertInto('password_resets').values({ user_id: v.userId, token_hash: v.tokenHash, created_at: v.createdAt, expires_at: v.expiresAt }).execute();
}

/** The user a token belongs to, while it is unused and unexpired. */
export function findLiveReset(db: DbOrTx, tokenHash: string, now: Date) {
  return db
    .selectFrom('password_resets as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.user_id', 'u.username', 'u.disabled'])
    .where('r.token_hash', '=', tokenHash)
    .where('r.used_at', 'is', null)
    .where('r.expires_at', '>', now)
    .executeTakeFirst();
}

/** Uses the token once: false when another request used it first (or it expired meanwhile). */
export async function claimReset(tx: Tx, id: string, now: Date): Promise<boolean> {
  const r = await tx
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Ends every unused token of the user (after a reset by link or by the administrator). */
export async function endResets(tx: Tx, userId: string, now: Date): Promise<void> {
  await tx.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

/** A new password after a reset: the lockout is lifted; `mustChange` for a temporary one. */
export async function setPasswordAfterReset(tx: Tx, userId: string, passwordHash: string, mustChange: boolean): Promise<boolean> {
  const r = await tx
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: mustChange, failed_logins: 0, locked_until: null })
    .where('id', '=', userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Requests for one user in the last hour (at most a few links a user can be sent). */
export async function recentResets(db: DbOrTx, userId: string, since: Date): Promise<number> {
  const r = await db
    .selectFrom('password_resets')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return r.n;
}

export function findUserName(db: DbOrTx, userId: string) {
  return db.selectFrom('users').select(['id', 'username']).where('id', '=', userId).executeTakeFirst();
}
