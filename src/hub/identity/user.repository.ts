/** SQL for users, their roles and the organisations they represent. */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import type { Role } from '../auth/access.js';
import type { GrantedRole } from './identity.tables.js';

export interface UserRow {
  id: number;
  email: string;
  display_name: string;
  password_hash: string | null;
  disabled: boolean;
  failed_signins: number;
  locked_until: Date | null;
  created_at: Date;
}

export async function findUserByEmail(db: Kysely<HubDB>, email: string): Promise<UserRow | undefined> {
  const row = await db
    .selectFrom('hub_user')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  return row ? { ...row, id: Number(row.id) } : undefined;
}

export async function findUserById(db: Kysely<HubDB>, id: number): Promise<UserRow | undefined> {
  const row = await db.selectFrom('hub_user').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...row, id: Number(row.id) } : undefined;
}

export async function insertUser(
  db: Kysely<HubDB>,
  user: { email: string; displayName: string; passwordHash: string | null },
): Promise<number> {
  const { id } = await db
    .insertInto('hub_user')
    .values({
      email: user.email.toLowerCase(),
      display_name: user.displayName,
      password_hash: user.passwordHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** Roles of a user: every user is a researcher; admin and committee come from user_role. */
export async function rolesOf(db: Kysely<HubDB>, userId: number): Promise<Role[]> {
  const rows = await db
    .selectFrom('user_role')
    .select('role')
    .distinct()
    .where('user_id', '=', userId)
    .execute();
  const granted = new Set(rows.map((r) => r.role));
  const roles: Role[] = (['admin', 'committee'] as const).filter((r) => granted.has(r));
  roles.push('researcher');
  return roles;
}

export async function representedOrganisations(db: Kysely<HubDB>, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('organisation_representative')
    .select('organisation_id')
    .where('user_id', '=', userId)
    .orderBy('organisation_id')
    .execute();
  return rows.map((r) => Number(r.organisation_id));
}

/** Replace the roles a user holds from one source ('local' or 'oidc:<provider>'). */
export async function setRoles(
  db: Kysely<HubDB>,
  userId: number,
  source: string,
  roles: readonly GrantedRole[],
) {
  await db.deleteFrom('user_role').where('user_id', '=', userId).where('source', '=', source).execute();
  if (roles.length > 0) {
    await db
      .insertInto('user_role')
      .values([...new Set(roles)].map((role) => ({ user_id: userId, role, source })))
      .execute();
  }
}
