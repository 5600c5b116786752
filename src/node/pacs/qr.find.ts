/**
 * C-FIND SCP (PS3.4 C.4.1) over the node's index, through the same search code as QIDO-RS:
 * Patient Root (PATIENT, STUDY, SERIES, IMAGE) and Study Root (STUDY, SERIES, IMAGE). Matching per
 * PS3.4 C.2.2.2 — single value, wildcard (* and ?), range (dates and times), list of UIDs,
 * universal (empty value, or "*"). Keys of a level below the query's are returned empty, not
 * matched; keys this node cannot match on are returned (from the index, or the header of a file
 * of the result) but do not restrict.
 */
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import type { DicomJson } from '../dicomweb/dicom-json.js';
import { indexedByTag, type QueryLevel } from '../dicomweb/qido.attributes.js';
import type { QueryParams } from '../dicomweb/qido.params.js';
import { searchInstances, searchSeries, searchStudies, type SearchResult } from '../dicomweb/qido.service.js';
import {
  IDENTIFIER_MISMATCH,
  QrError,
  responseIdentifier,
  tagOf,
  type Identifier,
  type QrLevel,
} from './qr.identifier.js';
import type { ResponseElement } from './dimse-encode.js';

/** Results fetched per search round trip; C-FIND has no paging, so all pages are answered. */
const PAGE = 1000;

const rank: Record<QrLevel, number> = { PATIENT: 0, STUDY: 1, SERIES: 2, IMAGE: 3 };
const qidoLevel: Record<QueryLevel, QrLevel> = { study: 'STUDY', series: 'SERIES', instance: 'IMAGE' };

/** Patient-level counts (PS3.4 C.6.1.1.2), computed over the patient's studies. */
const patientCounts = {
  NumberOfPatientRelatedStudies: '00201200',
  NumberOfPatientRelatedSeries: '00201202',
  NumberOfPatientRelatedInstances: '00201204',
} as const;

/** The level an attribute belongs to: patient module attributes (group 0010) are PATIENT. */
function levelOfKey(key: string): QrLevel | undefined {
  if (key in patientCounts) return 'PATIENT';
  const tag = tagOf(key);
  if (!tag) return undefined;
  if (tag.startsWith('0010')) return 'PATIENT';
  const attr = indexedByTag.get(tag);
  return attr ? qidoLevel[attr.level] : undefined;
}

/** The identifier as QIDO-RS parameters: match values of keys at or above the level, every key returned. */
export function searchParams(id: Identifier): QueryParams {
  const params: QueryParams = {};
  const include: string[] = [];
  for (const [key, value] of id.keys) {
    const level = levelOfKey(key);
    if (key in patientCounts || key === 'RetrieveAETitle') continue;
    if (level !== undefined && rank[level] > rank[id.level]) continue;
    include.push(key);
    const attr = indexedByTag.get(tagOf(key) ?? '');
    // "*" alone matches every entity, including those without a value (PS3.4 C.2.2.2.4).
    if (attr && attr.match !== 'none' && value !== '' && !/^\*+$/.test(value)) params[key] = value;
  }
  const counts = ['NumberOfStudyRelatedSeries', 'NumberOfStudyRelatedInstances'];
  params.includefield = [...include, ...(id.level === 'PATIENT' ? counts : [])].join(',');
  return params;
}

type Search = (params: QueryParams) => Promise<SearchResult>;

async function* allPages(search: Search, params: QueryParams): AsyncGenerator<DicomJson[]> {
  let offset = 0;
  for (;;) {
    const r = await search({ ...params, limit: String(PAGE), offset: String(offset) });
    yield r.results;
    if (r.nextOffset === undefined) return;
    offset = r.nextOffset;
  }
}

function numberOf(json: DicomJson, tag: string): number {
  const v = json[tag]?.Value?.[0];
  return typeof v === 'number' ? v : Number(v ?? 0);
}

/** Patients: the matching studies grouped by PatientID, with the patient-level counts. */
async function* findPatients(
  search: Search,
  id: Identifier,
  always: Record<string, string>,
): AsyncGenerator<ResponseElement[][]> {
  const patients = new Map<string, { json: DicomJson; studies: number; series: number; instances: number }>();
  for await (const page of allPages(search, searchParams(id))) {
    for (const study of page) {
      const v = study['00100020']?.Value?.[0];
      const pid = typeof v === 'string' ? v : '';
      const p = patients.get(pid) ?? { json: study, studies: 0, series: 0, instances: 0 };
      p.studies += 1;
      p.series += numberOf(study, '00201206');
      p.instances += numberOf(study, '00201208');
      patients.set(pid, p);
    }
  }
  const out: ResponseElement[][] = [];
  for (const p of patients.values()) {
    out.push(
      responseIdentifier(p.json, id, {
        ...always,
        NumberOfPatientRelatedStudies: p.studies,
        NumberOfPatientRelatedSeries: p.series,
        NumberOfPatientRelatedInstances: p.instances,
      }),
    );
  }
  yield out;
}

/**
 * The matches of a C-FIND identifier, page by page, as response identifiers. A Study Root query
 * at PATIENT level is refused (the model has no such level).
 */
export async function* findMatches(
  db: Kysely<NodeDB>,
  model: 'patient' | 'study',
  id: Identifier,
  aeTitle: string,
): AsyncGenerator<ResponseElement[][]> {
  const always = { RetrieveAETitle: aeTitle };
  const deps = { db, maxResults: PAGE };
  const req = { scope: 'all' as const, baseUrl: '' };
  if (id.level === 'PATIENT') {
    if (model === 'study') {
      throw new QrError(IDENTIFIER_MISMATCH, 'the Study Root model has no PATIENT level; use STUDY');
    }
    yield* findPatients((p) => searchStudies(deps, req, p), id, always);
    return;
  }
  const search: Search =
    id.level === 'STUDY'
      ? (p) => searchStudies(deps, req, p)
      : id.level === 'SERIES'
        ? (p) => searchSeries(deps, req, p)
        : (p) => searchInstances(deps, req, p);
  for await (const page of allPages(search, searchParams(id))) {
    yield page.map((json) => responseIdentifier(json, id, always));
  }
}
