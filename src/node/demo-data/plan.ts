/**
 * The plan of a corpus: every patient, study and series with its UIDs, dates and scanner, decided
 * from (site, seed, patient number) alone before a byte is written. Patient k is the same whatever
 * the corpus size, so a smaller corpus is a prefix of a larger one with the same seed.
 */
import { cancerTypes, type CancerType } from '../../model/codes.js';
import { drawClinical, type ClinicalValues } from './clinical.js';
import { cohorts } from './cohorts.js';
import { studyTemplates, type Anatomy, type SeriesTemplate, type StudyKind } from './protocols.js';
import { fnv1a, Rng } from './rng.js';
import { siteFleet, type Fleet, type Scanner } from './scanners.js';

/** UID root of the demo corpus (pydicom's organisation root, under which its users mint UIDs). */
export const demoUidRoot = '1.2.826.0.1.3680043.8.498';

/** The last day a study may fall on: the corpus must not depend on today's date. */
const lastStudyDay = Date.UTC(2025, 11, 31) / 86_400_000;
const firstDiagnosisDay = Date.UTC(2012, 0, 1) / 86_400_000;
const lastDiagnosisDay = Date.UTC(2023, 11, 31) / 86_400_000;

export interface SeriesPlan {
  number: number;
  uid: string;
  template: SeriesTemplate;
  images: number;
  /** HHMMSS */
  time: string;
  scanner: Scanner;
}

export interface StudyPlan {
  /** 1-based within the patient. */
  index: number;
  uid: string;
  frameOfReferenceUid: string;
  kind: StudyKind;
  /** YYYY-MM-DD */
  isoDate: string;
  /** YYYYMMDD */
  dicomDate: string;
  /** HHMMSS */
  time: string;
  description: string;
  patientAge: number;
  /** Tumour size relative to diagnosis (treatment response or progression). */
  lesionScale: number;
  /** `<study-date>_<patient>.<study>`: the last arcs of the study UID. */
  dirName: string;
  series: SeriesPlan[];
}

export interface Tumour {
  anatomy: Anatomy;
  centre: [number, number, number];
  radius: number;
}

export interface PatientPlan {
  /** 1-based. */
  index: number;
  pseudonym: string;
  sex: 'M' | 'F';
  birthYear: number;
  cancerType: CancerType;
  ageAtDiagnosis: number;
  yearOfDiagnosis: number;
  clinical: ClinicalValues;
  /** Body size relative to an adult (children are smaller). */
  bodyScale: number;
  weightKg: number;
  heightM: number;
  tumour: Tumour;
  studies: StudyPlan[];
}

export interface CorpusIdentity {
  site: string;
  seed: number;
}

function uidBase({ site, seed }: CorpusIdentity): string {
  return `${demoUidRoot}.${fnv1a(site.toUpperCase()) % 1_000_000}.${seed}`;
}

function isoOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function hhmmss(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join('');
}

const allTypes = Object.keys(cancerTypes) as CancerType[];

/** The first nine patients cover the nine cancer types; later ones follow the cohort shares. */
function cancerTypeOf(id: CorpusIdentity, index: number, rng: Rng): CancerType {
  if (index <= allTypes.length) return new Rng(id.seed, id.site, 'types').shuffle(allTypes)[index - 1]!;
  return rng.weighted(allTypes.map((t) => [t, cohorts[t].weight] as const));
}

function planSeries(
  base: string,
  patient: number,
  study: number,
  templates: readonly SeriesTemplate[],
  scanner: Scanner,
  petCtScanner: Scanner,
  startSeconds: number,
  rng: Rng,
): SeriesPlan[] {
  const out: SeriesPlan[] = [];
  let t = startSeconds + rng.int(120, 400);
  let previousImages = 0;
  for (const template of templates) {
    if (template.p !== undefined && !rng.chance(template.p)) continue;
    const number = out.length + 1;
    // An ADC map is computed from the diffusion series just before it: same slices.
    const images =
      template.contrast === 'ADC' && previousImages > 0
        ? previousImages
        : rng.int(template.images[0], template.images[1]);
    previousImages = images;
    out.push({
      number,
      uid: `${base}.2.${patient}.${study}.${number}`,
      template,
      images,
      time: hhmmss(t),
      scanner: template.modality === 'PT' ? petCtScanner : scanner,
    });
    t += template.derived ? rng.int(5, 30) : rng.int(150, 420);
  }
  return out;
}

function scannerFor(fleet: Fleet, kind: StudyKind, rng: Rng): Scanner {
  const machines = fleet[studyTemplates[kind].scanner];
  return rng.chance(0.7) ? machines[0]! : machines[machines.length - 1]!;
}

