/** Shapes of a node dataset: its selection of the index, its states, its statistics. */
import { z } from 'zod';
import type { DatasetMetadata, DatasetStats } from '../../model/dataset-metadata.js';
import type { statsKeys } from '../../model/dataset-tasks.js';

export const datasetStates = ['draft', 'published', 'withdrawn'] as const;
export type DatasetState = (typeof datasetStates)[number];

/** Which transitions the state machine allows, from each state. */
export const allowedTransitions: Record<DatasetState, readonly DatasetState[]> = {
  draft: ['published'],
  published: ['withdrawn'],
  withdrawn: ['published'],
};

const nonEmptyText = z.string().trim().min(1, 'must not be empty');

export const datasetSelectionSchema = z.discriminatedUnion('kind', [
  /** Everything ingested from under these folders (instance.file_path prefixes). */
  z.object({
    kind: z.literal('folder'),
    prefixes: z.array(nonEmptyText).min(1, 'needs at least one folder'),
  }),
  /** These studies, by StudyInstanceUID. */
  z.object({
    kind: z.literal('studies'),
    studyUids: z
      .array(z.string().regex(/^[0-9]+(\.[0-9]+)*$/, 'must be a DICOM UID (digits and dots)'))
      .min(1, 'needs at least one study UID'),
  }),
  /** The patients matching a saved federated-search query (the Lens AST, kept as JSON). */
  z.object({
    kind: z.literal('query'),
    query: z.object({ operand: z.enum(['AND', 'OR']), children: z.array(z.unknown()) }).loose(),
  }),
]);
export type DatasetSelection = z.output<typeof datasetSelectionSchema>;

export type StoredMetadata = Omit<DatasetMetadata, (typeof statsKeys)[number]>;

/** What the node computes from its index: the catalogue statistics plus index counts. */
export interface NodeDatasetStats extends DatasetStats {
  studies: number;
  series: number;
  instances: number;
  sizeBytes: number;
}
