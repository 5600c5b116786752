/**
 * Datasets at the node: create, update, publish, withdraw. Metadata is validated on every write
 * (the error names the field), the statistics are computed from the index, and every change a
 * hub must learn of leaves a row in the push outbox in the same transaction.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import { audit } from '../../audit/audit.js';
import type { PrivacyConfig } from '../../config/config.js';
import type { NodeDB } from '../../db/schema.js';
import { parseQuery } from '../../model/query/validate.js';
import { CieError } from '../../errors.js';
import { jsonPath, parseDatasetMetadata, type DatasetMetadata } from '../../model/dataset-metadata.js';
import type { FigurePublication, ReleasedFigures } from '../../model/released-figures.js';
import {
  allowedTransitions,
  datasetSelectionSchema,
  type DatasetSelection,
  type DatasetState,
  type NodeDatasetStats,
  type StoredMetadata,
} from './dataset.schema.js';
import {
  enqueuePush,
  findDatasetById,
  findDatasetByIdentifier,
  insertDataset,
  listDatasetRows,
  reviseDataset,
  type DatasetRow,
} from './dataset.repository.js';
import type { SelectionOptions } from './dataset-selection.js';
import { statsOfSelection } from './dataset-stats.repository.js';
import { releasedFiguresOf } from './dataset-figures.js';
import { type PublishedDatasetRecord, statsKeys } from '../../model/dataset-tasks.js';

export type DatasetOptions = SelectionOptions;

export interface DatasetView {
  identifier: string;
  state: DatasetState;
  revision: number;
  selection: DatasetSelection;
  metadata: StoredMetadata;
  stats: NodeDatasetStats | null;
  /** How its figures reach the catalogue: through the privacy policy, or exact. */
  figurePublication: FigurePublication;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  withdrawnAt: Date | null;
}

export function presentDataset(row: DatasetRow): DatasetView {
  return {
    identifier: row.identifier,
    state: row.state,
    revision: row.revision,
    selection: row.selection,
    metadata: row.metadata,
    stats: row.stats,
    figurePublication: row.figure_publication,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    withdrawnAt: row.withdrawn_at,
  };
}

