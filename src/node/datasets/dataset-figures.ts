/**
 * What a dataset's figures become before they leave the node for the public catalogue
 * (docs/privacy.md, "Catalogue figures"): the node's release policy — noise when ε is set (one
 * cached draw per dataset and count, so re-publishing cannot average it away), threshold,
 * rounding, complementary suppression, nothing more when the subject count is hidden — applied by
 * the same function that releases search answers. Ages leave only as the 10-year bands whose
 * counts are shown and as a typical range (10th to 90th percentile rounded outward to whole 5
 * years); a category (sex, cancer type, modality, body part, manufacturer) is named only when its
 * count is shown. A data holder may opt a dataset into exact publication: counts are then exact,
 * ages stay banded.
 */
import type { Kysely } from 'kysely';
import type { PrivacyConfig } from '../../config/config.js';
import type { NodeDB } from '../../db/schema.js';
import { bodyPartCodes, modalityCodes, sexCodes, type SexLetter } from '../../model/codes.js';
import type { DatasetStats } from '../../model/dataset-metadata.js';
import type { FigureBar, FigurePublication, ReleasedFigures } from '../../model/released-figures.js';
import { cachedNoise } from '../privacy/noise.repository.js';
import {
  isSuppressed,
  noiseKeysOf,
  releaseCount,
  releaseResult,
  suppressionMark,
  type ReleasedStratum,
} from '../privacy/release.js';
import { rawFiguresOfSelection, type RawDatasetFigures } from './dataset-figures.repository.js';
import type { DatasetSelection } from './dataset.schema.js';

/** The noise cache's "query" of catalogue figures (search answers use their query's hash). */
export const CATALOGUE_NOISE_QUERY = 'catalogue-figures';

/** Exact publication: nothing hidden, nothing rounded, no noise. */
const exactPolicy: PrivacyConfig = { threshold: 0, roundTo: 1 };

const knownModalities = new Set(Object.values(modalityCodes).map((c) => c.code));
const knownBodyParts = new Set(Object.values(bodyPartCodes).map((c) => c.code));
const isSnomed = (c: string): boolean => /^SNOMEDCT\d{6,18}$/.test(c);
const isSex = (c: string): c is SexLetter => c in sexCodes;

const instancesKey = 'total:instances';
const manufacturerKey = (name: string): string => `manufacturer:${name}:subjects`;

export interface DatasetRelease {
  figures: ReleasedFigures;
  /** The statistics fields of the public record (DCAT), from the released figures only. */
  stats: Partial<DatasetStats>;
}

/** Two significant digits: 1,234,567 → 1,200,000. */
const twoDigits = (n: number): number => {
  if (n < 100) return n;
  const step = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / step) * step;
};

const shownBars = (strata: ReleasedStratum[], keep: (v: string) => boolean): FigureBar[] =>
  strata.flatMap((s) =>
    typeof s.subjects === 'number' && keep(s.value) ? [{ value: s.value, subjects: s.subjects }] : [],
  );

/** Apply a policy to a dataset's exact figures; `noise` gives the cached unit draw of a key. */
export function releaseFigures(
  raw: RawDatasetFigures,
  publication: FigurePublication,
  nodePolicy: PrivacyConfig,
  noise: (key: string) => number = () => 0,
): DatasetRelease {
  const policy = publication === 'exact' ? exactPolicy : nodePolicy;
  const scale = policy.epsilon ? 1 / policy.epsilon : 0;
  const released = releaseResult(raw, policy, noise);
  const shown = !isSuppressed(released.total.subjects);
  const typicalAge =
    shown && raw.ageP10 !== null && raw.ageP90 !== null
      ? { min: Math.max(0, Math.floor(raw.ageP10 / 5) * 5), max: Math.ceil(raw.ageP90 / 5) * 5 }
      : null;
  const figures: ReleasedFigures = {
    publication,
    policy: { threshold: policy.threshold, roundTo: policy.roundTo, noise: scale > 0 },
    ...released.total,
    instances: shown
      ? releaseCount(raw.instances + scale * noise(instancesKey), policy)
      : suppressionMark(policy),
    sizeBytes: shown ? (publication === 'exact' ? raw.sizeBytes : twoDigits(raw.sizeBytes)) : null,
    typicalAge,
    ageBands: shownBars(released.strata.age_band, (v) => v !== 'unknown').map((b) => ({
      min: Number(b.value),
      max: Number(b.value) + 9,
      subjects: b.subjects,
    })),
    sexes: shownBars(released.strata.sex, isSex),
    conditions: shownBars(released.strata.cancer_type, isSnomed),
    modalities: shownBars(released.strata.modality, (v) => knownModalities.has(v)),
    bodyParts: shownBars(released.strata.body_part, (v) => knownBodyParts.has(v)),
  };
  // Manufacturers are named, never counted in public: a name needs a shown subject count.
  const manufacturers = shown
    ? raw.manufacturers
        .filter(
          (m) => !isSuppressed(releaseCount(m.subjects + scale * noise(manufacturerKey(m.value)), policy)),
        )
        .map((m) => m.value)
    : [];
  const values = (bars: FigureBar[]) => bars.map((b) => b.value);
  const stats: Partial<DatasetStats> = {
    ...(typeof figures.subjects === 'number' ? { numberOfUniqueIndividuals: figures.subjects } : {}),
    ...(typeof figures.studies === 'number' ? { numberOfRecords: figures.studies } : {}),
    ...(typicalAge ? { minTypicalAge: typicalAge.min, maxTypicalAge: typicalAge.max } : {}),
    sexes: values(figures.sexes).filter(isSex),
    conditions: values(figures.conditions),
    modalities: values(figures.modalities),
    bodyParts: values(figures.bodyParts),
    manufacturers,
  };
  return { figures, stats };
}

/** The released figures of a dataset now: exact figures from the index, through the policy. */
export async function releasedFiguresOf(
  db: Kysely<NodeDB>,
  dataset: { identifier: string; selection: DatasetSelection; figure_publication: FigurePublication },
  policy: PrivacyConfig,
): Promise<DatasetRelease> {
  const raw = await rawFiguresOfSelection(db, dataset.selection);
  if (dataset.figure_publication === 'exact' || !policy.epsilon)
    return releaseFigures(raw, dataset.figure_publication, policy);
  const keys = [...noiseKeysOf(raw), instancesKey, ...raw.manufacturers.map((m) => manufacturerKey(m.value))];
  const { draws } = await cachedNoise(db, CATALOGUE_NOISE_QUERY, dataset.identifier, keys);
  return releaseFigures(raw, 'released', policy, (k) => draws.get(k) ?? 0);
}
