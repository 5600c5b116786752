/**
 * Piscina worker: read the headers of a group of files and hash them, off the main thread. A group
 * per task (not a file) keeps the cost of messages between threads small next to the work. The
 * thread does nothing else, so it reads with blocking calls (`openBlocking`): for files in the
 * page cache that is far cheaper than a promise and a thread-pool hop per system call.
 *
 * The ingest hands each worker several tasks ahead; they run one after another, not interleaved
 * at their awaits, so that each task's times are its own.
 *
 * It also returns the group's median time per file: reads that wait for the disk show there (a
 * cold read of a small file takes 100 µs or more, as long as all the rest), and the ingest starts
 * its read-ahead on that signal (`read-ahead.ts`).
 */
import { examineFile, openBlocking, type ExaminedFile } from '../../dicom/read-header.js';

export interface ExaminedGroup {
  files: ExaminedFile[];
  /** Median wall time to examine one file of the group. */
  medianFileMs: number;
}

async function examineGroup(paths: string[]): Promise<ExaminedGroup> {
  const files: ExaminedFile[] = [];
  const times: number[] = [];
  for (const path of paths) {
    const t = performance.now();
    files.push(await examineFile(path, { hash: true, open: openBlocking }));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { files, medianFileMs: times[times.length >> 1] ?? 0 };
}

/** The task running or queued last in this thread. */
let last: Promise<unknown> = Promise.resolve();

export default function examine(task: { paths: string[] }): Promise<ExaminedGroup> {
  const run = last.then(() => examineGroup(task.paths));
  last = run.catch(() => undefined);
  return run;
}
