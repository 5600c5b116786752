/** SQL of the node's identity at its hub (node database). */
import type { JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';

export interface NodeIdentity {
  hubUrl: string;
  nodeId: number;
  nodeName: string;
  hubPublicKey: JWK;
}

export async function readNodeIdentity(db: Kysely<NodeDB>): Promise<NodeIdentity | undefined> {
  const row = await db.selectFrom('node_identity').selectAll().executeTakeFirst();
  if (!row) return undefined;
  return {
    hubUrl: row.hub_url,
    nodeId: Number(row.node_id),
    nodeName: row.node_name,
    hubPublicKey: row.hub_public_key,
  };
}

/** The hub moved (same hub and key, another address): keep the identity, follow the URL. */
export async function updateHubUrl(db: Kysely<NodeDB>, hubUrl: string): Promise<void> {
  await db.updateTable('node_identity').set({ hub_url: hubUrl }).execute();
}

export async function saveNodeIdentity(db: Kysely<NodeDB>, identity: NodeIdentity): Promise<void> {
  await db
    .insertInto('node_identity')
    .values({
      hub_url: identity.hubUrl,
      node_id: identity.nodeId,
      node_name: identity.nodeName,
      hub_public_key: JSON.stringify(identity.hubPublicKey),
    })
    .execute();
}
