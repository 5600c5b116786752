/**
 * QIDO-RS: search studies, series and instances of the node's index within a scope, answered
 * from SQL. Attributes asked for with includefield that the index does not hold are read from the
 * header of one file of the study/series/instance (only then is a file opened).
 */
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { jsonElement, sortedByTag, type DicomJson, type DicomJsonElement } from './dicom-json.js';
import { headerJson } from './metadata.service.js';
import { defaultTags, indexedByTag, levelsVisibleFrom, type QueryLevel } from './qido.attributes.js';
import { parseQidoParams, type QueryParams, type QidoSearch } from './qido.params.js';
import {
  anchorExists,
  findInstances,
  findSeries,
  findStudies,
  firstInstanceFile,
  type InstanceRow,
  type SearchAnchor,
  type SeriesRow,
  type StudyResultRow,
} from './qido.repository.js';
import type { InstanceScope } from './scope.js';
import { requireUid } from './uid.js';

export interface DicomwebDeps {
  db: Kysely<NodeDB>;
  /** Upper bound on results of one search; a search cut by it carries a warning. */
  maxResults: number;
}

/** A DICOMweb request as the HTTP layer or the hub relay hands it to the services. */
export interface DicomwebRequest {
  scope: InstanceScope;
  /** Absolute URL of the DICOMweb root as the client sees it (for RetrieveURL / BulkDataURI). */
  baseUrl: string;
}

export interface SearchResult {
  results: DicomJson[];
  warnings: string[];
}

type AnyRow = StudyResultRow | SeriesRow | InstanceRow;

function indexedValue(
  tag: string,
  row: AnyRow,
  level: QueryLevel,
  baseUrl: string,
): DicomJsonElement | undefined {
  const r = row as Partial<StudyResultRow & InstanceRow>;
  const el = (vr: string, v: string | number | null | undefined | readonly string[]) => jsonElement(vr, v);
  switch (tag) {
    case '00080005':
      return el('CS', 'ISO_IR 192');
    case '00080020':
      return el('DA', r.study_date);
    case '00080030':
      return el('TM', r.study_time);
    case '00080050':
      return el('SH', r.accession_number);
    case '00080056':
      return el('CS', 'ONLINE');
    case '00080061':
      return el('CS', r.modalities ? r.modalities.split('\\') : null);
    case '00080090':
      return el('PN', r.referring_physician);
    case '00081030':
      return el('LO', r.study_description);
    case '00081190': {
      const study = `${baseUrl}/studies/${r.study_uid}`;
      if (level === 'study') return el('UR', study);
      const series = `${study}/series/${r.series_uid}`;
      return el('UR', level === 'series' ? series : `${series}/instances/${r.sop_instance_uid}`);
    }
    case '00100010':
      return el('PN', r.pseudonym);
    case '00100020':
      return el('LO', r.pseudonym);
    case '00100030':
      return el('DA', null);
    case '00100040':
      return el('CS', r.sex === 'U' ? null : r.sex);
    case '0020000D':
      return el('UI', r.study_uid);
    case '00200010':
      return el('SH', r.study_id_text);
    case '00201206':
      return el('IS', r.n_series);
    case '00201208':
      return el('IS', r.n_instances);
    case '00080060':
      return el('CS', r.modality);
    case '00080070':
      return el('LO', r.manufacturer);
    case '0008103E':
      return el('LO', r.series_description);
    case '00081090':
      return el('LO', r.model);
    case '00180015':
      return el('CS', r.body_part);
    case '00180050':
      return el('DS', r.slice_thickness);
    case '0020000E':
      return el('UI', r.series_uid);
    case '00200011':
      return el('IS', r.series_number);
    case '00201209':
      return el('IS', r.instance_count);
    case '00080016':
      return el('UI', r.sop_class_uid);
    case '00080018':
      return el('UI', r.sop_instance_uid);
    case '00083002':
      return el('UI', r.transfer_syntax_uid);
    case '00200013':
      return el('IS', r.instance_number);
    case '00280008':
      return el('IS', r.frames ?? (r.sop_instance_uid ? 1 : null));
    case '00280010':
      return el('US', r.rows);
    case '00280011':
      return el('US', r.columns);
    default:
      return undefined;
  }
}

