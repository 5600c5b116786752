/** Piscina worker: read one file's header and hash the whole file, off the main thread. */
import { examineFile, type ExaminedFile } from '../../dicom/read-header.js';

export default function examine(task: { path: string }): Promise<ExaminedFile> {
  return examineFile(task.path, { hash: true });
}
