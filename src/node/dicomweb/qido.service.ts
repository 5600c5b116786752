/**
 * QIDO-RS: search studies, series and instances of the node's index within a scope, answered
 * from SQL (see qido.present.ts for the attributes returned).
 */
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import type { DicomJson } from './dicom-json.js';
import type { CodecPool } from './pixel/codec-pool.js';
import type { QueryLevel } from './qido.attributes.js';
import { parseQidoParams, type QueryParams, type QidoSearch } from './qido.params.js';
import { aggregateTags, presentRows, tagsToReturn, type AnyRow } from './qido.present.js';
import {
  anchorExists,
  findInstances,
  findSeries,
  findStudies,
  firstInstanceFile,
  type SearchAnchor,
} from './qido.repository.js';
import type { InstanceScope } from './scope.js';
import { requireUid } from './uid.js';

export interface DicomwebDeps {
  db: Kysely<NodeDB>;
  /** Worker threads that decode, transcode and render pixel data. */
  codecs: CodecPool;
  /** Most results one search answers; past it the answer says so and how to page on. */
  maxResults: number;
}

/** What a search needs (the DIMSE C-FIND SCP searches with it too). */
export type SearchDeps = Pick<DicomwebDeps, 'db' | 'maxResults'>;

/** A DICOMweb request as the HTTP layer or the hub relay hands it to the services. */
export interface DicomwebRequest {
  scope: InstanceScope;
  /** Absolute URL of the DICOMweb root as the client sees it (for RetrieveURL / BulkDataURI). */
  baseUrl: string;
}

export interface SearchResult {
  results: DicomJson[];
  warnings: string[];
  /** Set when more results match: the offset of the next page. */
  nextOffset?: number;
}

const levelNames: Record<QueryLevel, string> = { study: 'studies', series: 'series', instance: 'instances' };

/** Cut the extra row the repository fetched beyond the limit; say how to page on. */
function page(
  rows: AnyRow[],
  search: QidoSearch,
  warnings: string[],
): { rows: AnyRow[]; nextOffset?: number } {
  if (rows.length <= search.limit) return { rows };
  const next = search.offset + search.limit;
  warnings.push(
    `more ${levelNames[search.level]} match than the ${search.limit} in this answer (results ${search.offset + 1}-${next}); ask offset=${next} for the next ones`,
  );
  return { rows: rows.slice(0, search.limit), nextOffset: next };
}

async function requireAnchor(deps: SearchDeps, req: DicomwebRequest, anchor: SearchAnchor): Promise<void> {
  if (!(await anchorExists(deps.db, req.scope, anchor))) {
    const what = anchor.seriesUid
      ? `series ${anchor.seriesUid} of study ${anchor.studyUid}`
      : `study ${anchor.studyUid}`;
    throw new CieError('NOT_FOUND', `${what} is not on this node`);
  }
}

function fileOf(deps: SearchDeps, level: QueryLevel): (row: AnyRow) => Promise<string | undefined> {
  return async (row) => {
    if (level === 'instance') return row.file_path;
    if (level === 'series' && row.series_id !== undefined)
      return firstInstanceFile(deps.db, 'series', row.series_id);
    return firstInstanceFile(deps.db, 'study', row.study_id);
  };
}

async function answer(
  deps: SearchDeps,
  req: DicomwebRequest,
  search: QidoSearch,
  tags: string[],
  rows: AnyRow[],
): Promise<SearchResult> {
  const warnings = [...search.warnings];
  const cut = page(rows, search, warnings);
  const results = await presentRows(cut.rows, tags, search.level, req.baseUrl, fileOf(deps, search.level));
  return { results, warnings, ...(cut.nextOffset === undefined ? {} : { nextOffset: cut.nextOffset }) };
}

export async function searchStudies(
  deps: SearchDeps,
  req: DicomwebRequest,
  params: QueryParams,
): Promise<SearchResult> {
  const search = parseQidoParams('study', params, deps.maxResults);
  const tags = tagsToReturn(search);
  return answer(deps, req, search, tags, await findStudies(deps.db, search, req.scope));
}

export async function searchSeries(
  deps: SearchDeps,
  req: DicomwebRequest,
  params: QueryParams,
  studyUid?: string,
): Promise<SearchResult> {
  const anchor: SearchAnchor = studyUid ? { studyUid: requireUid(studyUid, 'StudyInstanceUID') } : {};
  const search = parseQidoParams('series', params, deps.maxResults);
  if (anchor.studyUid) await requireAnchor(deps, req, anchor);
  const tags = tagsToReturn(search);
  const rows = await findSeries(
    deps.db,
    search,
    req.scope,
    anchor,
    tags.some((t) => aggregateTags.has(t)),
  );
  return answer(deps, req, search, tags, rows);
}

export async function searchInstances(
  deps: SearchDeps,
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
  const tags = tagsToReturn(search);
  const rows = await findInstances(
    deps.db,
    search,
    req.scope,
    anchor,
    tags.some((t) => aggregateTags.has(t)),
  );
  return answer(deps, req, search, tags, rows);
}
