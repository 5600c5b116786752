/**
 * Batch de-identification of a file or folder tree: every file is de-identified on its own (one
 * unreadable file never stops the run), written atomically under
 * `<out>/<pseudonym>/<study>/<series>/<instance>.dcm`, or under `<out>/_quarantine/…` when its
 * pixels may carry burned-in text. The report counts what happened and why.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CieError, errorMessage } from '../../errors.js';
import type { DeidConfig } from './deid.config.js';
import { type DeidInfo, deidentifyBuffer, type DeidSettings } from './deidentify.js';
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

/** Write a file so that readers never see a partial one. */
export function writeAtomic(path: string, data: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function deidentifyTree(run: DeidRunOptions): DeidReport {
  const settings = settingsFromConfig(run.config);
  const input = resolve(run.input);
  const output = resolve(run.output);
  // Output inside the input tree is allowed (skipped while listing), the same folder is not.
  if (input === output)
    throw new CieError('BAD_REQUEST', 'the output folder must differ from the input folder');
  const files = listFiles(input, output);
  const started = process.hrtime.bigint();
  const report: DeidReport = {
    files: files.length,
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
  const patients = new Set<string>();
  files.forEach((file, i) => {
    const rel = relative(input, file) || file;
    try {
      const data = readFileSync(file);
      report.bytesIn += data.length;
      const { output: out, info } = deidentifyBuffer(data, settings);
      for (const w of info.warnings) {
        const code = w.split(':')[0] ?? w;
        report.warnings[code] = (report.warnings[code] ?? 0) + 1;
      }
      const quarantine = run.config.quarantineBurnedIn && info.burnedInRisk.length > 0;
      const dest = outputPath(output, info, quarantine);
      writeAtomic(dest, out);
      report.bytesOut += out.length;
      patients.add(info.pseudonym);
      if (info.originalPatientId !== undefined) run.onPseudonym?.(info.pseudonym, info.originalPatientId);
      if (quarantine)
        report.quarantined.push({ file: rel, output: relative(output, dest), reasons: info.burnedInRisk });
      else report.written += 1;
    } catch (err) {
      const code = err instanceof CieError ? err.code : ((err as NodeJS.ErrnoException).code ?? 'ERROR');
      report.failed.push({ file: rel, code, message: errorMessage(err) });
      report.failuresByReason[code] = (report.failuresByReason[code] ?? 0) + 1;
    }
    run.onProgress?.(i + 1, files.length);
  });
  report.patients = patients.size;
  report.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report.instancesPerSecond = report.seconds > 0 ? files.length / report.seconds : 0;
  report.mbPerSecond = report.seconds > 0 ? report.bytesIn / 1e6 / report.seconds : 0;
  return report;
}
