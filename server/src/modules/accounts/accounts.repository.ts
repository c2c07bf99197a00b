import type { Insertable } from 'kysely';
import type { Role } from '../../../../contract/enums.js';
import type { Db, DbOrTx, Tx } from '../../platform/db/database.js';
import { containing } from '../../platform/db/like.js';
import type { OrganizationsTable, UserRow, UsersTable } from '../../platform/db/schema.js';

/** Accounts' SQL: users, organisations as registered, and the single-use second-factor challenges of a login. */

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

export async function usccTaken(tx: Tx, uscc: string): Promise<boolean> {
  return !!(await tx.selectFrom('organizations').select('id').where('uscc', '=', uscc).executeTakeFirst());
}

export function insertOrganization(tx: Tx, values: Insertable<OrganizationsTable>) {
  return tx.insertInto('organizations').values(values).returningAll().executeTakeFirstOrThrow();
}

export function insertUser(tx: Tx, values: Insertable<UsersTable>): Promise<UserRow> {
  return tx.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The first administrator; nothing if another node made it first. */
export async function insertAdminIfAbsent(db: Db, values: Insertable<UsersTable>): Promise<void> {
  await db
    .insertInto('users')
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** One page of accounts by username, and how many match in all: by role, and any part of the username or name. */
export async function listUsersPage(db: DbOrTx, q: { role?: Role; q?: string; page: number; pageSize: number }): Promise<{ rows: UserRow[]; total: number }> {
  let base = db.selectFrom('users');
  if (q.role) base = base.where('role', '=', q.role);
  if (q.q) {
    const like = containing(q.q);
    base = base.where((eb) => eb.or([eb('username', 'ilike', like), eb('display_name', 'ilike', like)]));
  }
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('username')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Clears failures and the lock; false when there is no such user. */
export async function unlockUser(tx: Tx, userId: string): Promise<boolean> {
  const r = await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function setPassword(tx: Tx, userId: string, passwordHash: string): Promise<void> {
  await tx.updateTable('users').set({ password_hash: passwordHash, must_change_password: false }).where('id', '=', userId).execute();
}

export async function startTotpEnrolment(db: Db, userId: string, secret: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret: secret, totp_confirmed: false }).where('id', '=', userId).execute();
}

export async function confirmTotpEnrolment(tx: Tx, userId: string): Promise<void> {
  await tx.updateTable('users').set({ totp_confirmed: true }).where('id', '=', userId).execute();
}

/** Records `step` as the last TOTP step used, only if it is later than the last one (a code is accepted once). */
export async function useTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const upd = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .executeTakeFirst();
  return Number(upd.numUpdatedRows) === 1;
}

export async function insertLoginChallenge(db: Db, idHash: string, userId: string, expiresAt: Date): Promise<void> {
  await db.insertInto('login_challenges').values({ id_hash: idHash, user_id: userId, expires_at: expiresAt }).execute();
}

/** Counts an attempt at a challenge atomically, before its code is checked (no parallel guessing). */
export function countChallengeAttempt(db: Db, idHash: string) {
  return db
    .updateTable('login_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id_hash', '=', idHash)
    .returningAll()
    .executeTakeFirst();
}

/** Removes a challenge; false when it was already gone (used by a parallel request). */
export async function deleteLoginChallenge(db: Db, idHash: string): Promise<boolean> {
  const r = await db.deleteFrom('login_challenges').where('id_hash', '=', idHash).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export function publicUser(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    displayName: u.display_name,
    ...(u.organization_id ? { organizationId: u.organization_id } : {}),
    ...(u.district ? { district: u.district } : {}),
    ...(u.authority ? { authority: u.authority } : {}),
    mfaEnrolled: u.totp_confirmed,
  };
}
