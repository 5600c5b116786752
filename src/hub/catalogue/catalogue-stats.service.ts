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
import {
  publishedBreakdowns,
  publishedTotals,
  type BreakdownName,
  type BreakdownRow,
} from './catalogue-stats.repository.js';
import type { CatalogueStats, StatBar } from './catalogue.views.js';

const bars = (rows: BreakdownRow[], name: BreakdownName): StatBar[] =>
  rows
    .filter((r) => r.breakdown === name)
    .map((r) => ({ value: r.value, datasets: r.datasets, subjects: r.subjects }))
    .sort((a, b) => b.subjects - a.subjects || b.datasets - a.datasets || (a.value < b.value ? -1 : 1));

/** The dashboard's figures, computed by the database over the published entries. */
export async function catalogueStats(db: Kysely<HubDB>): Promise<CatalogueStats> {
  const [t, rows] = await Promise.all([publishedTotals(db), publishedBreakdowns(db)]);
  return {
    totals: {
      datasets: t.datasets,
      subjects: t.subjects,
      studies: t.studies,
      series: t.series,
      instances: t.instances,
      sizeBytes: t.size_bytes,
      providers: t.providers,
      countries: t.countries,
    },
    byCancerType: bars(rows, 'cancerType'),
    byModality: bars(rows, 'modality'),
    byBodyPart: bars(rows, 'bodyPart'),
    byCountry: bars(rows, 'country'),
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
