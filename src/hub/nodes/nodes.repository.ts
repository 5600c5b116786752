/** SQL of enrolled nodes and enrolment tokens (hub database). */
import type { Kysely, Transaction } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import type { NodeStatus } from './nodes.tables.js';

type Db = Kysely<HubDB> | Transaction<HubDB>;

export interface NodeRow {
  id: number;
  organisation_id: number;
  name: string;
  public_key: Record<string, unknown>;
  status: NodeStatus;
  enrolled_at: Date;
  revoked_at: Date | null;
  last_seen: Date | null;
  version: string | null;
  rtt_ms: number | null;
}

export function findOrganisation(db: Db, id: number) {
  return db.selectFrom('organisation').select(['id', 'kind']).where('id', '=', id).executeTakeFirst();
}

export async function insertEnrolmentToken(
  db: Db,
  row: { tokenHash: string; organisationId: number; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('enrolment_token')
    .values({ token_hash: row.tokenHash, organisation_id: row.organisationId, expires_at: row.expiresAt })
    .execute();
}

/** The token row, locked until the enclosing transaction ends (two enrolments cannot both use it). */
export function lockEnrolmentToken(tx: Transaction<HubDB>, tokenHash: string) {
  return tx
    .selectFrom('enrolment_token')
    .select(['id', 'organisation_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

export async function markEnrolmentTokenUsed(
  tx: Transaction<HubDB>,
  tokenId: number,
  nodeId: number,
): Promise<void> {
  await tx
    .updateTable('enrolment_token')
    .set({ used_at: new Date(), node_id: nodeId })
    .where('id', '=', tokenId)
    .execute();
}

export async function insertNode(
  tx: Transaction<HubDB>,
  row: { organisationId: number; name: string; publicKey: Record<string, unknown>; version: string | null },
): Promise<number> {
  const { id } = await tx
    .insertInto('node')
    .values({
      organisation_id: row.organisationId,
      name: row.name,
      public_key: JSON.stringify(row.publicKey),
      version: row.version,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

const nodeColumns = [
  'id',
  'organisation_id',
  'name',
  'public_key',
  'status',
  'enrolled_at',
  'revoked_at',
  'last_seen',
  'version',
  'rtt_ms',
] as const;

export async function findNode(db: Db, id: number): Promise<NodeRow | undefined> {
  const row = await db.selectFrom('node').select(nodeColumns).where('id', '=', id).executeTakeFirst();
  return row ? normalise(row) : undefined;
}

export async function listNodeRows(db: Db, organisationId?: number): Promise<NodeRow[]> {
  let q = db.selectFrom('node').select(nodeColumns).orderBy('id');
  if (organisationId !== undefined) q = q.where('organisation_id', '=', organisationId);
  return (await q.execute()).map(normalise);
}

export async function setNodeRevoked(db: Db, id: number): Promise<void> {
  await db
    .updateTable('node')
    .set({ status: 'revoked', revoked_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .execute();
}

export async function recordNodeSeen(
  db: Db,
  id: number,
  seen: { version?: string | undefined; rttMs?: number | undefined },
): Promise<void> {
  await db
    .updateTable('node')
    .set({
      last_seen: new Date(),
      ...(seen.version !== undefined ? { version: seen.version } : {}),
      ...(seen.rttMs !== undefined ? { rtt_ms: seen.rttMs } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Remember a token id until it expires; false when it was already used (a replay). */
export async function rememberTokenId(
  db: Db,
  row: { jti: string; nodeId: number; expiresAt: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto('node_token_jti')
    .values({ jti: row.jti, node_id: row.nodeId, expires_at: row.expiresAt })
    .onConflict((oc) => oc.column('jti').doNothing())
    .returning('jti')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function forgetExpiredTokenIds(db: Db): Promise<void> {
  await db.deleteFrom('node_token_jti').where('expires_at', '<', new Date()).execute();
}

function normalise<T extends { id: number; organisation_id: number; rtt_ms: number | null }>(row: T): T {
  return { ...row, id: Number(row.id), organisation_id: Number(row.organisation_id) };
}
