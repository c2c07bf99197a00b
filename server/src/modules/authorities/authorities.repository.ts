import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

type Db = Kysely<Database>;

/** The list, each with whether an active industry_authority account carries its name. */
export async function listAuthorities(db: Db) {
  const rows = await db
    .selectFrom('industry_authorities as a')
    .select((eb) => [
      'a.id',
      'a.name',
      'a.active',
      eb
        .exists(
          eb
            .selectFrom('users as u')
            .select('u.id')
            .whereRef('u.authority', '=', 'a.name')
            .where('u.role', '=', 'industry_authority')
            .where('u.disabled', '=', false),
        )
        .as('has_account'),
    ])
    .orderBy('a.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, active: r.active, hasAccount: Boolean(r.has_account) }));
}

export async function findAuthorityByName(db: Db, name: string) {
  return db.selectFrom('industry_authorities').select(['id', 'name', 'active']).where('name', '=', name).executeTakeFirst();
}

export async function findAuthorityForUpdate(db: Db, id: string) {
  return db.selectFrom('industry_authorities').select(['id', 'name', 'active']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertAuthority(db: Db, name: string) {
  return db.insertInto('industry_authorities').values({ name }).returning(['id', 'name', 'active']).executeTakeFirstOrThrow();
}

/** An authority an account is created for joins the list (so the list and the accounts agree). */
export async function ensureAuthority(db: Db, name: string): Promise<void> {
  await db
    .insertInto('industry_authorities')
    .values({ name })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export async function updateAuthority(db: Db, id: string, patch: { name?: string; active?: boolean }) {
  return db.updateTable('industry_authorities').set(patch).where('id', '=', id).returning(['id', 'name', 'active']).executeTakeFirstOrThrow();
}

export async function hasActiveAccount(db: Db, name: string): Promise<boolean> {
  const r = await db
    .selectFrom('users')
    .select('id')
    .where('authority', '=', name)
    .where('role', '=', 'industry_authority')
    .where('disabled', '=', false)
    .executeTakeFirst();
  return !!r;
}

/**
 * A rename carries the name everywhere it is used as a key (accounts, applications, their
 * recommendations); the applications' version moves on, so a command that read one before decides again (0020).
 */
export async function renameAuthorityEverywhere(db: Db, from: string, to: string): Promise<void> {
  await db.updateTable('users').set({ authority: to }).where('authority', '=', from).execute();
  await db
    .updateTable('applications')
    .set((eb) => ({ industry_authority: to, version: eb('version', '+', 1) }))
    .where('industry_authority', '=', from)
    .execute();
  await db.updateTable('recommendations').set({ authority: to }).where('authority', '=', from).execute();
}
