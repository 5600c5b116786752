/**
 * Batch de-identification of a file or folder tree: every file is de-identified on its own (one
 * unreadable file never stops the run), written atomically under
 * `<out>/<pseudonym>/<study>/<series>/<instance>.dcm`, or under `<out>/_quarantine/…` when its
 * pixels may carry burned-in text. The report counts what happened and why.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { Piscina } from 'piscina';
import { CieError } from '../../errors.js';
import { workerScript } from '../../worker-script.js';
import type { DeidConfig } from './deid.config.js';
import { deidentifyFileTo, settingsFromConfig } from './deid-file.js';
import type { DeidTask, DeidWorkerData, FileResult } from './deid-file.js';

export interface DeidFailure {
  file: string;
  code: string;
  message: string;
}

export interface DeidReport {
  files: number;
  written: number;
  quarantined: { file: string; output: string | undefined; reasons: string[] }[];
  failed: DeidFailure[];
  failuresByReason: Record<string, number>;
  warnings: Record<string, number>;
  patients: number;
  bytesIn: number;
  bytesOut: number;
  seconds: number;
  instancesPerSecond: number;
  mbPerSecond: number;
}

export interface DeidRunOptions {
  input: string;
  output: string;
  config: DeidConfig;
  /** Called after each file with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Called with the pseudonym and original PatientID of each de-identified file (key table). */
  onPseudonym?: (pseudonym: string, originalPatientId: string) => void;
  /**
   * Worker threads besides this one (0: this thread only); default one per core but one (this
   * thread works too) for trees of POOL_MIN_FILES files or more.
   */
  workers?: number;
  /** With workers: every file goes to them and this thread only merges (its event loop stays free). */
  workersOnly?: boolean;
}

/** Every regular file under a path (the path itself when it is a file), sorted for stable runs. */
export function listFiles(path: string, skip?: string): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    if (skip && (p === skip || p.startsWith(skip + sep))) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name));
    else if (st.isFile()) out.push(p);
  };
  walk(path);
  return out;
}

const WORKER = new URL('./deid.worker.ts', import.meta.url);
/** Files per worker task: enough to amortise the message round trip, small enough to balance. */
const CHUNK = 64;
/**
 * Below this many files, threads cost more to start than they save (`bench/deid-pool.ts`, 2
 * cores, 25 KB files: one worker beside this thread is slower at 1,000 files and ~1.25× faster
 * from 2,000; a worker per core, three threads on two cores, was no faster than one).
 */
const POOL_MIN_FILES = 2000;

function emptyReport(files: number): DeidReport {
  return {
    files,
    written: 0,
    quarantined: [],
    failed: [],
    failuresByReason: {},
    warnings: {},
    patients: 0,
    bytesIn: 0,
    bytesOut: 0,
    seconds: 0,
    instancesPerSecond: 0,
    mbPerSecond: 0,
  };
}

function addResult(report: DeidReport, patients: Set<string>, run: DeidRunOptions, r: FileResult): void {
  report.bytesIn += r.bytesIn;
  if (!r.ok) {
    report.failed.push({ file: r.file, code: r.code, message: r.message });
    report.failuresByReason[r.code] = (report.failuresByReason[r.code] ?? 0) + 1;
    return;
  }
  for (const w of r.warnings) {
    const code = w.split(':')[0] ?? w;
    report.warnings[code] = (report.warnings[code] ?? 0) + 1;
  }
  report.bytesOut += r.bytesOut;
  patients.add(r.pseudonym);
  if (r.originalPatientId !== undefined) run.onPseudonym?.(r.pseudonym, r.originalPatientId);
  if (r.quarantined) report.quarantined.push({ file: r.file, output: r.output, reasons: r.reasons });
  else report.written += 1;
}

/**
 * De-identify a file or folder tree. Large trees are spread over a pool of worker threads (one
 * per core by default), each reading, de-identifying and writing whole files; results are merged
 * in input order, so the report (and every output byte) is the same as a single-thread run.
 */
