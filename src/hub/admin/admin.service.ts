/** What admins do to accounts: list, create, disable, set roles. Each change is audited. */
import { sql, type Kysely } from 'kysely';
import { audit } from '../../audit/audit.js';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import type { GrantedRole } from '../identity/identity.tables.js';
import { deleteUserSessions } from '../identity/session.repository.js';
import { findUserById, setRoles } from '../identity/user.repository.js';

export interface UserSummary {
  id: number;
  email: string;
  displayName: string;
  disabled: boolean;
  roles: string[];
  representativeOf: number[];
  createdAt: Date;
}

export async function listUsers(
  db: Kysely<HubDB>,
  filter: { q?: string | undefined; id?: number | undefined; limit: number; offset: number },
): Promise<UserSummary[]> {
  let q = db
    .selectFrom('hub_user as u')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.display_name',
      'u.disabled',
      'u.created_at',
      eb
        .selectFrom('user_role as r')
        .whereRef('r.user_id', '=', 'u.id')
        .select(sql<string[]>`coalesce(array_agg(distinct r.role order by r.role), '{}')`.as('roles'))
        .as('roles'),
      eb
        .selectFrom('organisation_representative as o')
        .whereRef('o.user_id', '=', 'u.id')
        .select(
          sql<number[]>`coalesce(array_agg(o.organisation_id order by o.organisation_id), '{}')`.as('orgs'),
        )
        .as('orgs'),
    ])
    .orderBy('u.id')
    .limit(filter.limit)
    .offset(filter.offset);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('u.email', 'ilike', like), eb('u.display_name', 'ilike', like)]));
  }
  if (filter.id !== undefined) q = q.where('u.id', '=', filter.id);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    email: r.email,
    displayName: r.display_name,
    disabled: r.disabled,
    roles: [...(r.roles ?? []), 'researcher'],
    representativeOf: (r.orgs ?? []).map(Number),
    createdAt: r.created_at,
  }));
}

export async function userSummary(db: Kysely<HubDB>, id: number): Promise<UserSummary> {
  const [found] = await listUsers(db, { limit: 1, offset: 0, id });
  if (!found) throw new CieError('NOT_FOUND', `no user ${id}`);
  return found;
}

/** Disable (ends all sessions; tokens stop working) or re-enable an account. */
export async function setUserDisabled(
  db: Kysely<HubDB>,
  adminId: number,
  userId: number,
  disabled: boolean,
  ip: string,
) {
  if (adminId === userId && disabled) throw new CieError('CONFLICT', 'you cannot disable your own account');
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('hub_user').set({ disabled }).where('id', '=', userId).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new CieError('NOT_FOUND', `no user ${userId}`);
    if (disabled) await deleteUserSessions(tx, userId);
    await audit(tx, {
      actor: `user:${adminId}`,
      action: disabled ? 'user.disable' : 'user.enable',
      target: `user:${userId}`,
      ip,
    });
  });
}

/** Set the roles an admin grants (source 'local'); roles from an identity provider are kept. */
export async function setLocalRoles(
  db: Kysely<HubDB>,
  adminId: number,
  userId: number,
  roles: GrantedRole[],
  ip: string,
) {
  if (adminId === userId && !roles.includes('admin')) {
    throw new CieError('CONFLICT', 'you cannot take the admin role from yourself: ask another admin');
  }
  await db.transaction().execute(async (tx) => {
    if (!(await findUserById(tx, userId))) throw new CieError('NOT_FOUND', `no user ${userId}`);
    await setRoles(tx, userId, 'local', roles);
    await audit(tx, {
      actor: `user:${adminId}`,
      action: 'user.roles.set',
      target: `user:${userId}`,
      ip,
      details: { roles },
    });
  });
}
