/**
 * For bench/catalogue.ts: a synthetic catalogue record as a node publishes it now — exact figures
 * made up from the record's own numbers (sexes, age bands over its age range, one cancer type,
 * its modalities and body parts), released under the default policy by the node's own code.
 */
import type { PrivacyConfig } from '../src/config/config.js';
import { parseDatasetMetadata, type DatasetMetadata } from '../src/model/dataset-metadata.js';
import type { ReleasedFigures } from '../src/model/released-figures.js';
import type { RawDatasetFigures } from '../src/node/datasets/dataset-figures.repository.js';
import { releaseFigures } from '../src/node/datasets/dataset-figures.js';
import { statsKeys } from '../src/model/dataset-tasks.js';

const policy: PrivacyConfig = { threshold: 10, roundTo: 10 };

function rawFiguresOf(m: DatasetMetadata): RawDatasetFigures {
  const n = m.numberOfUniqueIndividuals ?? 0;
  const studies = Math.round(n * 1.1);
  const counts = (subjects: number) => ({
    subjects,
    studies: Math.round(subjects * 1.1),
    series: Math.round(subjects * 3.3),
  });
  const sexes = m.sexes ?? [];
  const lo = m.minTypicalAge ?? 40;
  const hi = m.maxTypicalAge ?? 70;
  const bands: number[] = [];
  for (let b = Math.floor(lo / 10) * 10; b <= hi; b += 10) bands.push(b);
  const share = (k: number, i: number, total: number) =>
    i === k - 1 ? total - Math.floor(total / k) * (k - 1) : Math.floor(total / k);
  return {
    total: { ...counts(n), studies, ageMin: null, ageMax: null },
    strata: {
      sex: sexes.map((value, i) => ({ value, ...counts(share(sexes.length, i, n)) })),
      age_band: bands.map((b, i) => ({ value: String(b), ...counts(share(bands.length, i, n)) })),
      cancer_type: (m.conditions ?? []).map((value) => ({ value, ...counts(n) })),
      modality: (m.modalities ?? []).map((value) => ({ value, ...counts(n) })),
      body_part: (m.bodyParts ?? []).map((value) => ({ value, ...counts(n) })),
    },
    instances: studies * 120,
    sizeBytes: studies * 120 * 500_000,
    ageP10: lo,
    ageP90: hi,
    manufacturers: [],
  };
}

/** The record and figures a node would push for `exact` (its statistics computed from the index). */
export function releasedRecord(exact: DatasetMetadata): {
  metadata: DatasetMetadata;
  figures: ReleasedFigures;
} {
  const { figures, stats } = releaseFigures(rawFiguresOf(exact), 'released', policy);
  const descriptive: Partial<DatasetMetadata> = { ...exact };
  for (const k of statsKeys) delete descriptive[k];
  return { metadata: parseDatasetMetadata({ ...descriptive, ...stats }), figures };
}