function parseSelection(input: unknown): DatasetSelection {
  const r = datasetSelectionSchema.safeParse(input);
  // A saved query must be one the search executor accepts (INVALID_QUERY names the bad node).
  if (r.success && r.data.kind === 'query') parseQuery(r.data.query);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({
      path: jsonPath(['selection', ...i.path]),
      message: i.message,
    }));
    throw new CieError(
      'VALIDATION_FAILED',
      `invalid dataset selection: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  return r.data;
}

/** The descriptive part of validated metadata (computed statistics are the node's, not the user's). */
function descriptive(m: DatasetMetadata): StoredMetadata {
  const out: Record<string, unknown> = { ...m };
  for (const k of statsKeys) delete out[k];
  return out as StoredMetadata;
}

const catalogueStats = (s: NodeDatasetStats): Partial<DatasetMetadata> => {
  const { studies: _a, series: _b, instances: _c, sizeBytes: _d, ...rest } = s;
  return rest;
};

/** The catalogue record of a dataset: descriptive metadata + computed statistics. */
function datasetRecord(row: DatasetRow): DatasetMetadata {
  return parseDatasetMetadata(
    { ...row.metadata, ...(row.stats ? catalogueStats(row.stats) : {}) },
    `dataset ${row.identifier}`,
  );
}

async function requireDataset(db: Kysely<NodeDB>, identifier: string): Promise<DatasetRow> {
  const row = await findDatasetByIdentifier(db, identifier);
  if (!row) throw new CieError('NOT_FOUND', `no dataset "${identifier}" on this node (see cie dataset list)`);
  return row;
}

export async function createDataset(
  db: Kysely<NodeDB>,
  input: { metadata: unknown; selection: unknown },
  opts: DatasetOptions = {},
): Promise<DatasetView> {
  const metadata = descriptive(parseDatasetMetadata(input.metadata));
  const selection = parseSelection(input.selection);
  const stats = await statsOfSelection(db, selection, opts);
  return db.transaction().execute(async (tx) => {
    if (await findDatasetByIdentifier(tx, metadata.identifier)) {
      throw new CieError(
        'CONFLICT',
        `a dataset "${metadata.identifier}" already exists; choose another identifier`,
      );
    }
    const row = await insertDataset(tx, {
      identifier: metadata.identifier,
      selection: JSON.stringify(selection),
      metadata: JSON.stringify(metadata),
      stats: JSON.stringify(stats),
      stats_computed_at: new Date(),
    });
    return presentDataset(row);
  });
}

/** Change the descriptive metadata (fields given replace those stored) and/or the selection. */
export async function updateDataset(
  db: Kysely<NodeDB>,
  identifier: string,
  change: { metadata?: Record<string, unknown> | undefined; selection?: unknown },
  opts: DatasetOptions = {},
): Promise<DatasetView> {
  const current = await requireDataset(db, identifier);
  if (change.metadata?.identifier !== undefined && change.metadata.identifier !== identifier) {
    throw new CieError(
      'VALIDATION_FAILED',
      `invalid dataset metadata: $.identifier: cannot change (it is "${identifier}")`,
    );
  }
  const metadata = change.metadata
    ? descriptive(parseDatasetMetadata({ ...current.metadata, ...change.metadata }))
    : current.metadata;
  const selection = change.selection !== undefined ? parseSelection(change.selection) : current.selection;
  const stats = change.selection !== undefined ? await statsOfSelection(db, selection, opts) : current.stats;
  return db.transaction().execute(async (tx) => {
    const row = await reviseDataset(tx, current.id, {
      metadata: JSON.stringify(metadata),
      selection: JSON.stringify(selection),
      stats: JSON.stringify(stats),
      ...(change.selection !== undefined ? { stats_computed_at: new Date() } : {}),
    });
    if (row.state === 'published') await enqueuePush(tx, row.id, row.revision, 'updated');
    return presentDataset(row);
  });
}

async function transition(db: Kysely<NodeDB>, identifier: string, to: DatasetState): Promise<DatasetView> {
  return db.transaction().execute(async (tx) => {
    const row = await requireDataset(tx, identifier);
    const allowed = allowedTransitions[row.state];
    if (!allowed.includes(to)) {
      throw new CieError(
        'ILLEGAL_TRANSITION',
        `dataset "${identifier}" is ${row.state} and cannot become ${to}; allowed: ${allowed.join(', ') || 'none'}`,
        { from: row.state, to, allowed },
      );
    }
    if (to === 'published') {
      datasetRecord(row); // the full record must be valid before anyone sees it
      if (!row.stats || row.stats.instances === 0) {
        throw new CieError(
          'VALIDATION_FAILED',
          `dataset "${identifier}" selects no images; fix its selection before publishing`,
        );
      }
    }
    const updated = await reviseDataset(tx, row.id, {
      state: to,
      ...(to === 'published'
        ? { published_at: new Date(), withdrawn_at: null }
        : { withdrawn_at: new Date() }),
    });
    await enqueuePush(tx, updated.id, updated.revision, to);
    return presentDataset(updated);
  });
}

export const publishDataset = (db: Kysely<NodeDB>, identifier: string) =>
  transition(db, identifier, 'published');
export const withdrawDataset = (db: Kysely<NodeDB>, identifier: string) =>
  transition(db, identifier, 'withdrawn');

export async function getDataset(db: Kysely<NodeDB>, identifier: string): Promise<DatasetView> {
  return presentDataset(await requireDataset(db, identifier));
}

export async function listDatasets(
  db: Kysely<NodeDB>,
  states?: readonly DatasetState[],
): Promise<DatasetView[]> {
  return (await listDatasetRows(db, states)).map(presentDataset);
}

/** The statistics a dataset has now, computed from the index (not stored). */
export async function computeDatasetStats(
  db: Kysely<NodeDB>,
  datasetId: number,
  opts: DatasetOptions = {},
): Promise<NodeDatasetStats> {
  const row = await findDatasetById(db, datasetId);
  if (!row) throw new CieError('NOT_FOUND', `no dataset with id ${datasetId}`);
  return statsOfSelection(db, row.selection, opts);
}

/** Stored (JSON) statistics equal to freshly computed ones? Value lists come sorted from SQL. */
const sameStats = (stored: NodeDatasetStats | null, fresh: NodeDatasetStats): boolean =>
  stored !== null && isDeepStrictEqual(stored, JSON.parse(JSON.stringify(fresh)));
/**
 * Recompute the statistics of every draft and published dataset (the ingest calls this after a
 * run); store those that changed and queue a push for the published ones. Returns the
 * identifiers whose statistics changed.
 */
export async function refreshDatasetStats(db: Kysely<NodeDB>, opts: DatasetOptions = {}): Promise<string[]> {
  const changed: string[] = [];
  for (const row of await listDatasetRows(db, ['draft', 'published'])) {
    const stats = await statsOfSelection(db, row.selection, opts);
    if (sameStats(row.stats, stats)) continue;
    await db.transaction().execute(async (tx) => {
      const updated = await reviseDataset(tx, row.id, {
        stats: JSON.stringify(stats),
        stats_computed_at: new Date(),
      });
      if (updated.state === 'published')
        await enqueuePush(tx, updated.id, updated.revision, 'statistics changed');
    });
    changed.push(row.identifier);
  }
  return changed;
}

/** The record to push for a dataset row (published or withdrawn), with its released figures. */
export async function pushRecordOf(
  db: Kysely<NodeDB>,
  row: DatasetRow,
  policy: PrivacyConfig,
): Promise<PublishedDatasetRecord | undefined> {
  if (row.state === 'draft' || !row.stats) return undefined;
  const { metadata, figures } = await publicRecordOf(db, row, policy);
  return {
    identifier: row.identifier,
    revision: row.revision,
    state: row.state,
    metadata,
    figures,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The catalogue record as the public sees it: descriptive metadata + released statistics. */
export async function publicRecordOf(
  db: Kysely<NodeDB>,
  row: DatasetRow,
  policy: PrivacyConfig,
): Promise<{ metadata: DatasetMetadata; figures: ReleasedFigures }> {
  const { figures, stats } = await releasedFiguresOf(db, row, policy);
  return {
    metadata: parseDatasetMetadata({ ...row.metadata, ...stats }, `dataset ${row.identifier}`),
    figures,
  };
}

/**
 * The data holder chooses how a dataset's figures are published: `released` through the node's
 * privacy policy (the default) or `exact`. Exact publication exposes exact counts of small groups
 * (docs/privacy.md), so it takes a reason and leaves an audit record naming who chose it.
 */
export async function setFigurePublication(
  db: Kysely<NodeDB>,
  identifier: string,
  choice: { publication: FigurePublication; reason: string; actor: string },
): Promise<DatasetView> {
  const reason = choice.reason.trim();
  if (choice.publication === 'exact' && reason === '') {
    throw new CieError(
      'VALIDATION_FAILED',
      'invalid figure publication: $.reason: is required for exact figures',
    );
  }
  return db.transaction().execute(async (tx) => {
    const row = await requireDataset(tx, identifier);
    if (row.figure_publication === choice.publication) return presentDataset(row);
    const updated = await reviseDataset(tx, row.id, { figure_publication: choice.publication });
    await audit(tx, {
      actor: choice.actor,
      action: `dataset.figures.${choice.publication}`,
      target: `dataset:${identifier}`,
      details: { from: row.figure_publication, to: choice.publication, reason },
    });
    if (updated.state !== 'draft')
      await enqueuePush(tx, updated.id, updated.revision, `figures ${choice.publication}`);
    return presentDataset(updated);
  });
}
