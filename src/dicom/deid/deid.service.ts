/**
 * Batch de-identification of a file or folder tree: every file is de-identified on its own (one
 * unreadable file never stops the run), written atomically under
 * `<out>/<pseudonym>/<study>/<series>/<instance>.dcm`, or under `<out>/_quarantine/…` when its
 * pixels may carry burned-in text. The report counts what happened and why.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  writevSync,
} from 'node:fs';
import { type FileHandle, mkdir, open, rename } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Piscina } from 'piscina';
import { CieError, errorMessage } from '../../errors.js';
import { partialPathFor } from '../partial-write.js';
import type { DeidConfig } from './deid.config.js';
import { type DeidInfo, type DeidSettings, deidentifyToParts } from './deidentify.js';
import { compileProfile, type DeidOptions } from './profile.js';
import { createRemapper } from './remap.js';

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
   * Worker threads besides this one (0: this thread only); default one per core for trees of
   * POOL_MIN_FILES files or more.
   */
  workers?: number;
  /** With workers: every file goes to them and this thread only merges (its event loop stays free). */
  workersOnly?: boolean;
}

export function optionsFromConfig(config: DeidConfig): DeidOptions {
  const on = new Set(config.options);
  return {
    retainLongitudinalModifiedDates: on.has('retainLongitudinalModifiedDates'),
    retainPatientCharacteristics: on.has('retainPatientCharacteristics'),
    retainDeviceIdentity: on.has('retainDeviceIdentity'),
    retainInstitutionIdentity: on.has('retainInstitutionIdentity'),
    cleanDescriptors: on.has('cleanDescriptors'),
    retainSafePrivate: on.has('retainSafePrivate'),
  };
}

