/**
 * Clinical data of the demo patients: tumour markers, grades and stages keyed by the EUCAIM
 * hyper-ontology (the search catalogue's field keys), with values that are the catalogue's
 * criterion codes or numbers, drawn only where they make sense for the cancer type.
 */
import type { CancerType } from '../../model/codes.js';
import type { Rng } from './rng.js';

const eucaim = (code: string) => `EUCAIM_Hyper-Ontology_V1.0.${code}`;

/** Clinical field keys, in the order of the clinical.csv columns. */
export const clinicalKeys = {
  gleason: eucaim('CLIN1037294'),
  isup: eucaim('CLIN1037300'),
  estrogenReceptor: eucaim('CLIN1045815'),
  progesteroneReceptor: eucaim('CLIN1046085'),
  her2: eucaim('CLIN1045851'),
  ki67: eucaim('CLIN1045913'),
  psa: eucaim('CLIN1033410'),
  cT: eucaim('CLIN1033379'),
  cN: eucaim('CLIN1033358'),
  cM: eucaim('CLIN1033341'),
  biRads: eucaim('IMG1005459'),
  /** The upstream catalogue reuses the BI-RADS key for PI-RADS by mistake; this key is ours. */
  piRads: 'cie.PIRADS',
} as const;

export const clinicalColumns: readonly string[] = Object.values(clinicalKeys);

/** Numeric clinical fields (the others hold criterion codes). */
export const numericClinicalKeys: ReadonlySet<string> = new Set([clinicalKeys.ki67, clinicalKeys.psa]);

export type ClinicalValues = Record<string, string | number>;

const positive = eucaim('COM1001310');
const negative = eucaim('COM1001332');

/** Gleason score 2..10 → criterion code. */
const gleasonCodes: Record<number, string> = {
  2: eucaim('CLIN1025818'),
  3: eucaim('CLIN1025912'),
  4: eucaim('CLIN1026007'),
  5: eucaim('CLIN1026103'),
  6: eucaim('CLIN1026200'),
  7: eucaim('CLIN1026298'),
  8: eucaim('CLIN1026397'),
  9: eucaim('CLIN1026497'),
  10: eucaim('CLIN1025725'),
};

/** ISUP grade group 1..5 → criterion code. */
const isupCodes = [
  eucaim('COM1001362'),
  eucaim('COM1001365'),
  eucaim('COM1001367'),
  eucaim('COM1001368'),
  eucaim('COM1001369'),
];

const her2Codes = {
  '0': eucaim('COM1002257'),
  '1+': eucaim('COM1001877'),
  '2+': eucaim('COM1001879'),
  '3+': eucaim('COM1001882'),
};

const cTCodes = {
  cT1: eucaim('COM1000333'),
  cT2: eucaim('COM1000351'),
  cT2a: eucaim('COM1000370'),
  cT2b: eucaim('COM1000390'),
  cT2c: eucaim('COM1000411'),
  cT3: eucaim('COM1000433'),
  cT3a: eucaim('COM1000456'),
  cT3b: eucaim('COM1000480'),
  cT4: eucaim('COM1000505'),
};
const cNCodes = { cN0: eucaim('COM1000285'), cN1: eucaim('COM1000300') };
/** The catalogue lists only metastatic cM categories: a cM0 patient has no cM value. */
const cMCodes = { cM1: eucaim('COM1000246'), cM1a: eucaim('COM1000258'), cM1b: eucaim('COM1000271') };

/** BI-RADS 0..6 → criterion code. */
const biRadsCodes = [
  eucaim('IMG1005470'),
  eucaim('IMG1005469'),
  eucaim('IMG1005468'),
  eucaim('IMG1005466'),
  eucaim('IMG1005465'),
  eucaim('IMG1005464'),
  eucaim('IMG1005463'),
];
/** PI-RADS 1..5 → criterion code. */
const piRadsCodes = [
  eucaim('IMG1005479'),
  eucaim('IMG1005478'),
  eucaim('IMG1005477'),
  eucaim('IMG1005476'),
  eucaim('IMG1005475'),
];

function stage(
  rng: Rng,
  out: ClinicalValues,
  t: Array<[keyof typeof cTCodes, number]>,
  pN1: number,
  pM1: number,
) {
  out[clinicalKeys.cT] = cTCodes[rng.weighted(t)];
  out[clinicalKeys.cN] = rng.chance(pN1) ? cNCodes.cN1 : cNCodes.cN0;
  if (rng.chance(pM1))
    out[clinicalKeys.cM] =
      cMCodes[
        rng.weighted([
          ['cM1', 2],
          ['cM1a', 1],
          ['cM1b', 1],
        ] as const)
      ];
}

