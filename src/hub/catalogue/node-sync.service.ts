/**
 * Pulling node dataset records into the catalogue over the tunnel: when a node comes online, and
 * then every `intervalMs`, ask each online node for `datasets.pending`, store each record as an
 * entry of the node's organisation (`receiveNodeRecord`), and answer `datasets.ack` with what was
 * stored and what was refused. A node that is offline or fails keeps its outbox and is asked
 * again on the next round; a bad record is refused alone. Nothing here throws into the hub.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { HubDB } from '../../db/schema.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { TunnelHub } from '../tunnel/tunnel.hub.js';
import { receiveNodeRecord } from './catalogue.service.js';
import {
  DATASETS_ACK_TASK,
  DATASETS_PENDING_TASK,
  type DatasetsAck,
  type PublishedDatasetRecord,
} from '../../model/dataset-tasks.js';

export const DEFAULT_SYNC_INTERVAL_MS = 30_000;
/** Pages asked of one node per round, so a busy node cannot hold a round forever. */
const MAX_PAGES = 20;

const recordShape = z.object({
  identifier: z.string().min(1),
  revision: z.number().int(),
  state: z.enum(['published', 'withdrawn']),
  metadata: z.record(z.string(), z.unknown()),
  // The released figures beside the record (checked by receiveNodeRecord, which names what is wrong).
  figures: z.unknown(),
});
const pendingShape = z.object({ records: z.array(z.unknown()), more: z.boolean() });

export interface NodeSyncOptions {
  db: Kysely<HubDB>;
  tunnel: TunnelHub;
  logger: Logger;
  intervalMs?: number;
  /** Deadline of each task (ms). */
  deadlineMs?: number;
}

export interface SyncSummary {
  stored: number;
  refused: number;
}

export class CatalogueNodeSync {
  private readonly opts: Required<Omit<NodeSyncOptions, 'logger' | 'db' | 'tunnel'>> & NodeSyncOptions;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  /** One round per node at a time; callers asking meanwhile share it. */
  private readonly running = new Map<number, Promise<SyncSummary>>();
  private stopped = false;

  constructor(opts: NodeSyncOptions) {
    this.opts = { intervalMs: DEFAULT_SYNC_INTERVAL_MS, deadlineMs: 30_000, ...opts };
  }

  start(): void {
    this.stopped = false;
    this.unsubscribe = this.opts.tunnel.onNodeOnline((n) =>
      this.syncInBackground(n.nodeId, n.organisationId),
    );
    this.timer = setInterval(() => {
      for (const n of this.opts.tunnel.onlineNodes()) this.syncInBackground(n.nodeId, n.organisationId);
    }, this.opts.intervalMs);
    this.timer.unref();
    for (const n of this.opts.tunnel.onlineNodes()) this.syncInBackground(n.nodeId, n.organisationId);
  }

  /** Stop scheduling and wait for the rounds in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.running.values()]);
  }

  private syncInBackground(nodeId: number, organisationId: number): void {
    if (this.stopped) return;
    this.syncNode(nodeId, organisationId).catch((err: unknown) =>
      this.opts.logger.warn(
        { nodeId, err: errorMessage(err) },
        'catalogue sync with node failed; retrying later',
      ),
    );
  }

  /** One round with one node: drain its outbox into the catalogue. */
  syncNode(nodeId: number, organisationId: number): Promise<SyncSummary> {
    const current = this.running.get(nodeId);
    if (current) return current;
    const round = this.drain(nodeId, organisationId).finally(() => this.running.delete(nodeId));
    this.running.set(nodeId, round);
    return round;
  }

  private async drain(nodeId: number, organisationId: number): Promise<SyncSummary> {
    const { tunnel, deadlineMs, logger } = this.opts;
    const total: SyncSummary = { stored: 0, refused: 0 };
    for (let page = 0; page < MAX_PAGES && !this.stopped; page += 1) {
      const answer = pendingShape.parse(
        await tunnel.sendTask(nodeId, DATASETS_PENDING_TASK, {}, { deadlineMs }),
      );
      if (answer.records.length === 0) break;
      const ack: DatasetsAck = { stored: [], failed: [] };
      for (const raw of answer.records) {
        const parsed = recordShape.safeParse(raw);
        if (!parsed.success) {
          const r = raw as { identifier?: unknown; revision?: unknown };
          const id = typeof r.identifier === 'string' ? r.identifier : undefined;
          logger.warn({ nodeId, identifier: id }, 'node sent a malformed dataset record');
          if (id !== undefined && typeof r.revision === 'number')
            ack.failed?.push({ identifier: id, revision: r.revision, error: 'malformed record' });
          continue;
        }
        const record = parsed.data as unknown as PublishedDatasetRecord;
        try {
          const { outcome, entry } = await receiveNodeRecord(this.opts.db, organisationId, record);
          ack.stored.push({ identifier: record.identifier, revision: record.revision });
          if (outcome !== 'unchanged')
            logger.info(
              { nodeId, slug: entry.slug, state: entry.state, outcome },
              'catalogue entry from node',
            );
        } catch (err) {
          const error = errorMessage(err).slice(0, 2000);
          logger.warn({ nodeId, identifier: record.identifier, err: error }, 'dataset record refused');
          ack.failed?.push({ identifier: record.identifier, revision: record.revision, error });
        }
      }
      await tunnel.sendTask(nodeId, DATASETS_ACK_TASK, ack, { deadlineMs });
      total.stored += ack.stored.length;
      total.refused += ack.failed?.length ?? 0;
      // Refused rows sort last at the node; stop when a page brought nothing new.
      if (!answer.more || ack.stored.length === 0) break;
    }
    return total;
  }
}
