/**
 * What the catalogue API answers, as types only: the routes return these and the web app reads
 * them (`web/src/catalogue.ts`, through `Wire<…>`), so each shape is written once.
 */
import type { DatasetMetadata } from '../../model/dataset-metadata.js';
import type { FacetName } from '../../model/catalogue-facets.js';
import type { ReleasedFigures } from '../../model/released-figures.js';
import type { EntryState } from './catalogue.tables.js';

export interface FacetCount {
  value: string;
  count: number;
}

export interface CatalogueSearchItem {
  slug: string;
  title: string;
  description: string;
  provider: string;
  country: string | null;
  accessRights: string;
  licence: string;
  subjects: number | null;
  minAge: number | null;
  maxAge: number | null;
  cancerTypes: string[];
  modalities: string[];
  bodyParts: string[];
  updatedAt: Date;
}

export interface CatalogueSearchResult {
  total: number;
  page: number;
  pageSize: number;
  items: CatalogueSearchItem[];
  facets: Record<FacetName, FacetCount[]>;
}

/** Numbers of a node entry beyond the record: the node's released index counts (null when harvested or suppressed). */
export interface EntryCounts {
  series: number | null;
  instances: number | null;
  sizeBytes: number | null;
}

export interface EntryView {
  slug: string;
  state: EntryState;
  version: number;
  origin: 'node' | 'harvest';
  source: string | null;
  originalIri: string | null;
  country: string | null;
  metadata: DatasetMetadata;
  counts: EntryCounts;
  /** The figures the node released (null for harvested entries and until the node re-publishes). */
  figures: ReleasedFigures | null;
  updatedAt: Date;
}

export interface StatBar {
  value: string;
  datasets: number;
  subjects: number;
}

export interface CatalogueStats {
  totals: {
    datasets: number;
    subjects: number;
    studies: number;
    /** Series, images and bytes: the index counts of node datasets (harvested ones have none). */
    series: number;
    instances: number;
    sizeBytes: number;
    providers: number;
    countries: number;
  };
  byCancerType: StatBar[];
  byModality: StatBar[];
  byBodyPart: StatBar[];
  byCountry: StatBar[];
}
