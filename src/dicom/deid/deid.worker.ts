/** Piscina worker of `deidentifyTree`: de-identifies a batch of files, reading and writing them here. */
import { join } from 'node:path';
import { workerData } from 'node:worker_threads';
import {
  type DeidTask,
  type DeidWorkerData,
  deidentifyFileTo,
  type FileResult,
  settingsFromConfig,
} from './deid-file.js';

const { config } = workerData as DeidWorkerData;
// One remapper per thread: its UID/pseudonym memo serves every batch this thread gets.
const settings = settingsFromConfig(config);

export default function deidentifyBatch(task: DeidTask): FileResult[] {
  return task.files.map((rel) =>
    deidentifyFileTo(join(task.input, rel), rel, task.output, settings, config.quarantineBurnedIn),
  );
}
