/** Personal API tokens: `cie_` + 256 random bits, stored as SHA-256, shown once. */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import { randomSecret, sha256 } from './secrets.js';

export const tokenPrefix = 'cie_';

export interface TokenInfo {
  id: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export async function createToken(
  db: Kysely<HubDB>,
  userId: number,
  name: string,
  expiresAt: Date | null,
): Promise<{ token: string; info: TokenInfo }> {
  const token = `${tokenPrefix}${randomSecret()}`;
  const row = await db
    .insertInto('api_token')
    .values({ user_id: userId, name, token_hash: sha256(token), expires_at: expiresAt })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, info: present(row) };
}

/** The user a live token belongs to (not revoked, not expired, user enabled); marks it used. */
export async function userOfToken(db: Kysely<HubDB>, token: string): Promise<number | undefined> {
  const now = new Date();
  const row = await db
    .selectFrom('api_token as t')
    .innerJoin('hub_user as u', 'u.id', 't.user_id')
    .select(['t.id', 't.user_id'])
    .where('t.token_hash', '=', sha256(token))
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now)]))
    .where('u.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return undefined;
  await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', row.id).execute();
  return Number(row.user_id);
}

export async function listTokens(db: Kysely<HubDB>, userId: number): Promise<TokenInfo[]> {
  const rows = await db
    .selectFrom('api_token')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map(present);
}

/** Revoke one of the user's tokens; false when the user has no such live token. */
export async function revokeToken(db: Kysely<HubDB>, userId: number, tokenId: number): Promise<boolean> {
  const r = await db
    .updateTable('api_token')
    .set({ revoked_at: new Date() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

function present(row: {
  id: number;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}): TokenInfo {
  return {
    id: Number(row.id),
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}
