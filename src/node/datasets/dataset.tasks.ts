/**
 * The node's half of getting dataset records into the hub catalogue. The tunnel only carries
 * hub→node tasks, so the hub pulls: `datasets.pending` returns records from the outbox (bounded
 * in count and bytes, least-tried first so a bad record never hides the others), and
 * `datasets.ack` clears the rows the hub stored and records the hub's error on those it refused.
 * `datasets.figures` carries a representative's choice of released or exact figures (audited here).
 */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { PrivacyConfig } from '../../config/config.js';
import type { NodeDB } from '../../db/schema.js';
import { CieError, errorMessage } from '../../errors.js';
import type { TunnelClient } from '../tunnel/tunnel.client.js';
import { findDatasetById, markPushFailed, markPushed } from './dataset.repository.js';
import { pushRecordOf, setFigurePublication } from './dataset.service.js';
import {
  ackRequest,
  DATASETS_ACK_TASK,
  DATASETS_FIGURES_TASK,
  DATASETS_PENDING_TASK,
  type DatasetsAck,
  figuresRequest,
  MAX_PENDING_BYTES,
  MAX_PENDING_RECORDS,
  type PendingAnswer,
  pendingRequest,
  type PublishedDatasetRecord,
} from '../../model/dataset-tasks.js';

function parse<T>(schema: z.ZodType<T>, payload: unknown, task: string): T {
  const r = schema.safeParse(payload);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new CieError('BAD_REQUEST', `${task}: $.${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  return r.data;
}

/** Records waiting for the hub, least-tried and oldest first, within the limits. */
export async function pendingRecords(
  db: Kysely<NodeDB>,
  policy: PrivacyConfig,
  limit = MAX_PENDING_RECORDS,
  maxBytes = MAX_PENDING_BYTES,
): Promise<PendingAnswer> {
  const rows = await db
    .selectFrom('dataset_pending_push')
    .selectAll()
    .orderBy('attempts')
    .orderBy('enqueued_at')
    .orderBy('dataset_id')
    .limit(limit + 1)
    .execute();
  const records: PublishedDatasetRecord[] = [];
  let bytes = 0;
  for (const [i, pending] of rows.entries()) {
    if (i >= limit) return { records, more: true };
    const row = await findDatasetById(db, pending.dataset_id);
    let record: PublishedDatasetRecord | undefined;
    try {
      record = row && (await pushRecordOf(db, row, policy));
    } catch (err) {
      // An invalid stored record stays queued with its error; the others go on.
      await markPushFailed(db, pending.dataset_id, errorMessage(err));
      continue;
    }
    if (!row || !record) {
      // Deleted or still a draft: nothing for the hub.
      await markPushed(db, pending.dataset_id, pending.revision);
      continue;
    }
    const size = Buffer.byteLength(JSON.stringify(record));
    if (size > maxBytes) {
      await markPushFailed(db, row.id, `record of ${size} bytes exceeds the ${maxBytes}-byte limit`);
      continue;
    }
    if (bytes + size > maxBytes) return { records, more: true };
    bytes += size;
    records.push(record);
  }
  return { records, more: false };
}

/** Clear the outbox rows the hub stored (unless changed since); note the hub's refusals. */
export async function acknowledgeRecords(db: Kysely<NodeDB>, ack: DatasetsAck): Promise<{ cleared: number }> {
  const { stored, failed } = parse(ackRequest, ack, DATASETS_ACK_TASK);
  let cleared = 0;
  for (const s of stored) {
    const row = await db
      .selectFrom('dataset')
      .select('id')
      .where('identifier', '=', s.identifier)
      .executeTakeFirst();
    if (!row) continue;
    await markPushed(db, row.id, s.revision);
    cleared += 1;
  }
  for (const f of failed) {
    const row = await db
      .selectFrom('dataset')
      .select('id')
      .where('identifier', '=', f.identifier)
      .executeTakeFirst();
    if (row) await markPushFailed(db, row.id, `hub refused revision ${f.revision}: ${f.error}`);
  }
  return { cleared };
}

export function registerDatasetTasks(
  client: Pick<TunnelClient, 'registerTaskHandler'>,
  db: Kysely<NodeDB>,
  policy: PrivacyConfig,
): void {
  client.registerTaskHandler(DATASETS_PENDING_TASK, async (payload) => {
    const req = parse(pendingRequest, payload ?? undefined, DATASETS_PENDING_TASK);
    return pendingRecords(db, policy, req?.limit, req?.maxBytes);
  });
  client.registerTaskHandler(DATASETS_ACK_TASK, (payload) => acknowledgeRecords(db, payload as DatasetsAck));
  client.registerTaskHandler(DATASETS_FIGURES_TASK, async (payload) => {
    const { identifier, ...choice } = parse(figuresRequest, payload, DATASETS_FIGURES_TASK);
    const view = await setFigurePublication(db, identifier, choice);
    return { identifier, publication: view.figurePublication, revision: view.revision };
  });
}
