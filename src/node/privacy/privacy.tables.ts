/** Kysely types of the privacy tables (migration 0300-search). */
import type { ColumnType } from 'kysely';

export interface SearchNoiseTable {
  /** SHA-256 of the canonical JSON of the normalised query. */
  query_hash: string;
  /** Collection (dataset) id. */
  dataset: string;
  /** `total:subjects`, `modality:RID10312:series`, … */
  stratum: string;
  /** A unit Laplace draw (scale 1); the answer adds draw / epsilon. */
  draw: number;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface PrivacyTables {
  search_noise: SearchNoiseTable;
}
