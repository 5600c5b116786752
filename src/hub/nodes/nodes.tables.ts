/** Kysely types of the hub's node, enrolment-token and used-token tables (migration 0100-nodes). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type NodeStatus = 'active' | 'revoked';

export interface NodeTable {
  id: Generated<number>;
  organisation_id: number;
  name: string;
  /** The node's Ed25519 public key as a JWK (kty OKP, crv Ed25519). */
  public_key: ColumnType<Record<string, unknown>, string, string>;
  status: ColumnType<NodeStatus, NodeStatus | undefined, NodeStatus>;
  enrolled_at: Timestamp;
  revoked_at: NullableTimestamp;
  last_seen: NullableTimestamp;
  version: string | null;
  rtt_ms: number | null;
}

export interface EnrolmentTokenTable {
  id: Generated<number>;
  /** SHA-256 (hex) of the token; the token itself is shown once and never stored. */
  token_hash: string;
  organisation_id: number;
  created_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: NullableTimestamp;
  node_id: number | null;
}

export interface NodeTokenJtiTable {
  jti: string;
  node_id: number;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface NodeTables {
  node: NodeTable;
  enrolment_token: EnrolmentTokenTable;
  node_token_jti: NodeTokenJtiTable;
}
