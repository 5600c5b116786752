/**
 * Piscina worker: read the headers of a group of files and hash them, off the main thread. A group
 * per task (not a file) keeps the cost of messages between threads small next to the work. The
 * thread does nothing else, so it reads with blocking calls (`openBlocking`): for files in the
 * page cache that is far cheaper than a promise and a thread-pool hop per system call.
 */
import { examineFile, openBlocking, type ExaminedFile } from '../../dicom/read-header.js';

export default async function examine(task: { paths: string[] }): Promise<ExaminedFile[]> {
  const out: ExaminedFile[] = [];
  for (const path of task.paths) out.push(await examineFile(path, { hash: true, open: openBlocking }));
  return out;
}
