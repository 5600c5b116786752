/**
 * Generate a demo corpus: plan it, write every series into a temporary sibling directory, then the
 * manifest and clinical.csv, and move it into place only when complete (no partial corpus is ever
 * left under the requested name).
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { cancerTypes, sexCodes } from '../../model/codes.js';
import { CieError } from '../../errors.js';
import { clinicalCsv } from './clinical.js';
import { demoGenerator, type DemoManifest, type ManifestPatient } from './manifest.js';
import { countInstances, planCorpus, type CorpusIdentity } from './plan.js';
import { writeSeries } from './series-writer.js';

export interface DemoDataOptions {
  /** Target directory: must not exist, or be empty. */
  dir: string;
  site: string;
  seed: number;
  /** Approximate total number of images (patients are added until it is reached). */
  instances?: number;
  /** Exact number of patients (overrides `instances`). */
  patients?: number;
  /** Mix a few non-DICOM files into the tree (for ingest tests). */
  withJunk?: boolean;
  /** Stop between series (e.g. on Ctrl-C); nothing is left behind. */
  signal?: AbortSignal;
}

export interface DemoDataProgress {
  instancesDone: number;
  instancesTotal: number;
  bytes: number;
}

export interface DemoDataSummary {
  dir: string;
  site: string;
  seed: number;
  patients: number;
  studies: number;
  series: number;
  instances: number;
  bytes: number;
  seconds: number;
  instancesPerSecond: number;
}

export const maxInstances = 10_000_000;

/** Check the options; a CieError says which one is wrong and what is allowed. */
export function validateDemoDataOptions(o: DemoDataOptions): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/.test(o.site)) {
    throw new CieError(
      'VALIDATION_FAILED',
      `--site "${o.site}" is not a valid site name: use 1 to 16 letters, digits, "-" or "_", starting with a letter or digit`,
    );
  }
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) {
    throw new CieError('VALIDATION_FAILED', `--seed must be an integer from 0 to 4294967295, not ${o.seed}`);
  }
  if (
    o.instances !== undefined &&
    (!Number.isInteger(o.instances) || o.instances < 1 || o.instances > maxInstances)
  ) {
    throw new CieError(
      'VALIDATION_FAILED',
      `--instances must be an integer from 1 to ${maxInstances}, not ${o.instances}`,
    );
  }
  if (o.patients !== undefined && (!Number.isInteger(o.patients) || o.patients < 1 || o.patients > 999_999)) {
    throw new CieError(
      'VALIDATION_FAILED',
      `--patients must be an integer from 1 to 999999, not ${o.patients}`,
    );
  }
  const dir = resolve(o.dir);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) {
      throw new CieError('CONFLICT', `${dir} exists and is not a directory: choose another target`);
    }
    if (readdirSync(dir).length > 0) {
      throw new CieError(
        'CONFLICT',
        `${dir} is not empty: choose a new or empty directory, or remove it first`,
      );
    }
  }
}

const junkFiles: ReadonlyArray<[string, string | Buffer]> = [
  ['README.txt', 'Exported images. Do not edit.\r\n'],
  ['.DS_Store', Buffer.from('\0\0\0\x01Bud1\0\0\x10\0\0\0\x08\0\0\0\x10\0', 'latin1')],
];

/** Generate the corpus described by `o`; `onProgress` is called after each series. */
export async function generateDemoData(
  o: DemoDataOptions,
  onProgress?: (p: DemoDataProgress) => void,
): Promise<DemoDataSummary> {
  validateDemoDataOptions(o);
  const started = process.hrtime.bigint();
  const dir = resolve(o.dir);
  const id: CorpusIdentity = { site: o.site, seed: o.seed };
  const plan = planCorpus(id, { patients: o.patients, instances: o.instances ?? 1000 });
  const instancesTotal = plan.reduce((n, p) => n + countInstances(p), 0);

  mkdirSync(dirname(dir), { recursive: true });
  const work = join(dirname(dir), `.${basename(dir)}.partial-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  try {
    const patients: ManifestPatient[] = [];
    let instancesDone = 0;
    let bytes = 0;
    let series = 0;
    for (const p of plan) {
      const studies = [];
      for (const st of p.studies) {
        const written = [];
        for (const se of st.series) {
          const m = writeSeries(work, id, p, st, se);
          written.push(m);
          instancesDone += m.instances;
          bytes += m.bytes;
          series++;
          onProgress?.({ instancesDone, instancesTotal, bytes });
          // Let timers (progress bar) and signals run between series.
          await new Promise<void>((r) => setImmediate(r));
          if (o.signal?.aborted) {
            throw new CieError('IO_FAILED', `demo-data generation was interrupted; ${dir} was not created`);
          }
        }
        studies.push({
          studyUid: st.uid,
          studyDate: st.isoDate,
          description: st.description,
          patientAge: st.patientAge,
          series: written,
        });
      }
      patients.push({
        pseudonym: p.pseudonym,
        sex: p.sex,
        sexCode: sexCodes[p.sex].code,
        birthYear: p.birthYear,
        cancerType: p.cancerType,
        diagnosisCode: cancerTypes[p.cancerType].code,
        ageAtDiagnosis: p.ageAtDiagnosis,
        yearOfDiagnosis: p.yearOfDiagnosis,
        clinical: p.clinical,
        studies,
      });
    }

    const junk: string[] = [];
    if (o.withJunk) {
      const first = plan[0]!;
      const places = ['', `${first.pseudonym}/`, `${first.pseudonym}/${first.studies[0]!.dirName}/`];
      for (const [i, place] of places.entries()) {
        const [name, content] = junkFiles[i % junkFiles.length]!;
        const rel = `${place}${name}`;
        writeFileSync(join(work, rel), content);
        junk.push(rel);
      }
    }

    const manifest: DemoManifest = { site: o.site, seed: o.seed, generator: demoGenerator, junk, patients };
    writeFileSync(join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(
      join(work, 'clinical.csv'),
      clinicalCsv(
        patients.map((p) => ({
          pseudonym: p.pseudonym,
          diagnosis: p.diagnosisCode,
          ageAtDiagnosis: p.ageAtDiagnosis,
          yearOfDiagnosis: p.yearOfDiagnosis,
          clinical: p.clinical,
        })),
      ),
    );

    if (existsSync(dir)) rmdirSync(dir); // empty, checked above
    renameSync(work, dir);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      dir,
      site: o.site,
      seed: o.seed,
      patients: patients.length,
      studies: patients.reduce((n, p) => n + p.studies.length, 0),
      series,
      instances: instancesDone,
      bytes,
      seconds: Math.round(seconds * 1000) / 1000,
      instancesPerSecond: Math.round(instancesDone / Math.max(seconds, 1e-6)),
    };
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    if (err instanceof CieError) throw err;
    throw new CieError('IO_FAILED', `could not write the demo corpus to ${dir}: ${String(err)}`, undefined, {
      cause: err,
    });
  }
}
