/** Kysely types of the hub catalogue (migration 0300-catalogue). */
import type { ColumnType, Generated } from 'kysely';
import type { DatasetMetadata } from '../../model/dataset-metadata.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Arrays of text: written as JS arrays (the drivers send PostgreSQL arrays). */
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export const entryStates = ['published', 'withdrawn', 'vanished'] as const;
export type EntryState = (typeof entryStates)[number];

export interface CatalogueEntryTable {
  id: Generated<number>;
  /** Stable public identifier, used in URLs; never changes. */
  slug: string;
  origin: 'node' | 'harvest';
  organisation_id: number | null;
  harvest_source: string | null;
  original_iri: string | null;
  identifier: string;
  state: EntryState;
  version: Generated<number>;
  /** The record, written as JSON text and read back parsed. */
  metadata: ColumnType<DatasetMetadata, string, string>;
  title: string;
  provider: string;
  country: string | null;
  access_rights: string;
  licence: string;
  cancer_types: TextArray;
  modalities: TextArray;
  body_parts: TextArray;
  sexes: TextArray;
  min_age: number | null;
  max_age: number | null;
  subjects: number | null;
  search_text: string;
  search: ColumnType<string, never, never>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CatalogueEntryVersionTable {
  entry_id: number;
  version: number;
  state: EntryState;
  metadata: ColumnType<DatasetMetadata, string, string>;
  recorded_at: Timestamp;
}

export interface CatalogueTables {
  catalogue_entry: CatalogueEntryTable;
  catalogue_entry_version: CatalogueEntryVersionTable;
}
