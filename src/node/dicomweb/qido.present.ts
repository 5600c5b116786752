/**
 * QIDO-RS results as DICOM JSON: index rows → the attributes asked for (the level's defaults, the
 * upper levels' defaults where PS3.18 §10.6.3.3 wants them, includefield and match keys).
 * Attributes the index does not hold are read from the header of one file of the
 * study/series/instance (the only case where a search opens a file).
 */
import { readFile } from 'node:fs/promises';
import { jsonElement, sortedByTag, type DicomJson, type DicomJsonElement } from './dicom-json.js';
import { headerJson } from './metadata.service.js';
import { defaultTags, indexedByTag, levelsVisibleFrom, type QueryLevel } from './qido.attributes.js';
import type { QidoSearch } from './qido.params.js';
import type { InstanceRow, StudyAggregates, StudyRow, SeriesRow } from './qido.repository.js';

export type AnyRow = StudyRow & Partial<StudyAggregates & SeriesRow & InstanceRow>;

/** Study-level attributes computed over the study's series (subqueries in SQL: asked only when returned). */
export const aggregateTags: ReadonlySet<string> = new Set(['00080061', '00201206', '00201208']);

type Value = string | number | null | undefined | readonly string[];
const skip = Symbol('not indexed');

function studyValue(tag: string, r: AnyRow): Value | typeof skip {
  switch (tag) {
    case '00080005':
      return 'ISO_IR 192';
    case '00080020':
      return r.study_date;
    case '00080030':
      return r.study_time;
    case '00080050':
      return r.accession_number;
    case '00080056':
      return 'ONLINE';
    case '00080061':
      return r.modalities ? r.modalities.split('\\') : null;
    case '00080090':
      return r.referring_physician;
    case '00081030':
      return r.study_description;
    case '00100010':
      return r.patient_name;
    case '00100020':
      return r.pseudonym;
    case '00100030':
      return r.patient_birth_date;
    case '00100040':
      return r.sex === 'U' ? null : r.sex;
    case '0020000D':
      return r.study_uid;
    case '00200010':
      return r.study_id_text;
    case '00201206':
      return r.n_series;
    case '00201208':
      return r.n_instances;
    default:
      return skip;
  }
}

function seriesValue(tag: string, r: AnyRow): Value | typeof skip {
  switch (tag) {
    case '00080060':
      return r.modality;
    case '00080070':
      return r.manufacturer;
    case '0008103E':
      return r.series_description;
    case '00081090':
      return r.model;
    case '00180015':
      return r.body_part;
    case '00180050':
      return r.slice_thickness;
    case '0020000E':
      return r.series_uid;
    case '00200011':
      return r.series_number;
    case '00201209':
      return r.instance_count;
    default:
      return skip;
  }
}

/** Attributes an instance without pixel data does not have (absent rather than empty). */
const imageOnly = new Set(['00280008', '00280010', '00280011', '00280100']);

function instanceValue(tag: string, r: AnyRow): Value | typeof skip {
  switch (tag) {
    case '00080016':
      return r.sop_class_uid;
    case '00080018':
      return r.sop_instance_uid;
    case '00083002':
      return r.transfer_syntax_uid;
    case '00200013':
      return r.instance_number;
    case '00280008':
      return r.frames ?? 1; // an image without NumberOfFrames has one
    case '00280010':
      return r.rows;
    case '00280011':
      return r.columns;
    case '00280100':
      return r.bits_allocated;
    default:
      return skip;
  }
}

function retrieveUrl(r: AnyRow, level: QueryLevel, baseUrl: string): string {
  const study = `${baseUrl}/studies/${r.study_uid}`;
  if (level === 'study') return study;
  const series = `${study}/series/${r.series_uid ?? ''}`;
  return level === 'series' ? series : `${series}/instances/${r.sop_instance_uid ?? ''}`;
}

/** An attribute of a result row from the index; undefined when the index does not hold it. */
function indexedValue(
  tag: string,
  row: AnyRow,
  level: QueryLevel,
  baseUrl: string,
): DicomJsonElement | undefined {
  const attr = indexedByTag.get(tag);
  if (!attr) return undefined;
  if (tag === '00081190') return jsonElement('UR', retrieveUrl(row, level, baseUrl));
  if (level === 'instance' && imageOnly.has(tag) && row.rows == null) return undefined;
  let v = studyValue(tag, row);
  if (v === skip) v = seriesValue(tag, row);
  if (v === skip) v = instanceValue(tag, row);
  return v === skip ? undefined : jsonElement(attr.vr, v);
}

/** The tags a search returns. */
export function tagsToReturn(search: QidoSearch): string[] {
  const tags = new Set<string>();
  const visible = levelsVisibleFrom(search.level);
  for (const l of visible) for (const t of defaultTags[l]) tags.add(t);
  for (const t of search.includeTags) tags.add(t);
  if (search.includeAll) {
    for (const a of indexedByTag.values()) if (visible.includes(a.level)) tags.add(a.tag);
  }
  return [...tags];
}

/** The rows as DICOM JSON; `fileOf` gives the file whose header holds the non-indexed attributes. */
export async function presentRows(
  rows: AnyRow[],
  tags: readonly string[],
  level: QueryLevel,
  baseUrl: string,
  fileOf: (row: AnyRow) => Promise<string | undefined>,
): Promise<DicomJson[]> {
  const fromFile = tags.filter((t) => !indexedByTag.has(t));
  const out: DicomJson[] = [];
  for (const row of rows) {
    const obj: DicomJson = {};
    for (const tag of tags) {
      const v = indexedValue(tag, row, level, baseUrl);
      if (v) obj[tag] = v;
    }
    const file = fromFile.length > 0 ? await fileOf(row) : undefined;
    if (file) {
      const header = headerJson(await readFile(file), undefined);
      for (const t of fromFile) {
        const v = header[t];
        if (v) obj[t] = v;
      }
    }
    out.push(sortedByTag(obj));
  }
  return out;
}
