/**
 * Small DICOM test corpora made from real pydicom test files: each copy gets fresh Study, Series
 * and SOP Instance UIDs and a new PatientID, patched in place at the same length (so the file
 * stays valid without re-encoding). Used by ingest tests and the ingest benchmark until the demo
 * generator can be used instead.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';

export const PYDICOM_DATA = '/usr/lib/python3/dist-packages/pydicom/data';
export const TEST_FILES = join(PYDICOM_DATA, 'test_files');

/** Small explicit-VR little-endian templates: [file, modality]. */
export const templates = {
  ct: join(TEST_FILES, 'CT_small.dcm'),
  mr: join(TEST_FILES, 'MR_small.dcm'),
} as const;

interface Slot {
  offset: number;
  length: number;
}

interface Template {
  bytes: Buffer;
  study: Slot;
  series: Slot;
  sop: Slot[];
  patient: Slot;
}

const cache = new Map<string, Template>();

function slot(ds: dicomParser.DataSet, tag: string): Slot {
  const el = ds.elements[tag];
  if (!el) throw new Error(`template lacks ${tag}`);
  return { offset: el.dataOffset, length: el.length };
}

function loadTemplate(path: string): Template {
  let t = cache.get(path);
  if (!t) {
    const bytes = readFileSync(path);
    const ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
    t = {
      bytes,
      study: slot(ds, 'x0020000d'),
      series: slot(ds, 'x0020000e'),
      sop: [slot(ds, 'x00080018'), slot(ds, 'x00020003')],
      patient: slot(ds, 'x00100020'),
    };
    cache.set(path, t);
  }
  return t;
}

/** A valid UID of exactly `length` characters, unique per (kind, n). */
export function uidOfLength(kind: number, n: number, length: number): string {
  const prefix = `2.25.${kind}.1`;
  const digits = length - prefix.length;
  if (digits < String(n).length) throw new Error(`UID slot of ${length} is too short for ${n}`);
  return prefix + String(n).padStart(digits, '0');
}

function put(buf: Buffer, s: Slot, value: string): void {
  buf.write(value.padEnd(s.length, value.length % 2 ? '\0' : ' ').slice(0, s.length), s.offset, 'latin1');
}

export interface CopyIds {
  patient: number;
  study: number;
  series: number;
  instance: number;
}

/** The template's bytes with new UIDs and PatientID. */
export function patchedCopy(templatePath: string, ids: CopyIds): Buffer {
  const t = loadTemplate(templatePath);
  const buf = Buffer.from(t.bytes);
  put(buf, t.study, uidOfLength(1, ids.study, t.study.length));
  put(buf, t.series, uidOfLength(2, ids.series, t.series.length));
  for (const s of t.sop) put(buf, s, uidOfLength(3, ids.instance, s.length));
  put(buf, t.patient, `P${ids.patient.toString(36).padStart(t.patient.length - 1, '0')}`);
  return buf;
}

export interface CorpusShape {
  patients: number;
  studiesPerPatient: number;
  seriesPerStudy: number;
  instancesPerSeries: number;
  /** Templates to alternate between series (default: CT and MR). */
  templates?: string[];
}

/**
 * Write a corpus as <dir>/<patient>/<study>/<series>/<n>.dcm and return the number of files.
 * `offset` shifts every id, so two corpora never share UIDs.
 */
export function writeCorpus(dir: string, shape: CorpusShape, offset = 0): number {
  const tpl = shape.templates ?? [templates.ct, templates.mr];
  let study = offset;
  let series = offset;
  let instance = offset;
  let files = 0;
  for (let p = 0; p < shape.patients; p++) {
    for (let s = 0; s < shape.studiesPerPatient; s++) {
      study++;
      for (let e = 0; e < shape.seriesPerStudy; e++) {
        series++;
        const folder = join(dir, `p${p + offset}`, `st${study}`, `se${series}`);
        mkdirSync(folder, { recursive: true });
        // One template per study: UIDs are patched at the template's lengths, so a study's
        // files must share one template to share one StudyInstanceUID.
        const template = tpl[study % tpl.length] ?? templates.ct;
        for (let i = 0; i < shape.instancesPerSeries; i++) {
          instance++;
          writeFileSync(
            join(folder, `${i}.dcm`),
            patchedCopy(template, { patient: p + offset, study, series, instance }),
          );
          files++;
        }
      }
    }
  }
  return files;
}
