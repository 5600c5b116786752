/** The public catalogue API as the web app sees it, and the code → label map the hub provides. */
import { useEffect, useState } from 'react';
import { get } from './api';

export const facetNames = [
  'cancerType',
  'modality',
  'bodyPart',
  'sex',
  'ageRange',
  'provider',
  'country',
  'accessRights',
  'licence',
] as const;
export type FacetName = (typeof facetNames)[number];

export const facetTitles: Record<FacetName, string> = {
  cancerType: 'Cancer type',
  modality: 'Modality',
  bodyPart: 'Body part',
  sex: 'Sex',
  ageRange: 'Age range',
  provider: 'Provider',
  country: 'Country',
  accessRights: 'Access rights',
  licence: 'Licence',
};

export interface SearchItem {
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
  updatedAt: string;
}

export interface SearchResult {
  total: number;
  page: number;
  pageSize: number;
  items: SearchItem[];
  facets: Record<FacetName, Array<{ value: string; count: number }>>;
}

export interface Agent {
  name: string;
  email?: string;
  url?: string;
}

export interface DatasetMetadata {
  identifier: string;
  title: string;
  description: string;
  version: string;
  publisher: Agent & { type?: string };
  contactPoint: Agent;
  keywords: string[];
  accessRights: string;
  distributions: Array<{ title?: string; accessCondition: string; accessUrl: string; mediaType?: string }>;
  licence: string;
  dataUse?: { permission: string; disease?: string; modifiers: Array<{ code: string; value?: string }> };
  hdab?: Agent & { contactPoint?: Agent };
  project?: { name: string; funding?: string; url?: string };
  issued?: string;
  numberOfUniqueIndividuals?: number;
  numberOfRecords?: number;
  minTypicalAge?: number;
  maxTypicalAge?: number;
  sexes: string[];
  conditions: string[];
  modalities: string[];
  bodyParts: string[];
  manufacturers: string[];
}

export interface Entry {
  slug: string;
  version: number;
  country: string | null;
  metadata: DatasetMetadata;
  /** The node's index counts (null for datasets harvested from other catalogues). */
  counts: { series: number | null; instances: number | null; sizeBytes: number | null };
  updatedAt: string;
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

/** A size for people: 1.2 GB, 350 MB, 12 kB (decimal units, like file managers). */
export function formatBytes(n: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${i === 0 ? v : v.toLocaleString(undefined, { maximumFractionDigits: v < 10 ? 1 : 0 })} ${units[i]}`;
}

let labelsPromise: Promise<Record<string, string>> | undefined;

/** Labels of codes (modalities, body parts, cancer types, licences, DUO…); codes until loaded. */
export function useLabels(): (code: string) => string {
  const [labels, setLabels] = useState<Record<string, string>>({});
  useEffect(() => {
    labelsPromise ??= get<Record<string, string>>('/catalogue/labels').catch(() => {
      labelsPromise = undefined;
      return {};
    });
    let live = true;
    void labelsPromise.then((l) => live && setLabels(l));
    return () => {
      live = false;
    };
  }, []);
  return (code: string) => labels[code] ?? code;
}

/** A citation of the dataset, in the style of DataCite: Publisher (year). Title (version). URL */
export function citation(e: Entry, url: string): string {
  const m = e.metadata;
  const year = (m.issued ?? e.updatedAt).slice(0, 4);
  return `${m.publisher.name} (${year}). ${m.title} (Version ${m.version}) [Data set]. cie catalogue. ${url}`;
}
