import type { Db, DbOrTx } from '../../platform/db/database.js';
import type { UserRow } from '../../platform/db/schema.js';

export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function recordFailedLogin(db: Db, userId: string, lockAfter: number, lockMs: number): Promise<{ locked: boolean }> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', userId)
    .returning('failed_logins')
    .executeTakeFirstOrThrow();
  if (row.failed_logins >= lockAfter) {
    await db.updateTable('users').set({ locked_until: new Date(Date.now() + lockMs), failed_logins: 0 }).where('id', '=', userId).execute();
    return { locked: true };
  }
  return { locked: false };
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
