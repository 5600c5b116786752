/** Kysely types of the node's relay tables (migration 0700-relay). */
import type { ColumnType } from 'kysely';

export interface RelayAssertionJtiTable {
  jti: string;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface RelayTables {
  relay_assertion_jti: RelayAssertionJtiTable;
}
