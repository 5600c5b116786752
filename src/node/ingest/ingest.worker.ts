/**
 * Piscina worker: read the headers of a group of files and hash them, off the main thread. A group
 * per task (not a file) keeps the cost of messages between threads small next to the work; the
 * files of a group are examined a few at a time so that reads overlap with parsing.
 */
import { examineFile, type ExaminedFile } from '../../dicom/read-header.js';

const CONCURRENCY = 4;

export default async function examine(task: { paths: string[] }): Promise<ExaminedFile[]> {
  const out = new Array<ExaminedFile>(task.paths.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < task.paths.length) {
      const i = next++;
      out[i] = await examineFile(task.paths[i] ?? '', { hash: true });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, task.paths.length) }, lane));
  return out;
}
