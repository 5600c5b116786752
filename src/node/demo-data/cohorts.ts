/**
 * Who gets which cancer, at what age, and how they are imaged: per cancer type, the share of
 * patients, sex and age at diagnosis, the studies at diagnosis and the follow-up schedule, and
 * where the tumour sits in the phantom.
 */
import type { CancerType } from '../../model/codes.js';
import type { Anatomy, StudyKind } from './protocols.js';
import type { Rng } from './rng.js';

export interface Cohort {
  /** Relative share of the patients. */
  weight: number;
  /** Probability that a patient is male. */
  maleShare: number;
  /** Age in whole years at diagnosis. */
  age: (rng: Rng) => number;
  /** Studies at diagnosis, each with its probability. */
  baseline: ReadonlyArray<readonly [StudyKind, number]>;
  /** Follow-up study kinds, by weight. */
  followUp: ReadonlyArray<readonly [StudyKind, number]>;
  followUps: readonly [number, number];
  /** Months between follow-ups. */
  intervalMonths: readonly [number, number];
  /** The phantom the tumour lives in, and where (mm, patient LPS, phantom centred at 0). */
  tumour: (rng: Rng) => { anatomy: Anatomy; centre: [number, number, number]; radius: number };
}

const side = (rng: Rng) => (rng.chance(0.5) ? 1 : -1);

export const cohorts: Record<CancerType, Cohort> = {
  breast: {
    weight: 20,
    maleShare: 0.01,
    age: (rng) => Math.round(rng.normal(61, 12, 28, 90)),
    baseline: [
      ['mammography', 1],
      ['breastUltrasound', 0.6],
      ['breastMr', 0.8],
    ],
    followUp: [
      ['breastMr', 2],
      ['mammography', 2],
      ['breastUltrasound', 1],
    ],
    followUps: [1, 4],
    intervalMonths: [5, 12],
    tumour: (rng) => ({
      anatomy: 'breast',
      centre: [side(rng) * rng.range(65, 95), rng.range(-60, -30), rng.range(-20, 20)],
      radius: rng.range(6, 15),
    }),
  },
  colon: {
    weight: 12,
    maleShare: 0.55,
    age: (rng) => Math.round(rng.normal(68, 11, 35, 92)),
    baseline: [
      ['ctColonography', 0.4],
      ['ctAbdomenPelvis', 1],
    ],
    followUp: [['ctAbdomenPelvis', 1]],
    followUps: [2, 5],
    intervalMonths: [3, 6],
    tumour: (rng) => ({
      anatomy: 'abdomen',
      centre: [side(rng) * 80, -35, rng.range(-50, -20)],
      radius: rng.range(10, 20),
    }),
  },
  lung: {
    weight: 15,
    maleShare: 0.6,
    age: (rng) => Math.round(rng.normal(68, 9, 40, 90)),
    baseline: [
      ['ctChest', 1],
      ['petCt', 0.7],
    ],
    followUp: [
      ['ctChest', 4],
      ['petCt', 1],
    ],
    followUps: [2, 5],
    intervalMonths: [2, 4],
    tumour: (rng) => ({
      anatomy: 'chest',
      centre: [side(rng) * rng.range(60, 90), rng.range(-20, 30), rng.range(-40, 40)],
      radius: rng.range(8, 25),
    }),
  },
  prostate: {
    weight: 17,
    maleShare: 1,
    age: (rng) => Math.round(rng.normal(67, 8, 45, 88)),
    baseline: [
      ['prostateMr', 1],
      ['ctPelvis', 0.3],
    ],
    followUp: [['prostateMr', 1]],
    followUps: [1, 3],
    intervalMonths: [6, 18],
    tumour: (rng) => ({
      anatomy: 'pelvis',
      centre: [side(rng) * rng.range(4, 12), rng.range(6, 12), rng.range(-8, 8)],
      radius: rng.range(5, 11),
    }),
  },
  rectum: {
    weight: 8,
    maleShare: 0.62,
    age: (rng) => Math.round(rng.normal(65, 11, 30, 90)),
    baseline: [
      ['rectumMr', 1],
      ['ctAbdomenPelvis', 0.9],
    ],
    followUp: [
      ['rectumMr', 2],
      ['ctAbdomenPelvis', 1],
    ],
    followUps: [1, 4],
    intervalMonths: [3, 6],
    tumour: (rng) => ({
      anatomy: 'pelvis',
      centre: [side(rng) * 6, 38, rng.range(-10, 10)],
      radius: rng.range(12, 20),
    }),
  },
  liver: {
    weight: 7,
    maleShare: 0.72,
    age: (rng) => Math.round(rng.normal(66, 10, 30, 88)),
    baseline: [
      ['ctLiver', 0.8],
      ['liverMr', 0.6],
    ],
    followUp: [
      ['ctLiver', 1],
      ['liverMr', 1],
    ],
    followUps: [2, 5],
    intervalMonths: [3, 4],
    tumour: (rng) => ({
      anatomy: 'abdomen',
      centre: [rng.range(-80, -40), rng.range(-20, 20), rng.range(5, 35)],
      radius: rng.range(10, 28),
    }),
  },
  glioma: {
    weight: 6,
    maleShare: 0.56,
    age: (rng) => Math.round(rng.normal(45, 15, 18, 80)),
    baseline: [['brainMr', 1]],
    followUp: [['brainMr', 1]],
    followUps: [2, 6],
    intervalMonths: [4, 8],
    tumour: (rng) => ({
      anatomy: 'brain',
      centre: [side(rng) * rng.range(20, 40), rng.range(-30, 20), rng.range(-10, 25)],
      radius: rng.range(10, 20),
    }),
  },
  neuroblastoma: {
    weight: 7,
    maleShare: 0.55,
    // Most are diagnosed before two; almost all before ten.
    age: (rng) =>
      rng.weighted([
        [0, 30],
        [1, 22],
        [2, 15],
        [3, 11],
        [4, 8],
        [5, 5],
        [6, 3],
        [7, 2],
        [8, 2],
        [9, 1],
        [10, 1],
      ] as const),
    baseline: [
      ['paediatricAbdomenCt', 0.6],
      ['paediatricAbdomenMr', 1],
    ],
    followUp: [['paediatricAbdomenMr', 1]],
    followUps: [2, 4],
    intervalMonths: [2, 4],
    tumour: (rng) => ({ anatomy: 'abdomen', centre: [side(rng) * 55, 40, 35], radius: rng.range(25, 45) }),
  },
  glioblastoma: {
    weight: 8,
    maleShare: 0.6,
    age: (rng) => Math.round(rng.normal(63, 10, 25, 85)),
    baseline: [['brainMr', 1]],
    followUp: [['brainMr', 1]],
    followUps: [1, 4],
    intervalMonths: [2, 3],
    tumour: (rng) => ({
      anatomy: 'brain',
      centre: [side(rng) * rng.range(15, 40), rng.range(-40, 20), rng.range(-5, 25)],
      radius: rng.range(15, 25),
    }),
  },
};
