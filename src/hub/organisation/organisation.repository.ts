/** SQL for provider organisations and their data-holder representatives. */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';

export interface OrganisationInfo {
  id: number;
  slug: string;
  name: string;
  country: string;
  kind: 'provider' | 'platform';
  createdAt: Date;
}

export async function listOrganisations(db: Kysely<HubDB>): Promise<OrganisationInfo[]> {
  const rows = await db.selectFrom('organisation').selectAll().orderBy('slug').execute();
  return rows.map(present);
}

export async function findOrganisation(db: Kysely<HubDB>, id: number): Promise<OrganisationInfo | undefined> {
  const row = await db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst();
  return row && present(row);
}

export async function insertOrganisation(
  db: Kysely<HubDB>,
  org: { slug: string; name: string; country: string; kind: 'provider' | 'platform' },
): Promise<OrganisationInfo> {
  const row = await db.insertInto('organisation').values(org).returningAll().executeTakeFirstOrThrow();
  return present(row);
}

export async function addRepresentative(
  db: Kysely<HubDB>,
  organisationId: number,
  userId: number,
): Promise<void> {
  await db
    .insertInto('organisation_representative')
    .values({ organisation_id: organisationId, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeRepresentative(
  db: Kysely<HubDB>,
  organisationId: number,
  userId: number,
): Promise<boolean> {
  const r = await db
    .deleteFrom('organisation_representative')
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function listRepresentatives(db: Kysely<HubDB>, organisationId: number) {
  const rows = await db
    .selectFrom('organisation_representative as r')
    .innerJoin('hub_user as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.email', 'u.display_name'])
    .where('r.organisation_id', '=', organisationId)
    .orderBy('u.email')
    .execute();
  return rows.map((r) => ({ userId: Number(r.id), email: r.email, displayName: r.display_name }));
}

function present(row: {
  id: number;
  slug: string;
  name: string;
  country: string;
  kind: 'provider' | 'platform';
  created_at: Date;
}): OrganisationInfo {
  return {
    id: Number(row.id),
    slug: row.slug,
    name: row.name,
    country: row.country,
    kind: row.kind,
    createdAt: row.created_at,
  };
}
