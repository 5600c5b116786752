/**
 * The node's receive path, wired: one receiver (de-identifying on receipt when the site config
 * says so) shared by the C-STORE SCP and STOW-RS, whose completed studies are indexed with the
 * ingest service, so a study sent from a PACS becomes searchable once it is stable.
 */
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import type { DeidConfig } from '../../dicom/deid/deid.config.js';
import { settingsFromConfig } from '../../dicom/deid/deid-file.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import { ingestFolder } from '../ingest/ingest.service.js';
import type { PacsConfig } from './pacs.config.js';
import { startScp, type RunningScp } from './pacs.scp.js';
import { type CompletedStudy, createReceiver, type Receiver } from './receiver.service.js';

export interface ReceivePathDeps {
  db: Kysely<NodeDB>;
  /** The node's data directory; received files go to <dataDir>/store. */
  dataDir: string;
  deid: DeidConfig;
  pacs: PacsConfig;
  log?: Logger | undefined;
}

/**
 * Index a completed study: the folders holding its files (`<store>[/<pseudonym>]/<study>`) go
 * through `ingestFolder`, one batched run each (files already indexed are skipped unread).
 */
export async function indexStudy(
  db: Kysely<NodeDB>,
  study: CompletedStudy,
  log?: Logger,
): Promise<{ indexed: number; rejected: number }> {
  let indexed = 0;
  let rejected = 0;
  for (const dir of new Set(study.files.map((f) => dirname(dirname(f))))) {
    const s = await ingestFolder(db, dir, { workers: 1, ...(log ? { logger: log } : {}) });
    indexed += s.new + s.updated + s.moved;
    rejected += s.rejected;
  }
  log?.info({ study: study.studyInstanceUid, files: study.files.length, indexed, rejected }, 'study indexed');
  return { indexed, rejected };
}

/** The node's receiver: de-identifies on receipt per `pacs.deidentifyOnReceive`, indexes complete studies. */
export function createNodeReceiver(deps: ReceivePathDeps): Receiver {
  const { db, log } = deps;
  // One study indexed at a time: a burst of completions does not start many ingest runs at once.
  let queue: Promise<unknown> = Promise.resolve();
  return createReceiver({
    storeDir: join(deps.dataDir, 'store'),
    deid: deps.pacs.deidentifyOnReceive ? settingsFromConfig(deps.deid) : undefined,
    quarantineBurnedIn: deps.pacs.quarantineBurnedIn,
    stableSeconds: deps.pacs.stableSeconds,
    onStudyComplete: (study) => {
      const next = queue.then(() =>
        indexStudy(db, study, log).catch((err: unknown) =>
          log?.error(
            { err: errorMessage(err), study: study.studyInstanceUid },
            'indexing a received study failed',
          ),
        ),
      );
      queue = next;
      return next.then(() => undefined);
    },
    log,
  });
}

/**
 * Start the DICOM SCP on the node's receiver and index (storage, query/retrieve).
 * `close()` indexes pending studies, then stops.
 */
export async function startPacs(deps: ReceivePathDeps): Promise<{ scp: RunningScp; receiver: Receiver }> {
  const receiver = createNodeReceiver(deps);
  const scp = await startScp({
    ...deps.pacs,
    receiver,
    archive: { db: deps.db, moveDestinations: deps.pacs.moveDestinations },
    log: deps.log,
  });
  return { scp, receiver };
}
