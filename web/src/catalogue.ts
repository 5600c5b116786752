/** The public catalogue API as the web app sees it, and the code → label map the hub provides. */
import { useEffect, useState } from 'react';
import { get, type Wire } from './api';
import type {
  CatalogueSearchItem,
  CatalogueSearchResult,
  CatalogueStats as ServerStats,
  EntryView,
  StatBar as ServerStatBar,
} from '../../src/hub/catalogue/catalogue.views.js';
import type { FacetName } from '../../src/model/catalogue-facets';

export { facetNames, type FacetName } from '../../src/model/catalogue-facets';

export type SearchItem = Wire<CatalogueSearchItem>;
export type SearchResult = Wire<CatalogueSearchResult>;
export type Entry = Wire<EntryView>;
export type DatasetMetadata = Entry['metadata'];
export type StatBar = Wire<ServerStatBar>;
export type CatalogueStats = Wire<ServerStats>;

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
