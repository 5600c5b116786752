/**
 * The dataset tasks both ends share (docs/catalogue.md): the hub pulls the records waiting in a
 * node's outbox (`datasets.pending`), acknowledges what it stored (`datasets.ack`), and relays a
 * representative's choice of released or exact figures (`datasets.figures`).
 */
import { z } from 'zod';
import type { DatasetMetadata, DatasetStats } from './dataset-metadata.js';
import { figurePublications, type ReleasedFigures } from './released-figures.js';

/** The statistics fields that the node computes; the rest of the record is descriptive. */
export const statsKeys = [
  'numberOfUniqueIndividuals',
  'numberOfRecords',
  'minTypicalAge',
  'maxTypicalAge',
  'sexes',
  'conditions',
  'modalities',
  'bodyParts',
  'manufacturers',
] as const satisfies readonly (keyof DatasetStats)[];

/**
 * The record a node pushes to the hub for one dataset: its statistics fields and its figures are
 * the released ones (dataset-figures.ts), never the exact `NodeDatasetStats`.
 */
export interface PublishedDatasetRecord {
  identifier: string;
  revision: number;
  state: 'published' | 'withdrawn';
  metadata: DatasetMetadata;
  figures: ReleasedFigures;
  updatedAt: string;
}

export const DATASETS_PENDING_TASK = 'datasets.pending';
export const DATASETS_ACK_TASK = 'datasets.ack';
/** The hub relays a representative's choice of how a dataset's figures are published. */
export const DATASETS_FIGURES_TASK = 'datasets.figures';

/** Upper bounds of one `datasets.pending` answer (the tunnel's frame limit is 4 MiB). */
export const MAX_PENDING_RECORDS = 100;
export const MAX_PENDING_BYTES = 1024 * 1024;

export const pendingRequest = z
  .object({
    limit: z.number().int().min(1).max(MAX_PENDING_RECORDS).optional(),
    maxBytes: z.number().int().min(1024).max(MAX_PENDING_BYTES).optional(),
  })
  .optional();

export const ackRequest = z.object({
  stored: z.array(z.object({ identifier: z.string(), revision: z.number().int() })).max(1000),
  failed: z
    .array(z.object({ identifier: z.string(), revision: z.number().int(), error: z.string().max(2000) }))
    .max(1000)
    .default([]),
});

export type DatasetsAck = z.input<typeof ackRequest>;

export const figuresRequest = z.object({
  identifier: z.string().min(1),
  publication: z.enum(figurePublications),
  reason: z.string().max(2000),
  /** Who chose, as the hub names them (kept in the node's audit record). */
  actor: z.string().min(1).max(200),
});
export type DatasetsFigures = z.input<typeof figuresRequest>;

export interface PendingAnswer {
  records: PublishedDatasetRecord[];
  /** More rows wait in the outbox than this answer carries. */
  more: boolean;
}
