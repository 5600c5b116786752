/**
 * De-identification of one file, from its path to its output file: what the batch command runs
 * in this thread and in its worker threads (`deid.worker.ts`, which bundles this module and
 * not the tree's orchestration), and the atomic writes the C-STORE and STOW-RS receivers share.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, writevSync } from 'node:fs';
import { type FileHandle, mkdir, open, rename } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { CieError, errorMessage } from '../../errors.js';
import { partialPathFor } from '../partial-write.js';
import type { DeidConfig } from './deid.config.js';
import { type DeidInfo, type DeidSettings, deidentifyToParts } from './deidentify.js';
import { compileProfile, type DeidOptions } from './profile.js';
import { createRemapper } from './remap.js';

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