function breast(rng: Rng, out: ClinicalValues): void {
  const er = rng.chance(0.75);
  out[clinicalKeys.estrogenReceptor] = er ? positive : negative;
  out[clinicalKeys.progesteroneReceptor] = er && rng.chance(0.8) ? positive : negative;
  out[clinicalKeys.her2] =
    her2Codes[
      rng.weighted([
        ['0', 30],
        ['1+', 35],
        ['2+', 20],
        ['3+', 15],
      ] as const)
    ];
  out[clinicalKeys.ki67] = Math.round(er ? rng.normal(18, 10, 2, 60) : rng.normal(45, 20, 10, 95));
  out[clinicalKeys.biRads] =
    biRadsCodes[
      rng.weighted([
        [4, 35],
        [5, 45],
        [6, 20],
      ] as const)
    ]!;
  stage(
    rng,
    out,
    [
      ['cT1', 45],
      ['cT2', 40],
      ['cT3', 10],
      ['cT4', 5],
    ],
    0.3,
    0.06,
  );
}

function prostate(rng: Rng, out: ClinicalValues): void {
  const gleason = rng.weighted([
    [6, 35],
    [7, 40],
    [8, 12],
    [9, 11],
    [10, 2],
  ] as const);
  out[clinicalKeys.gleason] = gleasonCodes[gleason]!;
  // ISUP grade groups: 6 → 1, 3+4 → 2, 4+3 → 3, 8 → 4, 9–10 → 5.
  const isup =
    gleason === 6
      ? 1
      : gleason === 7
        ? rng.weighted([
            [2, 65],
            [3, 35],
          ] as const)
        : gleason === 8
          ? 4
          : 5;
  out[clinicalKeys.isup] = isupCodes[isup - 1]!;
  const psa = gleason >= 8 ? rng.normal(25, 15, 4, 150) : rng.normal(8, 4, 2, 40);
  out[clinicalKeys.psa] = Math.round(psa * 10) / 10;
  const piRads =
    gleason === 6
      ? rng.weighted([
          [3, 40],
          [4, 45],
          [5, 15],
        ] as const)
      : rng.weighted([
          [4, 45],
          [5, 55],
        ] as const);
  out[clinicalKeys.piRads] = piRadsCodes[piRads - 1]!;
  stage(
    rng,
    out,
    gleason >= 8
      ? [
          ['cT2c', 20],
          ['cT3a', 35],
          ['cT3b', 30],
          ['cT4', 15],
        ]
      : [
          ['cT1', 30],
          ['cT2a', 30],
          ['cT2b', 20],
          ['cT2c', 15],
          ['cT3a', 5],
        ],
    gleason >= 8 ? 0.3 : 0.05,
    gleason >= 8 ? 0.15 : 0.02,
  );
}

/** Draw the clinical values of one patient. */
export function drawClinical(type: CancerType, rng: Rng): ClinicalValues {
  const out: ClinicalValues = {};
  switch (type) {
    case 'breast':
      breast(rng, out);
      break;
    case 'prostate':
      prostate(rng, out);
      break;
    case 'colon':
    case 'rectum':
      stage(
        rng,
        out,
        [
          ['cT1', 10],
          ['cT2', 20],
          ['cT3', 50],
          ['cT4', 20],
        ],
        0.5,
        0.2,
      );
      break;
    case 'lung':
      stage(
        rng,
        out,
        [
          ['cT1', 25],
          ['cT2', 30],
          ['cT3', 20],
          ['cT4', 25],
        ],
        0.5,
        0.35,
      );
      break;
    case 'liver':
      stage(
        rng,
        out,
        [
          ['cT1', 35],
          ['cT2', 35],
          ['cT3', 20],
          ['cT4', 10],
        ],
        0.15,
        0.12,
      );
      break;
    case 'glioma':
    case 'glioblastoma':
    case 'neuroblastoma':
      break;
    default: {
      const never: never = type;
      throw new Error(`unknown cancer type ${String(never)}`);
    }
  }
  return out;
}

export interface ClinicalRow {
  pseudonym: string;
  diagnosis: string;
  ageAtDiagnosis: number;
  yearOfDiagnosis: number;
  clinical: ClinicalValues;
}

export const clinicalCsvHeader = [
  'pseudonym',
  'diagnosis',
  'age_at_diagnosis',
  'year_of_diagnosis',
  ...clinicalColumns,
];

/** clinical.csv: one row per patient, empty cells where a field does not apply. */
export function clinicalCsv(rows: readonly ClinicalRow[]): string {
  const lines = [clinicalCsvHeader.join(',')];
  for (const r of rows) {
    const cells = [r.pseudonym, r.diagnosis, String(r.ageAtDiagnosis), String(r.yearOfDiagnosis)];
    for (const key of clinicalColumns) {
      const v = r.clinical[key];
      cells.push(v === undefined ? '' : String(v));
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