export async function deidentifyTree(run: DeidRunOptions): Promise<DeidReport> {
  const settings = settingsFromConfig(run.config);
  const input = resolve(run.input);
  const output = resolve(run.output);
  // Output inside the input tree is allowed (skipped while listing), the same folder is not.
  if (input === output)
    throw new CieError('BAD_REQUEST', 'the output folder must differ from the input folder');
  if (!existsSync(input)) {
    throw new CieError('NOT_FOUND', `${run.input} does not exist: give a DICOM file or folder`);
  }
  const files = listFiles(input, output);
  const started = process.hrtime.bigint();
  const report = emptyReport(files.length);
  const patients = new Set<string>();
  const relOf = (file: string): string => relative(input, file) || file;
  const workers =
    run.workers ?? (files.length >= POOL_MIN_FILES ? Math.max(1, availableParallelism() - 1) : 0);
  const chunks: string[][] = [];
  for (let i = 0; i < files.length; i += CHUNK) chunks.push(files.slice(i, i + CHUNK));
  const results: FileResult[][] = new Array<FileResult[]>(chunks.length);
  let next = 0;
  let done = 0;
  let chunksDone = 0;
  let allDone = (): void => undefined;
  const everyChunk = new Promise<void>((res) => (allDone = res));
  const finished = (i: number, r: FileResult[]): void => {
    results[i] = r;
    done += r.length;
    run.onProgress?.(done, files.length);
    if (++chunksDone === chunks.length) allDone();
  };
  // This thread's lane: it starts at once and keeps taking chunks, so a small tree is done
  // before worker threads have even started.
  const here = async (withPool: boolean): Promise<void> => {
    for (let i = next++; i < chunks.length; i = next++) {
      const r: FileResult[] = [];
      for (const file of chunks[i] ?? []) {
        r.push(deidentifyFileTo(file, relOf(file), output, settings, run.config.quarantineBurnedIn));
        // Let the event loop hand finished workers their next chunk between files.
        if (withPool) await new Promise<void>((res) => setImmediate(res));
      }
      finished(i, r);
    }
  };
  const script = workers > 0 ? await workerScript(WORKER) : undefined;
  const pool = script
    ? new Piscina({
        filename: script.filename,
        execArgv: script.execArgv,
        minThreads: workers,
        maxThreads: workers,
        workerData: { config: run.config } satisfies DeidWorkerData,
      })
    : undefined;
  // One lane per worker thread, each holding one chunk at a time (shared queue: no straggler).
  // A lane takes its first chunk once a worker has loaded (an empty task has run): a chunk queued
  // behind a loading worker, seconds on a busy machine, finished last while this thread idled.
  const there = async (p: Piscina): Promise<void> => {
    try {
      await p.run({ input, output, files: [] } satisfies DeidTask);
    } catch (err) {
      if (next >= chunks.length) return; // the pool was shut down: the work was done without it
      throw err;
    }
    for (let i = next++; i < chunks.length; i = next++) {
      const task: DeidTask = { input, output, files: (chunks[i] ?? []).map(relOf) };
      finished(i, (await p.run(task)) as FileResult[]);
    }
  };
  if (chunks.length === 0) allDone();
  try {
    // Done when every chunk is, without waiting for workers still loading (a lane failing first
    // fails the run).
    await Promise.race([
      everyChunk,
      Promise.all([
        ...(pool && run.workersOnly ? [] : [here(pool !== undefined)]),
        ...(pool ? Array.from({ length: workers }, () => there(pool)) : []),
      ]),
    ]);
  } finally {
    await pool?.destroy();
  }
  // Merged in input order (not completion order): the report does not depend on scheduling.
  for (const r of results) for (const f of r) addResult(report, patients, run, f);
  report.patients = patients.size;
  report.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report.instancesPerSecond = report.seconds > 0 ? files.length / report.seconds : 0;
  report.mbPerSecond = report.seconds > 0 ? report.bytesIn / 1e6 / report.seconds : 0;
  return report;
}
