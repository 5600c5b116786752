/**
 * Public figures of the catalogue for the dashboard: totals and breakdowns by cancer type,
 * modality, body part and country over published entries, plus the labels of every code the
 * web app shows (so the browser never needs the vocabularies).
 */
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import {
  accessConditions,
  accessRights,
  duoModifiers,
  duoPermissions,
  licences,
} from '../../model/catalogue-codes.js';
import { bodyPartCodes, cancerTypes, modalityCodes } from '../../model/codes.js';
import { publishedEntries } from './catalogue.repository.js';

export interface StatBar {
  value: string;
  datasets: number;
  subjects: number;
}

export interface CatalogueStats {
  totals: { datasets: number; subjects: number; studies: number; providers: number; countries: number };
  byCancerType: StatBar[];
  byModality: StatBar[];
  byBodyPart: StatBar[];
  byCountry: StatBar[];
}

function add(m: Map<string, StatBar>, value: string, subjects: number): void {
  const bar = m.get(value) ?? { value, datasets: 0, subjects: 0 };
  bar.datasets += 1;
  bar.subjects += subjects;
  m.set(value, bar);
}

const sorted = (m: Map<string, StatBar>): StatBar[] =>
  [...m.values()].sort(
    (a, b) => b.subjects - a.subjects || b.datasets - a.datasets || (a.value < b.value ? -1 : 1),
  );

/** One pass over the published entries (streamed 200 at a time). */
export async function catalogueStats(db: Kysely<HubDB>): Promise<CatalogueStats> {
  const totals = { datasets: 0, subjects: 0, studies: 0, providers: 0, countries: 0 };
  const cancer = new Map<string, StatBar>();
  const modality = new Map<string, StatBar>();
  const bodyPart = new Map<string, StatBar>();
  const country = new Map<string, StatBar>();
  const providers = new Set<string>();
  for await (const rows of publishedEntries(db)) {
    for (const row of rows) {
      const subjects = row.subjects ?? 0;
      totals.datasets += 1;
      totals.subjects += subjects;
      totals.studies += row.metadata.numberOfRecords ?? 0;
      providers.add(row.provider);
      for (const c of row.cancer_types) add(cancer, c, subjects);
      for (const c of row.modalities) add(modality, c, subjects);
      for (const c of row.body_parts) add(bodyPart, c, subjects);
      if (row.country) add(country, row.country, subjects);
    }
  }
  totals.providers = providers.size;
  totals.countries = country.size;
  return {
    totals,
    byCancerType: sorted(cancer),
    byModality: sorted(modality),
    byBodyPart: sorted(bodyPart),
    byCountry: sorted(country),
  };
}

const humanise = (code: string): string => code.charAt(0) + code.slice(1).toLowerCase().replace(/_/g, ' ');

const countries: Record<string, string> = {
  AT: 'Austria',
  BE: 'Belgium',
  CY: 'Cyprus',
  CZ: 'Czechia',
  DE: 'Germany',
  DK: 'Denmark',
  EE: 'Estonia',
  ES: 'Spain',
  FI: 'Finland',
  FR: 'France',
  GR: 'Greece',
  HR: 'Croatia',
  HU: 'Hungary',
  IE: 'Ireland',
  IT: 'Italy',
  LT: 'Lithuania',
  LU: 'Luxembourg',
  LV: 'Latvia',
  MT: 'Malta',
  NL: 'Netherlands',
  NO: 'Norway',
  PL: 'Poland',
  PT: 'Portugal',
  RO: 'Romania',
  SE: 'Sweden',
  SI: 'Slovenia',
  SK: 'Slovakia',
  BG: 'Bulgaria',
  IS: 'Iceland',
  CH: 'Switzerland',
  GB: 'United Kingdom',
};

const licenceLabels: Record<string, string> = {
  CC0: 'CC0 (public domain)',
  CC_BY_4_0: 'CC BY 4.0',
  CC_BY_NC_4_0: 'CC BY-NC 4.0',
  CC_BY_SA_4_0: 'CC BY-SA 4.0',
  CC_BY_NC_SA_4_0: 'CC BY-NC-SA 4.0',
  CC_BY_NC_ND_4_0: 'CC BY-NC-ND 4.0',
  ODBL: 'ODbL',
  PROPRIETARY: 'Proprietary',
};

/** Code → human label for everything the catalogue pages display. */
export function catalogueLabels(): Record<string, string> {
  const labels: Record<string, string> = { ...countries, M: 'Male', F: 'Female', O: 'Other', U: 'Unknown' };
  for (const c of [
    ...Object.values(cancerTypes),
    ...Object.values(modalityCodes),
    ...Object.values(bodyPartCodes),
  ]) {
    labels[c.code] = c.label;
  }
  for (const l of licences) labels[l] = licenceLabels[l] ?? l;
  for (const a of [...accessRights, ...accessConditions]) labels[a] = humanise(a);
  for (const [code, label] of Object.entries({ ...duoPermissions, ...duoModifiers })) labels[code] = label;
  return labels;
}