function tagsToReturn(search: QidoSearch): string[] {
  const tags = new Set([...defaultTags[search.level], ...search.includeTags]);
  if (search.includeAll) {
    const visible = levelsVisibleFrom(search.level);
    for (const a of indexedByTag.values()) if (visible.includes(a.level)) tags.add(a.tag);
  }
  return [...tags];
}

async function present(
  deps: DicomwebDeps,
  search: QidoSearch,
  rows: AnyRow[],
  baseUrl: string,
): Promise<DicomJson[]> {
  const tags = tagsToReturn(search);
  const fromFile = tags.filter((t) => !indexedByTag.has(t));
  const out: DicomJson[] = [];
  for (const row of rows) {
    const obj: DicomJson = {};
    for (const tag of tags) {
      const v = indexedValue(tag, row, search.level, baseUrl);
      if (v) obj[tag] = v;
    }
    if (fromFile.length > 0) {
      const file = await representativeFile(deps, search.level, row);
      if (file) {
        const header = headerJson(await readFile(file), undefined);
        for (const t of fromFile) {
          const v = header[t];
          if (v) obj[t] = v;
        }
      }
    }
    out.push(sortedByTag(obj));
  }
  return out;
}

async function representativeFile(
  deps: DicomwebDeps,
  level: QueryLevel,
  row: AnyRow,
): Promise<string | undefined> {
  switch (level) {
    case 'study':
      return firstInstanceFile(deps.db, 'study', row.study_id);
    case 'series':
      return firstInstanceFile(deps.db, 'series', (row as SeriesRow).series_id);
    case 'instance':
      return (row as InstanceRow).file_path;
  }
}

function cut<T>(rows: T[], search: QidoSearch, warnings: string[]): T[] {
  if (search.limit !== undefined && rows.length > search.limit) {
    warnings.push(`there are more than ${search.limit} matches; use limit/offset to page through them`);
    return rows.slice(0, search.limit);
  }
  return rows;
}

async function requireAnchor(deps: DicomwebDeps, req: DicomwebRequest, anchor: SearchAnchor): Promise<void> {
  if (!(await anchorExists(deps.db, req.scope, anchor))) {
    const what = anchor.seriesUid
      ? `series ${anchor.seriesUid} of study ${anchor.studyUid}`
      : `study ${anchor.studyUid}`;
    throw new CieError('NOT_FOUND', `${what} is not on this node`);
  }
}

export async function searchStudies(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  params: QueryParams,
): Promise<SearchResult> {
  const search = parseQidoParams('study', params, deps.maxResults);
  const warnings = [...search.warnings];
  const rows = cut(await findStudies(deps.db, search, req.scope), search, warnings);
  return { results: await present(deps, search, rows, req.baseUrl), warnings };
}

export async function searchSeries(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  params: QueryParams,
  studyUid?: string,
): Promise<SearchResult> {
  const anchor: SearchAnchor = studyUid ? { studyUid: requireUid(studyUid, 'StudyInstanceUID') } : {};
  const search = parseQidoParams('series', params, deps.maxResults);
  if (anchor.studyUid) await requireAnchor(deps, req, anchor);
  const warnings = [...search.warnings];
  const rows = cut(await findSeries(deps.db, search, req.scope, anchor), search, warnings);
  return { results: await present(deps, search, rows, req.baseUrl), warnings };
}

export async function searchInstances(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  params: QueryParams,
  studyUid?: string,
  seriesUid?: string,
): Promise<SearchResult> {
  const anchor: SearchAnchor = {};
  if (studyUid) anchor.studyUid = requireUid(studyUid, 'StudyInstanceUID');
  if (seriesUid) anchor.seriesUid = requireUid(seriesUid, 'SeriesInstanceUID');
  const search = parseQidoParams('instance', params, deps.maxResults);
  if (anchor.studyUid) await requireAnchor(deps, req, anchor);
  const warnings = [...search.warnings];
  const rows = cut(await findInstances(deps.db, search, req.scope, anchor), search, warnings);
  return { results: await present(deps, search, rows, req.baseUrl), warnings };
}
