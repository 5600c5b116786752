/** Kysely types of the node's identity at its hub (migration 0500-node-identity). */
import type { ColumnType } from 'kysely';

export interface NodeIdentityTable {
  id: ColumnType<1, 1 | undefined, never>;
  hub_url: string;
  node_id: number;
  node_name: string;
  /** The hub's Ed25519 public key (JWK), pinned at enrolment. */
  hub_public_key: ColumnType<Record<string, unknown>, string, string>;
  enrolled_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface NodeIdentityTables {
  node_identity: NodeIdentityTable;
}
