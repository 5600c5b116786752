/**
 * SQL for access grants. `findActiveGrant` is the one check every data access goes through (the
 * DICOMweb relay calls it on each request): a grant works iff it is not revoked and
 * `startsAt <= at < endsAt`, so expiry needs no job and a revocation counts from the next check.
 */
import type { Kysely, Selectable } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import type { AccessGrantTable } from './access.tables.js';

export interface ActiveGrant {
  id: number;
  userId: number;
  catalogueEntryId: number;
  requestId: number;
  /** GA4GH DUO codes of the request's purpose. */
  purpose: string[];
  startsAt: Date;
  endsAt: Date;
  conditions: string | null;
}

export interface GrantRecord extends ActiveGrant {
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: number | null;
  revokeReason: string | null;
}

type Db = Kysely<HubDB>;

/** The user's grant on this catalogue entry that is in force at `at` (default now), if any. */
export async function findActiveGrant(
  db: Db,
  q: { userId: number; catalogueEntryId: number; at?: Date },
): Promise<ActiveGrant | undefined> {
  const at = q.at ?? new Date();
  const row = await db
    .selectFrom('access_grant')
    .selectAll()
    .where('user_id', '=', q.userId)
    .where('catalogue_entry_id', '=', q.catalogueEntryId)
    .where('revoked_at', 'is', null)
    .where('starts_at', '<=', at)
    .where('ends_at', '>', at)
    .orderBy('ends_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && presentActive(row);
}

export async function insertGrant(db: Db, g: Omit<ActiveGrant, 'id'>): Promise<GrantRecord> {
  const row = await db
    .insertInto('access_grant')
    .values({
      user_id: g.userId,
      catalogue_entry_id: g.catalogueEntryId,
      request_id: g.requestId,
      purpose: g.purpose,
      starts_at: g.startsAt,
      ends_at: g.endsAt,
      conditions: g.conditions,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentGrant(row);
}

/** The grant, locked for update when inside a transaction. */
export async function findGrantForUpdate(db: Db, id: number): Promise<GrantRecord | undefined> {
  const row = await db
    .selectFrom('access_grant')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row && presentGrant(row);
}

export async function revokeGrant(
  db: Db,
  r: { id: number; by: number; reason: string; at: Date },
): Promise<GrantRecord> {
  const row = await db
    .updateTable('access_grant')
    .set({ revoked_at: r.at, revoked_by: r.by, revoke_reason: r.reason })
    .where('id', '=', r.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return presentGrant(row);
}

/** Grants of one user, or on the entries of some organisations; newest first. */
export async function listGrants(
  db: Db,
  q: { userId: number } | { organisationIds: readonly number[] },
): Promise<GrantRecord[]> {
  let query = db.selectFrom('access_grant as g').selectAll('g').orderBy('g.id', 'desc');
  if ('userId' in q) query = query.where('g.user_id', '=', q.userId);
  else {
    if (q.organisationIds.length === 0) return [];
    query = query
      .innerJoin('catalogue_entry as e', 'e.id', 'g.catalogue_entry_id')
      .where('e.organisation_id', 'in', [...q.organisationIds]);
  }
  const rows = await query.execute();
  return rows.map(presentGrant);
}

function presentActive(row: Selectable<AccessGrantTable>): ActiveGrant {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    catalogueEntryId: Number(row.catalogue_entry_id),
    requestId: Number(row.request_id),
    purpose: row.purpose,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    conditions: row.conditions,
  };
}

function presentGrant(row: Selectable<AccessGrantTable>): GrantRecord {
  return {
    ...presentActive(row),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by === null ? null : Number(row.revoked_by),
    revokeReason: row.revoke_reason,
  };
}

/** Revoke every grant of a request still unrevoked; returns their ids. */
export async function revokeGrantsOfRequest(
  db: Db,
  r: { requestId: number; by: number; reason: string; at: Date },
): Promise<number[]> {
  const rows = await db
    .updateTable('access_grant')
    .set({ revoked_at: r.at, revoked_by: r.by, revoke_reason: r.reason })
    .where('request_id', '=', r.requestId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((x) => Number(x.id));
}

/** Slug, title and organisation of the entries grants are on. */
export async function grantEntries(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, { slug: string; title: string; organisationId: number | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('catalogue_entry')
    .select(['id', 'slug', 'title', 'organisation_id'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        slug: r.slug,
        title: r.title,
        organisationId: r.organisation_id === null ? null : Number(r.organisation_id),
      },
    ]),
  );
}
