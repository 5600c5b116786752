/**
 * The input of one run: the granted datasets' series laid out as symbolic links to the indexed
 * files (no copies), `input/<pseudonym>/<study>/<series>/<instance>.dcm`, read-only, with
 * `manifest.json` beside them: patients by pseudonym, their clinical fields, studies and series.
 */
import { chmodSync, existsSync, mkdirSync, rmSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { selectionCondition } from '../datasets/dataset-selection.js';
import { findDatasetByIdentifier } from '../datasets/dataset.repository.js';

export interface ManifestSeries {
  uid: string;
  modality: string | null;
  bodyPart: string | null;
  /** Folder of the series below the input folder. */
  path: string;
  instances: number;
}
export interface ManifestPatient {
  pseudonym: string;
  sex: string;
  clinical: Record<string, string | number | null>;
  studies: { uid: string; date: string | null; series: ManifestSeries[] }[];
}
export interface RunManifest {
  datasets: string[];
  patients: ManifestPatient[];
  instances: number;
}

interface Row {
  pseudonym: string;
  sex: string;
  patient_id: number;
  study_uid: string;
  study_date: string | null;
  series_uid: string;
  modality: string | null;
  body_part: string | null;
  sop_instance_uid: string;
  file_path: string;
}

/** A UID or pseudonym as a folder name (they are [0-9A-Za-z.-] already; anything else is replaced). */
const safe = (s: string) => s.replace(/[^0-9A-Za-z._-]/g, '_');

async function rowsOf(db: Kysely<NodeDB>, identifiers: readonly string[]): Promise<Row[]> {
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (const identifier of identifiers) {
    const dataset = await findDatasetByIdentifier(db, identifier);
    if (dataset?.state !== 'published')
      throw new CieError('NOT_FOUND', `dataset ${identifier} is not published on this node`);
    const where = await selectionCondition(db, dataset.selection);
    const { rows: found } = await sql<Row>`
      select p.pseudonym, p.sex, p.id as patient_id, st.study_uid, st.study_date::text as study_date,
             se.series_uid, se.modality, se.body_part, i.sop_instance_uid, i.file_path
      from instance i
      join series se on se.id = i.series_id
      join study st on st.id = se.study_id
      join patient p on p.id = st.patient_id
      where ${where}
      order by p.pseudonym, st.study_uid, se.series_uid, i.instance_number nulls last, i.sop_instance_uid
    `.execute(db);
    for (const r of found) {
      if (seen.has(r.sop_instance_uid)) continue; // two datasets may share instances
      seen.add(r.sop_instance_uid);
      rows.push(r);
    }
  }
  return rows;
}

async function clinicalOf(
  db: Kysely<NodeDB>,
  patientIds: number[],
): Promise<Map<number, Record<string, string | number | null>>> {
  const out = new Map<number, Record<string, string | number | null>>();
  if (patientIds.length === 0) return out;
  const base = await db
    .selectFrom('patient_clinical')
    .selectAll()
    .where('patient_id', 'in', patientIds)
    .execute();
  for (const c of base) {
    out.set(Number(c.patient_id), {
      diagnosis: c.diagnosis_code,
      ageAtDiagnosis: c.age_at_diagnosis,
      yearOfDiagnosis: c.year_of_diagnosis,
    });
  }
  const obs = await db
    .selectFrom('clinical_observation')
    .selectAll()
    .where('patient_id', 'in', patientIds)
    .execute();
  for (const o of obs) {
    const rec = out.get(Number(o.patient_id)) ?? {};
    rec[o.key] = o.value_num ?? o.value_code;
    out.set(Number(o.patient_id), rec);
  }
  return out;
}

/** Make every folder below `dir` (and `dir`) read-only; links stay links. */
function freeze(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) freeze(join(dir, e.name));
  chmodSync(dir, 0o555);
}

/** Remove a run's folder, read-only parts included. */
export function removeRunDir(dir: string): void {
  const thaw = (d: string) => {
    chmodSync(d, 0o755);
    for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) thaw(join(d, e.name));
  };
  if (existsSync(dir)) {
    thaw(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lay out the datasets' instances in `inputDir` (created) and write its manifest. */
export async function layOutRunInput(
  db: Kysely<NodeDB>,
  identifiers: readonly string[],
  inputDir: string,
): Promise<RunManifest> {
  const rows = await rowsOf(db, identifiers);
  const clinical = await clinicalOf(db, [...new Set(rows.map((r) => Number(r.patient_id)))]);
  mkdirSync(inputDir, { recursive: true });
  const patients: ManifestPatient[] = [];
  let series: ManifestSeries | undefined;
  let seriesDir = '';
  for (const r of rows) {
    let patient = patients.at(-1);
    if (patient?.pseudonym !== r.pseudonym) {
      patient = {
        pseudonym: r.pseudonym,
        sex: r.sex,
        clinical: clinical.get(Number(r.patient_id)) ?? {},
        studies: [],
      };
      patients.push(patient);
    }
    let study = patient.studies.at(-1);
    if (study?.uid !== r.study_uid) {
      study = { uid: r.study_uid, date: r.study_date, series: [] };
      patient.studies.push(study);
    }
    if (series?.uid !== r.series_uid || study.series.at(-1) !== series) {
      const path = join(safe(r.pseudonym), safe(r.study_uid), safe(r.series_uid));
      series = { uid: r.series_uid, modality: r.modality, bodyPart: r.body_part, path, instances: 0 };
      study.series.push(series);
      seriesDir = join(inputDir, path);
      mkdirSync(seriesDir, { recursive: true });
    }
    symlinkSync(r.file_path, join(seriesDir, `${safe(r.sop_instance_uid)}.dcm`));
    series.instances += 1;
  }
  const manifest: RunManifest = { datasets: [...identifiers], patients, instances: rows.length };
  writeFileSync(join(inputDir, 'manifest.json'), JSON.stringify(manifest, null, 1), { mode: 0o444 });
  freeze(inputDir);
  return manifest;
}