export function settingsFromConfig(config: DeidConfig): DeidSettings {
  if (!config.secret) {
    throw new CieError(
      'CONFIG_INVALID',
      'no de-identification secret: set CIE_DEID_SECRET (≥ 16 characters, kept private and stable for the site)',
    );
  }
  return {
    profile: compileProfile(optionsFromConfig(config)),
    remapper: createRemapper(config.secret, config.sitePrefix),
  };
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

/** Where a de-identified instance goes, from its new identifiers only (no original path parts). */
export function outputPath(root: string, info: DeidInfo, quarantined: boolean): string {
  const parts = [info.pseudonym, info.studyInstanceUid || 'no-study', info.seriesInstanceUid || 'no-series'];
  return join(root, ...(quarantined ? ['_quarantine', ...parts] : parts), `${info.sopInstanceUid}.dcm`);
}


/** What remains to write after `n` bytes of `parts` were written (a short write resumes). */
function unwritten(parts: Buffer[], written: number): Buffer[] {
  let n = written;
  let i = 0;
  while (i < parts.length && n >= (parts[i]?.length ?? 0)) n -= parts[i++]?.length ?? 0;
  const rest = parts.slice(i);
  const first = rest[0];
  if (first && n > 0) rest[0] = first.subarray(n);
  return rest;
}

/**
 * Write a file (one buffer or gathered ranges, with writev) so that readers never see a partial
 * one: a temp file in the same folder, renamed into place. Synchronous: for batch threads, where
 * it costs about half the CPU of the promise API; servers use `writeAtomic`.
 */
export function writeAtomicSync(path: string, data: Buffer | Buffer[]): void {
  const tmp = partialPathFor(path);
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (err) {
    // Create the folder only when missing: one syscall less per file in the common case.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(tmp, 'w');
  }
  try {
    for (let rest = Array.isArray(data) ? data : [data]; rest.length > 0;)
      rest = unwritten(rest, writevSync(fd, rest));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** `writeAtomicSync` without blocking the event loop (the C-STORE and STOW-RS receive path). */
export async function writeAtomic(path: string, data: Buffer | Buffer[]): Promise<void> {
  const tmp = partialPathFor(path);
  let fh: FileHandle;
  try {
    fh = await open(tmp, 'w');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dirname(path), { recursive: true });
    fh = await open(tmp, 'w');
  }
  try {
    for (let rest = Array.isArray(data) ? data : [data]; rest.length > 0;)
      rest = unwritten(rest, (await fh.writev(rest)).bytesWritten);
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

/** What happened to one input file (plain data: it crosses from a worker thread). */
export type FileResult =
  | {
      ok: true;
      file: string;
      bytesIn: number;
      bytesOut: number;
      pseudonym: string;
      originalPatientId: string | undefined;
      /** Output path, relative to the output root. */
      output: string;
      quarantined: boolean;
      reasons: string[];
      warnings: string[];
    }
  | { ok: false; file: string; bytesIn: number; code: string; message: string };

/** This thread's input buffer, reused from file to file (up to KEEP_INPUT_BYTES). */
let inputBuf = Buffer.alloc(0);
/** Larger files get a buffer of their own, not kept (one huge file must not pin its memory). */
const KEEP_INPUT_BYTES = 64 << 20;

/**
 * The bytes of `path` in this thread's reused buffer: valid only until the next call, which is
 * what a synchronous read–de-identify–write needs. Saves a fresh 0.5 MB buffer per CT slice
 * (its page faults and garbage collection cost about as much as the read itself, measured).
 */
function readInput(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let buf = inputBuf;
    if (buf.length < size) {
      buf = Buffer.allocUnsafeSlow(size);
      if (size <= KEEP_INPUT_BYTES) inputBuf = buf;
    }
    let n = 0;
    for (let r = 1; n < size && r > 0; n += r) r = readSync(fd, buf, n, size - n, null);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Read, de-identify and write one file under `outRoot`; never throws (failures are results).
 * Synchronous from read to write, and nothing it returns refers to the input bytes: the next
 * call reuses them (see `readInput`).
 */
export function deidentifyFileTo(
  path: string,
  rel: string,
  outRoot: string,
  settings: DeidSettings,
  quarantineBurnedIn: boolean,
): FileResult {
  let bytesIn = 0;
  try {
    const data = readInput(path);
    bytesIn = data.length;
    const { parts, size, info } = deidentifyToParts(data, settings);
    const quarantined = quarantineBurnedIn && info.burnedInRisk.length > 0;
    const dest = outputPath(outRoot, info, quarantined);
    writeAtomicSync(dest, parts);
    return {
      ok: true,
      file: rel,
      bytesIn,
      bytesOut: size,
      pseudonym: info.pseudonym,
      originalPatientId: info.originalPatientId,
      output: relative(outRoot, dest),
      quarantined,
      reasons: info.burnedInRisk,
      warnings: info.warnings,
    };
  } catch (err) {
    const code = err instanceof CieError ? err.code : ((err as NodeJS.ErrnoException).code ?? 'ERROR');
    return { ok: false, file: rel, bytesIn, code, message: errorMessage(err) };
  }
}

/** A batch of files for one worker task (relative paths under `input`). */
export interface DeidTask {
  input: string;
  output: string;
  files: string[];
}

/** What a pool worker is started with (the secret stays in the process: worker threads). */
export interface DeidWorkerData {
  config: DeidConfig;
}

const WORKER = new URL('./deid.worker.ts', import.meta.url).href;
/** Files per worker task: enough to amortise the message round trip, small enough to balance. */
const CHUNK = 64;
/** Below this many files, threads cost more to start than they save. */
const POOL_MIN_FILES = 4000;

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
  const workers = run.workers ?? (files.length >= POOL_MIN_FILES ? availableParallelism() : 0);
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
  // before worker threads (which load the TypeScript toolchain) have even started.
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
  const pool =
    workers > 0
      ? new Piscina({
          filename: WORKER,
          minThreads: workers,
          maxThreads: workers,
          execArgv: ['--import', 'tsx'],
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
