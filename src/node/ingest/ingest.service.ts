/**
 * Ingest DICOM files into the node's index.
 *
 * `ingestFolder` walks a tree, skips files already seen with the same size and mtime (without
 * reading them), has a worker pool parse each other file's header and hash the whole file, and
 * writes the results in batches, each batch one transaction. A run killed at any point and
 * started again ends with exactly the rows of an uninterrupted run: committed batches are
 * "unchanged" on the rerun, the rest is redone, and every write is an upsert.
 *
 * `ingestFile` / `ingestBuffer` do the same for one file already written to disk (STOW-RS,
 * C-STORE, demo), in the calling thread.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Piscina } from 'piscina';
import type { NodeDB } from '../../db/schema.js';
import { parseHeader } from '../../dicom/parse-header.js';
import { examineFile, type ExaminedFile } from '../../dicom/read-header.js';
import { DEFAULT_INGEST_BATCH } from '../../config/config.js';
import { CieError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { workerScript } from '../../worker-script.js';
import { finishRun, maxInstanceId, startRun, writeBatch } from './ingest.repository.js';
import { BatchWriter } from './batch-writer.js';
import { pruneVanished } from './prune.js';
import { planBatch } from './plan.js';
import { probeFiles } from './probe.js';
import { ReadAhead } from './read-ahead.js';
import type { ExaminedGroup } from './ingest.worker.js';
import type { BatchCounts, FileOutcome, FoundFile, IngestProgress, IngestSummary } from './ingest.types.js';
import { countFiles, walkFiles } from './walk.js';

export interface IngestOptions {
  /** Parser threads; 0 or undefined: one per core. */
  workers?: number;
  /** Files per write transaction (config `ingestBatch`). */
  batchSize?: number;
  /** Called at most every `progressIntervalMs` and after each batch. */
  onProgress?: (p: IngestProgress) => void;
  progressIntervalMs?: number;
  logger?: Logger;
}

const WORKER = new URL('./ingest.worker.ts', import.meta.url);
/** Paths looked up in the index per query while walking (and stat'ed at once when known). */
const PROBE = 512;

function outcomeOf(file: FoundFile, e: ExaminedFile): FileOutcome {
  // The worker's own stat is what was hashed; prefer it over the walk's.
  const seen: FoundFile = {
    path: file.path,
    size: e.size || file.size,
    mtimeMs: e.mtimeMs || file.mtimeMs,
    ...(file.unseen ? { unseen: true } : {}),
  };
  if (e.result.ok && e.sha256)
    return { kind: 'indexed', file: seen, sha256: e.sha256, header: e.result.header };
  if (e.result.ok)
    return { kind: 'rejected', file: seen, reason: 'UNREADABLE', message: 'the file could not be hashed' };
  return { kind: 'rejected', file: seen, reason: e.result.reason, message: e.result.message };
}

function addCounts(into: IngestSummary, c: BatchCounts): void {
  into.new += c.new;
  into.updated += c.updated;
  into.moved += c.moved;
  for (const [k, n] of Object.entries(c.rejected) as Array<[keyof BatchCounts['rejected'], number]>) {
    into.rejectedByReason[k] = (into.rejectedByReason[k] ?? 0) + n;
    into.rejected += n;
  }
}

async function writeOutcomes(
  db: Kysely<NodeDB>,
  outcomes: FileOutcome[],
  ctx: { runId: number | null; sourceRoot: string | null },
): Promise<BatchCounts> {
  const { plan, stale } = await planBatch(db, outcomes);
  return writeBatch(db, plan, stale, ctx);
}

/**
 * Files per worker task; a group also closes at GROUP_BYTES so that big files spread out (files
 * whose size is known before they are examined: changed ones, not those new to the index).
 */
const GROUP_FILES = 64;
/**
 * Tasks handed to each worker ahead (Piscina's `concurrentTasksPerWorker`; the worker runs them
 * one after another). With PGlite the main thread is busy in the database for tens of
 * milliseconds at a time, and a worker holding one task at a time idled until it was free to
 * hand out the next.
 */
const TASKS_PER_WORKER = 8;
/**
 * A worker group whose median time per file is above this read from disk: start the read-ahead
 * (which would cost a warm run up to 10%). From the page cache a 25 KB file takes 40–90 µs, up to
 * 160 µs in the first groups (before the JIT); from a cold disk 150–800 µs.
 */
const COLD_FILE_MS = 0.25;
const GROUP_BYTES = 64 * 1024 * 1024;

