/**
 * Server-side sessions. The session id (256 random bits) lives only in the `cie_session` cookie;
 * the table keeps its SHA-256, so a read of the database does not yield usable sessions.
 */
import type { Kysely } from 'kysely';
import type { HubConfig } from '../../config/hub-config.js';
import type { HubDB } from '../../db/schema.js';
import { randomSecret, sha256 } from './secrets.js';

export interface NewSession {
  id: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Kysely<HubDB>,
  userId: number,
  config: HubConfig,
): Promise<NewSession> {
  const session = {
    id: randomSecret(),
    csrfToken: randomSecret(),
    expiresAt: new Date(Date.now() + config.sessionMaxHours * 3_600_000),
  };
  await db
    .insertInto('hub_session')
    .values({
      id_hash: sha256(session.id),
      user_id: userId,
      csrf_token: session.csrfToken,
      last_seen_at: new Date(),
      expires_at: session.expiresAt,
    })
    .execute();
  return session;
}

export interface LiveSession {
  idHash: string;
  userId: number;
  csrfToken: string;
  lastSeenAt: Date;
}

/** The live session with this id: not expired (absolute), not idle too long, user enabled. */
export async function findLiveSession(
  db: Kysely<HubDB>,
  id: string,
  config: HubConfig,
): Promise<LiveSession | undefined> {
  const idleSince = new Date(Date.now() - config.sessionIdleMinutes * 60_000);
  const row = await db
    .selectFrom('hub_session as s')
    .innerJoin('hub_user as u', 'u.id', 's.user_id')
    .select(['s.id_hash', 's.user_id', 's.csrf_token', 's.last_seen_at'])
    .where('s.id_hash', '=', sha256(id))
    .where('s.expires_at', '>', new Date())
    .where('s.last_seen_at', '>', idleSince)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    idHash: row.id_hash,
    userId: Number(row.user_id),
    csrfToken: row.csrf_token,
    lastSeenAt: row.last_seen_at,
  };
}

export async function touchSession(db: Kysely<HubDB>, idHash: string): Promise<void> {
  await db
    .updateTable('hub_session')
    .set({ last_seen_at: new Date() })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function deleteSession(db: Kysely<HubDB>, id: string): Promise<void> {
  await db.deleteFrom('hub_session').where('id_hash', '=', sha256(id)).execute();
}

/** End every session of a user, except (optionally) the one given by its hash. */
export async function deleteUserSessions(
  db: Kysely<HubDB>,
  userId: number,
  exceptIdHash?: string,
): Promise<void> {
  let q = db.deleteFrom('hub_session').where('user_id', '=', userId);
  if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
  await q.execute();
}
