/**
 * A seeded, realistic little node index for search tests: patients with sex, diagnosis, age and
 * year at diagnosis, clinical observations (Gleason, PSA, receptors, stages, BI-RADS, PI-RADS),
 * studies and series (modality, body part, manufacturer) — including the awkward cases: patients
 * without clinical data or studies, studies without series, series without modality or body part
 * or with a local code outside the field catalogue.
 * The same objects are inserted into the index and given to the in-memory evaluator
 * (`search-oracle.ts`), which computes the expected counts without SQL.
 */
import type { Kysely } from 'kysely';
import {
  bodyPartCodes,
  cancerTypes,
  modalityCodes,
  sexCodes,
  type CancerType,
  type SexLetter,
} from '../../src/model/codes.js';
import type { NodeDB } from '../../src/db/schema.js';
import { piradsKey } from '../../src/model/search-fields.additions.js';

export interface FxSeries {
  modality_code: string | null;
  body_part_code: string | null;
  manufacturer_code: string | null;
}
export interface FxStudy {
  series: FxSeries[];
}
export interface FxObservation {
  key: string;
  value_code: string | null;
  value_num: number | null;
}
export interface FxPatient {
  pseudonym: string;
  sex: SexLetter;
  sex_code: string;
  clinical: {
    diagnosis_code: string | null;
    age_at_diagnosis: number | null;
    year_of_diagnosis: number | null;
  } | null;
  observations: FxObservation[];
  studies: FxStudy[];
}

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const H = 'EUCAIM_Hyper-Ontology_V1.0.';
export const obsKeys = {
  gleason: `${H}CLIN1037294`,
  psa: `${H}CLIN1033410`,
  er: `${H}CLIN1045815`,
  her2: `${H}CLIN1045851`,
  ki67: `${H}CLIN1045913`,
  cT: `${H}CLIN1033379`,
  birads: `${H}IMG1005459`,
  pirads: piradsKey,
} as const;
const gleasonCodes = ['CLIN1026200', 'CLIN1026298', 'CLIN1026397', 'CLIN1026497'].map((c) => H + c);
const cTCodes = ['COM1000333', 'COM1000351', 'COM1000433', 'COM1000505'].map((c) => H + c);
const biradsCodes = ['IMG1005469', 'IMG1005468', 'IMG1005466', 'IMG1005465', 'IMG1005464'].map((c) => H + c);
const piradsCodes = ['IMG1005479', 'IMG1005478', 'IMG1005477', 'IMG1005476', 'IMG1005475'].map((c) => H + c);
const posNeg = [`${H}COM1001310`, `${H}COM1001332`];
const her2Codes = ['COM1002257', 'COM1001877', 'COM1001879', 'COM1001882'].map((c) => H + c);
const manufacturers = ['C200140', 'birnlex_3066', 'birnlex_12833', 'birnlex_3065', 'birnlex_3067'];

/** Per cancer type: typical modalities and body parts (DICOM terms) and age at diagnosis. */
const profiles: Record<
  CancerType,
  { modalities: string[]; parts: string[]; age: [number, number]; sex?: SexLetter }
> = {
  breast: { modalities: ['MG', 'MR', 'US'], parts: ['BREAST'], age: [35, 85], sex: 'F' },
  colon: { modalities: ['CT'], parts: ['COLON', 'ABDOMEN'], age: [45, 90] },
  lung: { modalities: ['CT', 'PT'], parts: ['LUNG', 'CHEST'], age: [45, 88] },
  prostate: { modalities: ['MR'], parts: ['PROSTATE', 'PELVIS'], age: [48, 85], sex: 'M' },
  rectum: { modalities: ['MR', 'CT'], parts: ['RECTUM', 'PELVIS'], age: [40, 88] },
  liver: { modalities: ['CT', 'MR'], parts: ['LIVER', 'ABDOMEN'], age: [40, 85] },
  glioma: { modalities: ['MR'], parts: ['BRAIN', 'HEAD'], age: [18, 75] },
  neuroblastoma: { modalities: ['MR', 'CT', 'NM'], parts: ['ADRENAL', 'ABDOMEN'], age: [0, 9] },
  glioblastoma: { modalities: ['MR'], parts: ['BRAIN'], age: [30, 85] },
};

