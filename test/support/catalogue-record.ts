/** Released figures for catalogue tests whose records need some, but whose numbers do not matter. */
import type { ReleasedFigures } from '../../src/model/released-figures.js';

export const placeholderFigures: ReleasedFigures = {
  publication: 'released',
  policy: { threshold: 10, roundTo: 10, noise: false },
  subjects: '< 10',
  studies: '< 10',
  series: '< 10',
  instances: '< 10',
  sizeBytes: null,
  typicalAge: null,
  ageBands: [],
  sexes: [],
  conditions: [],
  modalities: [],
  bodyParts: [],
};
