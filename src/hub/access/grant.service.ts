/** Grants: a researcher's own, those on a representative's datasets, and revocation. */
import { audit } from '../../audit/audit.js';
import { CieError } from '../../errors.js';
import type { GrantView } from './access.schema.js';
import { actorOf, sendNotifications, type AccessDeps, type Caller } from './access.deps.js';
import {
  findGrantForUpdate,
  grantEntries,
  listGrants,
  revokeGrant,
  type GrantRecord,
} from './grant.repository.js';
import { people, representativesOf } from './request.repository.js';

export function grantStatus(g: GrantRecord, at: Date): GrantView['status'] {
  if (g.revokedAt) return 'revoked';
  if (at < g.startsAt) return 'scheduled';
  return at < g.endsAt ? 'active' : 'expired';
}

async function present(deps: AccessDeps, grants: readonly GrantRecord[]): Promise<GrantView[]> {
  const entries = await grantEntries(
    deps.db,
    grants.map((g) => g.catalogueEntryId),
  );
  const who = await people(deps.db, [
    ...grants.map((g) => g.userId),
    ...grants.flatMap((g) => (g.revokedBy === null ? [] : [g.revokedBy])),
  ]);
  const person = (id: number) => who.get(id) ?? { id, displayName: `user ${id}`, email: '' };
  const now = new Date();
  return grants.map((g) => ({
    id: g.id,
    user: person(g.userId),
    catalogueEntryId: g.catalogueEntryId,
    slug: entries.get(g.catalogueEntryId)?.slug ?? '',
    title: entries.get(g.catalogueEntryId)?.title ?? '',
    requestId: g.requestId,
    purpose: g.purpose,
    startsAt: g.startsAt,
    endsAt: g.endsAt,
    conditions: g.conditions,
    createdAt: g.createdAt,
    status: grantStatus(g, now),
    revokedAt: g.revokedAt,
    revokedBy: g.revokedBy === null ? null : person(g.revokedBy),
    revokeReason: g.revokeReason,
  }));
}

export async function myGrants(deps: AccessDeps, caller: Caller): Promise<GrantView[]> {
  return present(deps, await listGrants(deps.db, { userId: caller.user.userId }));
}

export async function organisationGrants(deps: AccessDeps, caller: Caller): Promise<GrantView[]> {
  return present(deps, await listGrants(deps.db, { organisationIds: caller.user.representativeOf }));
}

/** Revoke a grant: a representative of the dataset's organisation, or an admin. Effective at once. */
export async function revokeGrantBy(
  deps: AccessDeps,
  caller: Caller,
  id: number,
  reason: string,
): Promise<GrantView> {
  const { grant, organisationId } = await deps.db.transaction().execute(async (tx) => {
    const g = await findGrantForUpdate(tx, id);
    const entry = g && (await grantEntries(tx, [g.catalogueEntryId])).get(g.catalogueEntryId);
    const isAdmin = caller.user.roles.includes('admin');
    const represents =
      entry?.organisationId != null && caller.user.representativeOf.includes(entry.organisationId);
    if (!g || !entry || (!isAdmin && !represents && g.userId !== caller.user.userId))
      throw new CieError('NOT_FOUND', `no grant ${id} that you can see`);
    if (!isAdmin && !represents)
      throw new CieError('FORBIDDEN', "only the dataset's representatives or an admin can revoke a grant");
    if (g.revokedAt)
      throw new CieError('CONFLICT', `grant ${id} was already revoked on ${g.revokedAt.toISOString()}`);
    const revoked = await revokeGrant(tx, { id, by: caller.user.userId, reason, at: new Date() });
    await audit(tx, {
      actor: actorOf(caller),
      action: 'access.grant.revoke',
      target: `access-grant:${id}`,
      ip: caller.ip,
      details: { reason, userId: g.userId, catalogueEntryId: g.catalogueEntryId },
    });
    return { grant: revoked, organisationId: entry.organisationId };
  });
  const [view] = await present(deps, [grant]);
  if (!view) throw new CieError('INTERNAL', 'revoked grant vanished');
  await sendNotifications(deps, caller.user.userId, [
    {
      recipients: [
        grant.userId,
        ...(organisationId === null ? [] : await representativesOf(deps.db, [organisationId])),
      ],
      kind: 'access.grant.revoked',
      subject: `Access to ${view.slug} revoked`,
      text: `Access to ${view.title} (grant ${id}) was revoked: ${reason}`,
      link: '/access/grants',
    },
  ]);
  return view;
}
