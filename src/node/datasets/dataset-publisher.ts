/**
 * Getting dataset records to the hub. The node↔hub tunnel implements `DatasetPublisher`; this
 * module drains the outbox through it whenever the hub is reachable. A record that fails stays
 * queued with its error and is retried on the next drain; a dataset that changed again while its
 * push was in flight stays queued at its newer revision.
 */
import type { Kysely } from 'kysely';
import type { PrivacyConfig } from '../../config/config.js';
import type { NodeDB } from '../../db/schema.js';
import { errorMessage } from '../../errors.js';
import { findDatasetById, markPushFailed, markPushed, pendingPushes } from './dataset.repository.js';
import { pushRecordOf } from './dataset.service.js';
import type { PublishedDatasetRecord } from '../../model/dataset-tasks.js';

export interface DatasetPublisher {
  /** Deliver one record to the hub; resolves once the hub has stored it. */
  push(record: PublishedDatasetRecord): Promise<void>;
}

export interface PushSummary {
  pushed: string[];
  failed: Array<{ identifier: string; error: string }>;
}

export async function pushPendingDatasets(
  db: Kysely<NodeDB>,
  publisher: DatasetPublisher,
  policy: PrivacyConfig,
): Promise<PushSummary> {
  const summary: PushSummary = { pushed: [], failed: [] };
  for (const pending of await pendingPushes(db)) {
    const row = await findDatasetById(db, pending.dataset_id);
    const record = row && (await pushRecordOf(db, row, policy));
    if (!row || !record) {
      await markPushed(db, pending.dataset_id, pending.revision);
      continue;
    }
    try {
      await publisher.push(record);
      await markPushed(db, row.id, record.revision);
      summary.pushed.push(row.identifier);
    } catch (err) {
      await markPushFailed(db, row.id, errorMessage(err));
      summary.failed.push({ identifier: row.identifier, error: errorMessage(err) });
    }
  }
  return summary;
}
