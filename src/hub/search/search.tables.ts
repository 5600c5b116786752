/** Kysely types of the hub's search tables (migration 0200-search). */
import type { ColumnType } from 'kysely';

export type SearchStatus = 'running' | 'done' | 'cancelled';
export type NodeSearchState = 'pending' | 'answered' | 'offline' | 'timed_out' | 'failed' | 'cancelled';

export interface SearchTable {
  id: string;
  user_id: number;
  query: ColumnType<unknown, string, string>;
  query_hash: string;
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
}

export interface SearchTables {
  search: SearchTable;
  search_node: SearchNodeTable;
}
