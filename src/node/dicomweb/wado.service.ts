/**
 * WADO-RS: retrieve studies, series and instances (multipart/related of Part 10 files streamed
 * from disk), their metadata (DICOM JSON), frames, bulk pixel data and rendered previews, within
 * the caller's scope. Files are sent as stored or, when the client asks (or by PS3.18's default),
 * decoded to Explicit VR Little Endian by the codec workers.
 */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CieError } from '../../errors.js';
import { notAcceptable, parseAccept } from './accept.js';
import type { DicomJson } from './dicom-json.js';
import { nativeDicomModel } from './dicom-xml.js';
import { headerJson } from './metadata.service.js';
import { parseMediaType } from './media-type.js';
import { canDecode } from './pixel/codecs.js';
import { frameMediaType } from './pixel/media-types.js';
import { nativeSyntaxes } from './pixel/pixel-info.js';
import { multipartStream, newBoundary, type Part } from './multipart.js';
import type { DicomwebDeps, DicomwebRequest } from './qido.service.js';
import { requireUid } from './uid.js';
import { findInstanceFiles, type InstanceFile, type RetrieveTarget } from './wado.repository.js';

export interface BinaryResponse {
  contentType: string;
  body: Readable | Buffer;
}

/** Validate the UIDs of a path; any non-UID is a 400 before any lookup. */
export function retrieveTarget(
  studyUid: string,
  seriesUid?: string,
  sopInstanceUid?: string,
): RetrieveTarget {
  const t: RetrieveTarget = { studyUid: requireUid(studyUid, 'StudyInstanceUID') };
  if (seriesUid !== undefined) t.seriesUid = requireUid(seriesUid, 'SeriesInstanceUID');
  if (sopInstanceUid !== undefined) t.sopInstanceUid = requireUid(sopInstanceUid, 'SOPInstanceUID');
  return t;
}

export function describe(t: RetrieveTarget): string {
  if (t.sopInstanceUid) return `instance ${t.sopInstanceUid} of series ${t.seriesUid} of study ${t.studyUid}`;
  if (t.seriesUid) return `series ${t.seriesUid} of study ${t.studyUid}`;
  return `study ${t.studyUid}`;
}

export async function files(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  t: RetrieveTarget,
): Promise<InstanceFile[]> {
  const rows = await findInstanceFiles(deps.db, req.scope, t);
  if (rows.length === 0) throw new CieError('NOT_FOUND', `${describe(t)} is not on this node`);
  return rows;
}

export function instanceUrl(req: DicomwebRequest, f: InstanceFile): string {
  return `${req.baseUrl}/studies/${f.study_uid}/series/${f.series_uid}/instances/${f.sop_instance_uid}`;
}

const multipartDicom = 'multipart/related; type="application/dicom"';
const explicitLE = '1.2.840.10008.1.2.1';

/**
 * The transfer syntax to send a file in for a requested one: `*` → as stored; none → Explicit VR
 * Little Endian (PS3.18 §8.7.3.5.2), except that native files go as stored (their pixel data is
 * already uncompressed; an Implicit VR file would have to be re-encoded element by element);
 * Explicit VR Little Endian → decoded when stored compressed; the stored syntax → as stored.
 * undefined: cannot be offered.
 */
function syntaxFor(requested: string | undefined, stored: string): string | undefined {
  if (requested === '*' || requested === stored) return stored;
  const native = nativeSyntaxes.has(stored);
  if (requested === undefined) return native ? stored : explicitLE;
  if (requested === explicitLE && !native && canDecode(stored)) return explicitLE;
  return undefined;
}

type Plan = { how: 'multipart' | 'single'; requested: string | undefined };

/** How to send Part 10 files: multipart (any level) or a bare application/dicom (one instance). */
function negotiateInstances(accept: string | undefined, stored: string[], single: boolean): Plan {
  const offered = single ? [multipartDicom, 'application/dicom'] : [multipartDicom];
  let refusal: string | undefined;
  for (const r of parseAccept(accept)) {
    const typeParam = r.params.type === undefined ? undefined : parseMediaType(r.params.type).type;
    const how =
      (r.type === 'multipart/related' && (typeParam === undefined || typeParam === 'application/dicom')) ||
      r.type === '*/*' ||
      r.type === 'multipart/*'
        ? 'multipart'
        : single && r.type === 'application/dicom'
          ? 'single'
          : undefined;
    if (!how) continue;
    const ts = r.params['transfer-syntax'];
    if (stored.every((s) => syntaxFor(ts, s) !== undefined)) return { how, requested: ts };
    refusal ??= ts;
  }
  if (refusal !== undefined) {
    throw new CieError(
      'NOT_ACCEPTABLE',
      `transfer syntax ${refusal} was asked, but the data is stored as ${[...new Set(stored)].join(', ')}; this node sends it as stored (transfer-syntax=*) or decoded to Explicit VR Little Endian (transfer-syntax=${explicitLE})`,
    );
  }
  throw notAcceptable(offered, accept);
}

