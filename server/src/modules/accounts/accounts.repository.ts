import type { Db, DbOrTx } from '../../platform/db/database.js';
import type { UserRow } from '../../platform/db/schema.js';

export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

/** Enabled expert accounts (id, display name, username only), by name. */
export function listEnabledExperts(db: DbOrTx): Promise<{ id: string; displayName: string; username: string }[]> {
  return db
    .selectFrom('users')
    .select(['id', 'display_name as displayName', 'username'])
    .where('role', '=', 'expert')
    .where('disabled', '=', false)
    .orderBy('display_name')
    .orderBy('username')
    .execute();
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Counts an attempt *before* the password is checked, atomically, so parallel guesses cannot
 * outrun the lock-out (SEC-02): the attempt number decides whether this one may be checked at all.
 */
export async function beginLoginAttempt(db: Db, userId: string, now: Date): Promise<number | null> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning('failed_logins')
    .executeTakeFirst();
  return row ? row.failed_logins : null;
}

export async function lockAccount(db: Db, userId: string, until: Date): Promise<void> {
  await db.updateTable('users').set({ locked_until: until, failed_logins: 0 }).where('id', '=', userId).execute();
}

export async function clearFailedLogins(db: Db, userId: string): Promise<void> {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export function publicUser(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    role: u.role as import('../../../../contract/enums.js').Role,
    displayName: u.display_name,
    ...(u.organization_id ? { organizationId: u.organization_id } : {}),
    ...(u.district ? { district: u.district } : {}),
    ...(u.authority ? { authority: u.authority } : {}),
    mfaEnrolled: u.totp_confirmed,
  };
}
