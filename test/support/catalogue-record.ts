/** Index statistics for catalogue tests whose records need some, but whose counts do not matter. */
import type { NodeDatasetStats } from '../../src/node/datasets/dataset.schema.js';

export const placeholderStats: NodeDatasetStats = {
  numberOfUniqueIndividuals: 1,
  numberOfRecords: 1,
  sexes: [],
  conditions: [],
  modalities: [],
  bodyParts: [],
  manufacturers: [],
  studies: 1,
  series: 1,
  instances: 1,
  sizeBytes: 1,
};
