/** Kysely types of the hub's search tables (migrations 0200-search, 0210-search-privacy). */
import type { ColumnType } from 'kysely';

export type SearchStatus = 'running' | 'done' | 'cancelled';
export type NodeSearchState = 'pending' | 'answered' | 'offline' | 'timed_out' | 'failed' | 'cancelled';

export interface SearchTable {
  id: string;
  user_id: number;
  query: ColumnType<unknown, string, string>;
  query_hash: string;
  /** The query in normal form (normalise.ts), as an auditor reads it. */
  normalised_query: ColumnType<unknown, string | null | undefined, string | null>;
  /** The address the search came from (behind a proxy: per CIE_HUB_TRUST_PROXY). */
  client_address: string | null;
  /** What the per-organisation budget counts it against: `org:<id>` or `domain:<e-mail domain>`. */
  organisation: string | null;
  deadline_ms: number;
  status: ColumnType<SearchStatus, SearchStatus | undefined, SearchStatus>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SearchNodeTable {
  search_id: string;
  node_id: number;
  node_name: string;
  state: NodeSearchState;
  answer: ColumnType<unknown, string | null | undefined, string | null>;
  reason: string | null;
  elapsed_ms: number | null;
  /** Privacy loss (ε) the node reports for this answer. */
  epsilon_spent: ColumnType<number, number | undefined, number>;
}

export interface SearchTables {
  search: SearchTable;
  search_node: SearchNodeTable;
}