export function generateSearchFixture(seed: number, patients: number): FxPatient[] {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const types = Object.keys(cancerTypes) as CancerType[];
  const out: FxPatient[] = [];
  for (let i = 0; i < patients; i++) {
    const type = pick(types);
    const prof = profiles[type];
    const sex: SexLetter = prof.sex ?? (r() < 0.03 ? pick(['O', 'U'] as const) : pick(['M', 'F'] as const));
    const age = int(prof.age[0], prof.age[1]);
    const clinical =
      r() < 0.08
        ? null
        : {
            diagnosis_code: r() < 0.05 ? null : cancerTypes[type].code,
            age_at_diagnosis: r() < 0.05 ? null : age,
            year_of_diagnosis: r() < 0.05 ? null : int(2005, 2024),
          };
    const observations: FxObservation[] = [];
    const coded = (key: string, codes: string[], p = 0.8): void => {
      if (r() < p) observations.push({ key, value_code: pick(codes), value_num: null });
    };
    if (type === 'prostate') {
      coded(obsKeys.gleason, gleasonCodes);
      coded(obsKeys.pirads, piradsCodes);
      if (r() < 0.8)
        observations.push({ key: obsKeys.psa, value_code: null, value_num: Math.round(r() * 400) / 10 });
    }
    if (type === 'breast') {
      coded(obsKeys.er, posNeg);
      coded(obsKeys.her2, her2Codes);
      coded(obsKeys.birads, biradsCodes);
      if (r() < 0.7) observations.push({ key: obsKeys.ki67, value_code: null, value_num: int(1, 90) });
    }
    if (type !== 'neuroblastoma') coded(obsKeys.cT, cTCodes, 0.5);
    const studies: FxStudy[] = [];
    const nStudies = r() < 0.04 ? 0 : int(1, 4);
    for (let s = 0; s < nStudies; s++) {
      const series: FxSeries[] = [];
      const nSeries = r() < 0.04 ? 0 : int(1, 5);
      const studyModality = pick(prof.modalities);
      for (let k = 0; k < nSeries; k++) {
        const modality = r() < 0.15 ? pick(Object.keys(modalityCodes)) : studyModality;
        const part = r() < 0.1 ? pick(Object.keys(bodyPartCodes)) : pick(prof.parts);
        // now and then a local code outside the field catalogue (written around ingest)
        const m = r();
        const b = r();
        series.push({
          modality_code:
            m < 0.04 ? null : m < 0.05 ? 'LOCAL.MODALITY' : (modalityCodes[modality]?.code ?? null),
          body_part_code: b < 0.06 ? null : b < 0.07 ? 'LOCAL.BODYPART' : (bodyPartCodes[part]?.code ?? null),
          manufacturer_code: r() < 0.1 ? null : pick(manufacturers),
        });
      }
      studies.push({ series });
    }
    out.push({
      pseudonym: `FX${seed}-${i}`,
      sex,
      sex_code: sexCodes[sex].code,
      clinical,
      observations,
      studies,
    });
  }
  return out;
}

/**
 * Patients followed for years, with more search rows (series, or studies without series) than a
 * row bitmask holds (62, migration 0303) and at the limit: 62, 63 and 90 rows, mixing modalities,
 * body parts and manufacturers, with and without a code outside the catalogue.
 */
export function longFollowUpPatients(seed: number): FxPatient[] {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const series = (): FxSeries => ({
    modality_code: r() < 0.05 ? 'LOCAL.MODALITY' : (pick(Object.values(modalityCodes))?.code ?? null),
    body_part_code: r() < 0.1 ? null : (pick(Object.values(bodyPartCodes))?.code ?? null),
    manufacturer_code: pick(manufacturers),
  });
  return [62, 63, 90].map((rows, i) => {
    // one study without series (one row), then `rows - 1` series in studies of a few each
    const studies: FxStudy[] = [{ series: [] }];
    let current: FxStudy | undefined;
    for (let n = 1; n < rows; n++) {
      if (current && r() >= 0.2) current.series.push(series());
      else studies.push((current = { series: [series()] }));
    }
    const sex: SexLetter = i % 2 ? 'F' : 'M';
    return {
      pseudonym: `LONG${seed}-${rows}`,
      sex,
      sex_code: sexCodes[sex].code,
      clinical: { diagnosis_code: cancerTypes.lung.code, age_at_diagnosis: 60 + i, year_of_diagnosis: 2015 },
      observations: [{ key: obsKeys.cT, value_code: cTCodes[i % cTCodes.length] ?? null, value_num: null }],
      studies,
    };
  });
}

/** Insert the fixture into a node index (patients, clinical rows, observations, studies, series). */
export async function insertSearchFixture(db: Kysely<NodeDB>, patients: FxPatient[]): Promise<void> {
  let uid = 0;
  const chunk = <T>(xs: T[], n = 500): T[][] =>
    Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
  await db.transaction().execute(async (tx) => {
    const ids: number[] = [];
    for (const part of chunk(patients)) {
      const rows = await tx
        .insertInto('patient')
        .values(
          part.map((p) => ({ pseudonym: p.pseudonym, sex: p.sex, sex_code: p.sex_code, birth_year: null })),
        )
        .returning(['id', 'pseudonym'])
        .execute();
      const byName = new Map(rows.map((r) => [r.pseudonym, r.id]));
      for (const p of part) ids.push(byName.get(p.pseudonym) as number);
    }
    const clinical = patients.flatMap((p, i) =>
      p.clinical ? [{ patient_id: ids[i] as number, ...p.clinical }] : [],
    );
    for (const part of chunk(clinical)) await tx.insertInto('patient_clinical').values(part).execute();
    const obs = patients.flatMap((p, i) =>
      p.observations.map((o) => ({ patient_id: ids[i] as number, ...o })),
    );
    for (const part of chunk(obs)) await tx.insertInto('clinical_observation').values(part).execute();
    const studies = patients.flatMap((p, i) =>
      p.studies.map((st) => ({ st, uid: `1.2.826.0.1.${++uid}`, patient_id: ids[i] as number })),
    );
    const studyIds = new Map<string, number>();
    for (const part of chunk(studies)) {
      const rows = await tx
        .insertInto('study')
        .values(
          part.map((s) => ({
            patient_id: s.patient_id,
            study_uid: s.uid,
            study_date: null,
            description: null,
            patient_age: null,
          })),
        )
        .returning(['id', 'study_uid'])
        .execute();
      for (const r of rows) studyIds.set(r.study_uid, r.id);
    }
    const series = studies.flatMap((s) =>
      s.st.series.map((x) => ({
        study_id: studyIds.get(s.uid) as number,
        series_uid: `1.2.826.0.2.${++uid}`,
        modality: null,
        body_part: null,
        manufacturer: null,
        model: null,
        description: null,
        slice_thickness: null,
        ...x,
      })),
    );
    for (const part of chunk(series)) await tx.insertInto('series').values(part).execute();
  });
}