/** The files as parts, each as stored or transcoded by the codec workers, one at a time. */
async function* instanceParts(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  rows: InstanceFile[],
  requested: string | undefined,
): AsyncGenerator<Part> {
  for (const r of rows) {
    const ts = syntaxFor(requested, r.transfer_syntax_uid) ?? r.transfer_syntax_uid;
    const part = { contentType: `application/dicom; transfer-syntax=${ts}`, location: instanceUrl(req, r) };
    if (ts === r.transfer_syntax_uid) yield { ...part, file: { path: r.file_path, size: r.file_size } };
    else {
      const [bytes] = await deps.codecs.run({ kind: 'instance', path: r.file_path });
      yield { ...part, bytes: bytes ?? Buffer.alloc(0) };
    }
  }
}

/** Retrieve a study, series or instance as Part 10 files, streamed one after another. */
export async function retrieveInstances(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  t: RetrieveTarget,
  accept: string | undefined,
): Promise<BinaryResponse> {
  const rows = await files(deps, req, t);
  const plan = negotiateInstances(
    accept,
    rows.map((r) => r.transfer_syntax_uid),
    t.sopInstanceUid !== undefined,
  );
  const first = rows[0];
  if (plan.how === 'single' && first) {
    const ts = syntaxFor(plan.requested, first.transfer_syntax_uid) ?? first.transfer_syntax_uid;
    if (ts === first.transfer_syntax_uid) {
      return {
        contentType: `application/dicom; transfer-syntax=${ts}`,
        body: await readFile(first.file_path),
      };
    }
    // Streamed, so without Content-Length: the relay's ETag and byte ranges are the stored file's.
    const [bytes] = await deps.codecs.run({ kind: 'instance', path: first.file_path });
    return {
      contentType: `application/dicom; transfer-syntax=${ts}`,
      body: Readable.from([bytes ?? Buffer.alloc(0)]),
    };
  }
  const boundary = newBoundary();
  return {
    contentType: `${multipartDicom}; boundary=${boundary}`,
    body: multipartStream(boundary, instanceParts(deps, req, rows, plan.requested)),
  };
}

const multipartXml = 'multipart/related; type="application/dicom+xml"';

/** JSON unless the client asks only for the XML of PS3.19 (multipart/related of NativeDicomModel). */
function metadataFormat(accept: string | undefined): 'json' | 'xml' {
  for (const r of parseAccept(accept)) {
    if (['application/dicom+json', 'application/json', '*/*', 'application/*'].includes(r.type))
      return 'json';
    const type = r.params.type?.toLowerCase();
    if (r.type === 'multipart/related' && (type === 'application/dicom+xml' || type === undefined))
      return 'xml';
    if (r.type === 'application/dicom+xml' || r.type === 'multipart/*') return 'xml';
  }
  throw notAcceptable(['application/dicom+json', multipartXml], accept);
}

/** Metadata of every instance of a study, series or one instance, as DICOM JSON. */
export async function retrieveMetadata(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  t: RetrieveTarget,
): Promise<DicomJson[]> {
  const rows = await files(deps, req, t);
  const out: DicomJson[] = [];
  for (const r of rows) {
    const encapsulated = frameMediaType(r.transfer_syntax_uid) !== 'application/octet-stream';
    out.push(headerJson(await readFile(r.file_path), instanceUrl(req, r), encapsulated));
  }
  return out;
}

/** Metadata as the client asks: DICOM JSON (one array) or DICOM XML (one part per instance). */
export async function retrieveMetadataAs(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  t: RetrieveTarget,
  accept: string | undefined,
): Promise<BinaryResponse> {
  const format = metadataFormat(accept);
  const metadata = await retrieveMetadata(deps, req, t);
  if (format === 'json') {
    return { contentType: 'application/dicom+json', body: Buffer.from(JSON.stringify(metadata)) };
  }
  const boundary = newBoundary();
  const parts = metadata.map((m): Part => ({
    contentType: 'application/dicom+xml; charset=utf-8',
    bytes: Buffer.from(nativeDicomModel(m), 'utf8'),
  }));
  return { contentType: `${multipartXml}; boundary=${boundary}`, body: multipartStream(boundary, parts) };
}