/** Plan patient `index` (1-based) of the corpus. */
export function planPatient(
  id: CorpusIdentity,
  index: number,
  fleet: Fleet = siteFleet(id.site, id.seed),
): PatientPlan {
  const rng = new Rng(id.seed, id.site, 'patient', index);
  const base = uidBase(id);
  const cancerType = cancerTypeOf(id, index, rng);
  const cohort = cohorts[cancerType];
  const sex = rng.chance(cohort.maleShare) ? 'M' : 'F';
  const ageAtDiagnosis = cohort.age(rng);
  const diagnosisDay = rng.int(firstDiagnosisDay, lastDiagnosisDay);
  const yearOfDiagnosis = Number(isoOfDay(diagnosisDay).slice(0, 4));
  const birthYear = yearOfDiagnosis - ageAtDiagnosis;
  const child = ageAtDiagnosis < 16;
  const bodyScale = child ? 0.45 + ageAtDiagnosis * 0.03 : rng.range(0.92, 1.08);
  const heightM = child
    ? Math.round((0.55 + ageAtDiagnosis * 0.065) * 100) / 100
    : Math.round(rng.normal(sex === 'M' ? 1.76 : 1.63, 0.07, 1.45, 2.0) * 100) / 100;
  const weightKg = child
    ? Math.round(3.5 + ageAtDiagnosis * 2.6 + rng.range(-1, 1))
    : Math.round(rng.normal(sex === 'M' ? 80 : 67, 12, 42, 140));
  const tumour = cohort.tumour(rng);
  const clinical = drawClinical(cancerType, rng);

  // Imaging days: the diagnostic work-up within a few weeks, then follow-ups.
  const days: Array<[number, StudyKind]> = [];
  let day = diagnosisDay;
  for (const [kind, p] of cohort.baseline) {
    if (days.length > 0 && !rng.chance(p)) continue;
    days.push([day, kind]);
    day += rng.int(2, 20);
  }
  const followUps = rng.int(cohort.followUps[0], cohort.followUps[1]);
  for (let i = 0; i < followUps; i++) {
    day += Math.round(rng.int(cohort.intervalMonths[0], cohort.intervalMonths[1]) * 30.44) + rng.int(-7, 7);
    if (day > lastStudyDay) break;
    days.push([day, rng.weighted(cohort.followUp)]);
  }

  const trend = rng.weighted([
    [0.8, 5],
    [1, 3],
    [1.2, 2],
  ] as const);
  const pseudonym = `${id.site.toUpperCase()}-${String(index).padStart(6, '0')}`;
  const studies = days.map(([d, kind], i): StudyPlan => {
    const s = i + 1;
    const isoDate = isoOfDay(d);
    const template = studyTemplates[kind];
    const startSeconds = rng.int(7 * 3600 + 1800, 18 * 3600);
    const scanner = scannerFor(fleet, kind, rng);
    const petCt = fleet.PETCT[0]!;
    const followUpNumber = days.filter(([dd]) => dd < d - 30).length;
    return {
      index: s,
      uid: `${base}.1.${index}.${s}`,
      frameOfReferenceUid: `${base}.4.${index}.${s}`,
      kind,
      isoDate,
      dicomDate: isoDate.replaceAll('-', ''),
      time: hhmmss(startSeconds),
      description: template.description,
      patientAge: Number(isoDate.slice(0, 4)) - birthYear,
      lesionScale: Math.max(0.3, Math.min(2, trend ** followUpNumber)),
      dirName: `${isoDate}_${index}.${s}`,
      series: planSeries(
        base,
        index,
        s,
        template.series,
        template.scanner === 'PETCT' ? petCt : scanner,
        petCt,
        startSeconds,
        rng,
      ),
    };
  });

  return {
    index,
    pseudonym,
    sex,
    birthYear,
    cancerType,
    ageAtDiagnosis,
    yearOfDiagnosis,
    clinical,
    bodyScale,
    weightKg,
    heightM,
    tumour,
    studies,
  };
}

export function instanceUid(
  id: CorpusIdentity,
  p: PatientPlan,
  st: StudyPlan,
  se: SeriesPlan,
  i: number,
): string {
  return `${uidBase(id)}.3.${p.index}.${st.index}.${se.number}.${i}`;
}

export function countInstances(p: PatientPlan): number {
  return p.studies.reduce((n, st) => n + st.series.reduce((m, se) => m + se.images, 0), 0);
}

/**
 * Plan a corpus: `patients` exactly when given, else as many patients as it takes to reach about
 * `instances` images (the count nearest the target, at least one patient).
 */
export function planCorpus(
  id: CorpusIdentity,
  size: { patients?: number; instances?: number },
): PatientPlan[] {
  const fleet = siteFleet(id.site, id.seed);
  const out: PatientPlan[] = [];
  let total = 0;
  const target = size.instances ?? 0;
  for (let i = 1; size.patients === undefined || i <= size.patients; i++) {
    const p = planPatient(id, i, fleet);
    const n = countInstances(p);
    // Stop at the patient count whose total is nearest the target.
    if (
      size.patients === undefined &&
      out.length > 0 &&
      (total >= target || total + n - target > target - total)
    )
      break;
    out.push(p);
    total += n;
  }
  return out;
}
