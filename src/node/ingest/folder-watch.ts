/**
 * Folder ingest that keeps going: index a folder now, then again every `everyMs` (`cie node run
 * --watch <folder>`). A rescan reads only new and changed files (the index remembers size and
 * mtime), so a periodic walk is cheap, and it works on network shares where inotify does not.
 * Datasets follow the index after each scan that changed something. A failed scan is logged and
 * retried at the next tick; it never stops the node.
 */
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import { refreshDatasetStats } from '../datasets/dataset.service.js';
import { ingestFolder } from './ingest.service.js';
import type { IngestSummary } from './ingest.types.js';

export interface FolderWatch {
  /** Stop rescanning; waits for a scan in progress. */
  stop(): Promise<void>;
}

export function watchFolder(
  db: Kysely<NodeDB>,
  root: string,
  o: {
    everyMs: number;
    workers?: number;
    batchSize?: number;
    logger: Logger;
    onScan?: (s: IngestSummary) => void;
  },
): FolderWatch {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const scan = async (): Promise<void> => {
    try {
      const s = await ingestFolder(db, root, {
        ...(o.workers !== undefined ? { workers: o.workers } : {}),
        ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}),
        logger: o.logger,
      });
      if (s.new + s.updated + s.moved + s.removed > 0) {
        await refreshDatasetStats(db);
        o.logger.info(
          { root, new: s.new, updated: s.updated, moved: s.moved, removed: s.removed, rejected: s.rejected },
          'watched folder indexed',
        );
      }
      o.onScan?.(s);
    } catch (err) {
      o.logger.error({ root, err: errorMessage(err) }, 'scanning the watched folder failed; retrying later');
    }
  };
  let running = scan();
  const next = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = scan().then(next);
    }, o.everyMs);
  };
  void running.then(next);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