/** Ingest every file under `root`. Returns the run's summary. */
export async function ingestFolder(
  db: Kysely<NodeDB>,
  root: string,
  opts: IngestOptions = {},
): Promise<IngestSummary> {
  const absRoot = resolve(root);
  const rootStat = await stat(absRoot).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    throw new CieError(
      'NOT_FOUND',
      `${absRoot} is not a readable directory: give the folder that holds the DICOM files`,
    );
  }
  const started = performance.now();
  const script = workerScript(WORKER);
  const runId = await startRun(db, absRoot);
  // Rows above this id are written by this run (or by another source meanwhile): not pruned.
  const lastIdBefore = await maxInstanceId(db);
  const summary: IngestSummary = {
    root: absRoot,
    runId,
    files: 0,
    new: 0,
    updated: 0,
    moved: 0,
    unchanged: 0,
    removed: 0,
    rejected: 0,
    rejectedByReason: {},
    bytes: 0,
    durationMs: 0,
    instancesPerSecond: 0,
    megabytesPerSecond: 0,
  };
  let total: number | undefined;
  // The total only serves the progress bar: no second walk without one.
  const counting = opts.onProgress
    ? countFiles(absRoot).then(
        (n) => (total = n),
        () => undefined,
      )
    : Promise.resolve();
  let lastProgress = 0;
  const progress = (force: boolean): void => {
    if (!opts.onProgress) return;
    const now = performance.now();
    if (!force && now - lastProgress < (opts.progressIntervalMs ?? 250)) return;
    lastProgress = now;
    opts.onProgress({
      done: summary.files,
      total,
      new: summary.new,
      updated: summary.updated,
      moved: summary.moved,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
      bytes: summary.bytes,
      elapsedMs: now - started,
    });
  };

  const onError = (path: string, err: unknown): void => opts.logger?.warn({ path, err }, 'cannot read');
  const threads = opts.workers && opts.workers > 0 ? opts.workers : availableParallelism();
  const { filename, execArgv } = await script;
  const pool = new Piscina({
    filename,
    execArgv,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: TASKS_PER_WORKER,
    idleTimeout: 1000,
  });
  /** Started once a worker's reads show that the files come from disk, not the page cache. */
  let readAhead: ReadAhead | undefined;
  /** The files of the last index lookup, given to the read-ahead when it starts. */
  let lastProbed: string[] = [];
  const batchSize = opts.batchSize ?? DEFAULT_INGEST_BATCH;
  const writer = new BatchWriter(async (batch) => {
    addCounts(summary, await writeOutcomes(db, batch, { runId, sourceRoot: absRoot }));
    summary.files += batch.length;
    opts.logger?.debug({ batch: batch.length, files: summary.files }, 'ingest batch committed');
    progress(true);
  }, batchSize);
  const maxInFlight = threads * TASKS_PER_WORKER * 2;
  const inFlight = new Set<Promise<void>>();
  let group: FoundFile[] = [];
  let groupBytes = 0;
  /** A worker that failed (not a file: examineFile never throws) stops the run. */
  let workerFailure: { error: unknown } | undefined;
  /** Hand the current group of files to a worker; its outcomes go to the writer. */
  const dispatch = async (): Promise<void> => {
    if (group.length === 0) return;
    const files = group;
    group = [];
    groupBytes = 0;
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    if (workerFailure) throw workerFailure.error;
    await writer.room();
    const task = (pool.run({ paths: files.map((f) => f.path) }) as Promise<ExaminedGroup>).then(
      ({ files: examined, medianFileMs }) => {
        if (!readAhead && medianFileMs > COLD_FILE_MS) {
          readAhead = new ReadAhead();
          readAhead.add(lastProbed);
        }
        const outcomes = files.map((f, i) => {
          const e = examined[i] as ExaminedFile;
          summary.bytes += e.size;
          return outcomeOf(f, e);
        });
        writer.push(outcomes);
      },
      (error: unknown) => {
        workerFailure ??= { error };
      },
    );
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };
  try {
    let probe: string[] = [];
    const handleProbe = async (): Promise<void> => {
      const { toExamine, unchanged } = await probeFiles(db, probe, onError);
      summary.unchanged += unchanged;
      summary.files += unchanged;
      lastProbed = toExamine.map((f) => f.path);
      readAhead?.add(lastProbed);
      for (const f of toExamine) {
        group.push(f);
        groupBytes += f.size;
        if (group.length >= GROUP_FILES || groupBytes >= GROUP_BYTES) await dispatch();
      }
      probe = [];
      progress(false);
    };
    for await (const p of walkFiles(absRoot, { onError })) {
      probe.push(p);
      if (probe.length >= PROBE) await handleProbe();
    }
    await handleProbe();
    await dispatch();
    await Promise.all(inFlight);
    if (workerFailure) throw workerFailure.error;
    await writer.finish();
  } finally {
    await Promise.all(inFlight);
    await writer.close();
    await pool.destroy();
    await readAhead?.close();
  }
  summary.removed = (await pruneVanished(db, absRoot, lastIdBefore)).instances;
  await counting;
  const durationMs = performance.now() - started;
  summary.durationMs = Math.round(durationMs);
  const indexed = summary.new + summary.updated + summary.moved;
  summary.instancesPerSecond = Math.round((indexed / durationMs) * 1000);
  summary.megabytesPerSecond = Math.round((summary.bytes / 1e6 / (durationMs / 1000)) * 10) / 10;
  await finishRun(db, runId, summary);
  progress(true);
  return summary;
}

/** Ingest one file already on disk, in this thread (no pool). */
export async function ingestFile(
  db: Kysely<NodeDB>,
  path: string,
  opts: { sourceRoot?: string } = {},
): Promise<{ outcome: FileOutcome; counts: BatchCounts }> {
  const abs = resolve(path);
  const e = await examineFile(abs, { hash: true });
  const outcome = outcomeOf({ path: abs, size: e.size, mtimeMs: e.mtimeMs }, e);
  const counts = await writeOutcomes(db, [outcome], { runId: null, sourceRoot: opts.sourceRoot ?? null });
  return { outcome, counts };
}

/**
 * Ingest a file whose bytes are in memory and that has already been written at `path` (e.g. a
 * STOW-RS part saved to storage): parses and hashes the buffer, not the disk.
 */
export async function ingestBuffer(
  db: Kysely<NodeDB>,
  bytes: Uint8Array,
  path: string,
  opts: { sourceRoot?: string } = {},
): Promise<{ outcome: FileOutcome; counts: BatchCounts }> {
  const abs = resolve(path);
  const st = await stat(abs);
  const file = { path: abs, size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
  const result = parseHeader(bytes);
  const outcome: FileOutcome = result.ok
    ? {
        kind: 'indexed',
        file,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        header: result.header,
      }
    : { kind: 'rejected', file, reason: result.reason, message: result.message };
  const counts = await writeOutcomes(db, [outcome], { runId: null, sourceRoot: opts.sourceRoot ?? null });
  return { outcome, counts };
}
