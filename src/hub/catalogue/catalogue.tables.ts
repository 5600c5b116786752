/** Kysely types of the hub catalogue (migrations 0300, 0301, 0310). */
import type { ColumnType, Generated } from 'kysely';
import type { DatasetMetadata } from '../../model/dataset-metadata.js';
import type { ReleasedFigures } from '../../model/released-figures.js';

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
  /** Studies (the record's numberOfRecords), then the node's released index counts (null when harvested or suppressed). */
  studies: ColumnType<number | null, number | null | undefined, number | null>;
  series: ColumnType<number | null, number | null | undefined, number | null>;
  instances: ColumnType<number | null, number | null | undefined, number | null>;
  size_bytes: ColumnType<number | null, number | null | undefined, number | null>;
  /** The figures the node released (node entries; null when harvested or not yet re-pushed). */
  figures: ColumnType<ReleasedFigures | null, string | null | undefined, string | null>;
  /** The last record the node sent, before hub edits (the base of the merge). */
  node_metadata: ColumnType<DatasetMetadata | null, string | null | undefined, string | null>;
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

export const harvestRunStatuses = ['running', 'ok', 'failed'] as const;

export interface CatalogueHarvestRunTable {
  id: Generated<number>;
  source: string;
  trigger: 'schedule' | 'manual';
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  status: ColumnType<(typeof harvestRunStatuses)[number], (typeof harvestRunStatuses)[number] | undefined>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  vanished: Generated<number>;
  rejected: Generated<number>;
  error: string | null;
  /** The harvest summary (IRIs created/updated/vanished, rejected records with their issues). */
  report: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface CatalogueTables {
  catalogue_entry: CatalogueEntryTable;
  catalogue_entry_version: CatalogueEntryVersionTable;
  catalogue_harvest_run: CatalogueHarvestRunTable;
}
