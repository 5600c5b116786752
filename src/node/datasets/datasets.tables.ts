/** Kysely types of the node's dataset tables (migrations 0200-datasets, 0210). */
import type { ColumnType, Generated } from 'kysely';
import type { FigurePublication } from '../../model/released-figures.js';
import type { DatasetSelection, DatasetState, NodeDatasetStats, StoredMetadata } from './dataset.schema.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DatasetTable {
  id: Generated<number>;
  /** The public identifier (= metadata.identifier), unique on this node. */
  identifier: string;
  /** Bumped on every change of selection, metadata or statistics. */
  revision: Generated<number>;
  state: Generated<DatasetState>;
  /** JSON columns are written as JSON text (`JSON.stringify`), read back parsed. */
  selection: ColumnType<DatasetSelection, string, string>;
  /** The descriptive metadata (validated), without the computed statistics. */
  metadata: ColumnType<StoredMetadata, string, string>;
  stats: ColumnType<NodeDatasetStats | null, string | null, string | null>;
  stats_computed_at: Timestamp | null;
  /** `released` through the privacy policy, or `exact` by the data holder's choice (migration 0210). */
  figure_publication: ColumnType<FigurePublication, FigurePublication | undefined, FigurePublication>;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
}

/** The outbox: one row per dataset whose record must still reach the hub. */
export interface DatasetPendingPushTable {
  dataset_id: number;
  revision: number;
  reason: string;
  enqueued_at: Timestamp;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface DatasetTables {
  dataset: DatasetTable;
  dataset_pending_push: DatasetPendingPushTable;
}
