/**
 * Import clinical facts per patient from a CSV the data holder keeps:
 *
 *   pseudonym,diagnosis,age_at_diagnosis,year_of_diagnosis[,EUCAIM_Hyper-Ontology_V1.0.CLIN…]*
 *
 * Rows attach to patients already in the index by pseudonym. Each bad line is reported with its
 * line number and reason; all good lines load in ONE transaction; importing the same file again
 * changes nothing (upserts). An empty cell means unknown.
 */
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { cancerTypeOfCode, cancerTypes } from '../../model/codes.js';
import { CieError } from '../../errors.js';
import { findPatientIds, saveClinicalRows, type ClinicalRow } from './clinical.repository.js';
import { parseCsv } from './csv.js';

export const requiredColumns = ['pseudonym', 'diagnosis', 'age_at_diagnosis', 'year_of_diagnosis'] as const;

/** A column of the EUCAIM hyper-ontology, e.g. EUCAIM_Hyper-Ontology_V1.0.CLIN1037294. */
const ontologyKey = /^EUCAIM_Hyper-Ontology_V\d+(\.\d+)*\.[A-Z]+\d+$/;

export interface BadLine {
  line: number;
  reason: string;
}

export interface ClinicalImportReport {
  /** Data lines in the file. */
  lines: number;
  /** Patients whose clinical data were written. */
  loaded: number;
  bad: BadLine[];
  /** Observation columns (hyper-ontology keys) found in the header. */
  observationKeys: string[];
}

function intCell(v: string, column: string, min: number, max: number): number | null | string {
  if (v === '') return null;
  if (!/^-?\d+$/.test(v)) return `bad number in ${column}: "${v}" is not a whole number`;
  const n = Number(v);
  if (n < min || n > max) return `bad number in ${column}: ${n} is outside ${min}–${max}`;
  return n;
}

function header(fields: string[]): string[] {
  const cols = fields.map((f) => f.trim());
  const missing = requiredColumns.filter((c, i) => cols[i] !== c);
  if (missing.length) {
    throw new CieError(
      'CSV_INVALID',
      `the header must start with ${requiredColumns.join(',')}; found ${cols.slice(0, 4).join(',') || '(nothing)'}`,
      { line: 1 },
    );
  }
  const extra = cols.slice(requiredColumns.length);
  const bad = extra.filter((c) => !ontologyKey.test(c));
  if (bad.length) {
    throw new CieError(
      'CSV_INVALID',
      `line 1: column(s) ${bad.map((c) => `"${c}"`).join(', ')} are not EUCAIM hyper-ontology keys (like EUCAIM_Hyper-Ontology_V1.0.CLIN1037294)`,
      { line: 1, columns: bad },
    );
  }
  const dup = extra.find((c, i) => extra.indexOf(c) !== i);
  if (dup) throw new CieError('CSV_INVALID', `line 1: column ${dup} appears twice`, { line: 1 });
  return cols;
}

export async function importClinicalCsv(db: Kysely<NodeDB>, text: string): Promise<ClinicalImportReport> {
  const records = parseCsv(text);
  const first = records[0];
  if (!first) throw new CieError('CSV_INVALID', 'the file is empty: expected a header line and data lines');
  if (first.error) throw new CieError('CSV_INVALID', `line ${first.line}: ${first.error}`);
  const cols = header(first.fields);
  const keys = cols.slice(requiredColumns.length);
  const data = records.slice(1);
  const ids = await findPatientIds(db, data.map((r) => (r.fields[0] ?? '').trim()).filter(Boolean));
  const bad: BadLine[] = [];
  const rows: ClinicalRow[] = [];
  const seen = new Map<string, number>();
  for (const r of data) {
    const fail = (reason: string) => bad.push({ line: r.line, reason });
    if (r.error) {
      fail(r.error);
      continue;
    }
    if (r.fields.length !== cols.length) {
      fail(`wrong column count: expected ${cols.length}, found ${r.fields.length}`);
      continue;
    }
    const [pseudonym = '', diagnosis = '', age = '', year = ''] = r.fields.map((f) => f.trim());
    if (!pseudonym) {
      fail('pseudonym is empty');
      continue;
    }
    const earlier = seen.get(pseudonym);
    if (earlier !== undefined) {
      fail(`pseudonym ${pseudonym} is already on line ${earlier}`);
      continue;
    }
    const patientId = ids.get(pseudonym);
    if (patientId === undefined) {
      fail(
        `unknown patient ${pseudonym}: no patient with this pseudonym in the index (ingest the images first)`,
      );
      continue;
    }
    if (diagnosis && !cancerTypeOfCode(diagnosis)) {
      fail(
        `unknown diagnosis code "${diagnosis}": use one of ${Object.values(cancerTypes)
          .map((c) => c.code)
          .join(', ')}`,
      );
      continue;
    }
    const ageN = intCell(age, 'age_at_diagnosis', 0, 150);
    const yearN = intCell(year, 'year_of_diagnosis', 1900, 2100);
    if (typeof ageN === 'string' || typeof yearN === 'string') {
      fail(typeof ageN === 'string' ? ageN : String(yearN));
      continue;
    }
    const observations: ClinicalRow['observations'] = [];
    for (const [i, key] of keys.entries()) {
      const v = (r.fields[requiredColumns.length + i] ?? '').trim();
      if (v === '') observations.push({ key, code: null, num: null });
      else if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v))
        observations.push({ key, code: null, num: Number(v) });
      else observations.push({ key, code: v, num: null });
    }
    // only a loaded line claims its pseudonym: a later, corrected line for it is not a duplicate
    seen.set(pseudonym, r.line);
    rows.push({
      patientId,
      diagnosisCode: diagnosis || null,
      ageAtDiagnosis: ageN,
      yearOfDiagnosis: yearN,
      observations,
    });
  }
  await saveClinicalRows(db, rows);
  return { lines: data.length, loaded: rows.length, bad, observationKeys: keys };
}
