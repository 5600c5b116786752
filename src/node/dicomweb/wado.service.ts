/**
 * WADO-RS: retrieve studies, series and instances (multipart/related of Part 10 files streamed
 * from disk), their metadata (DICOM JSON), frames, bulk pixel data and rendered previews, within
 * the caller's scope. The files are sent as stored: this node does not transcode.
 */
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { CieError } from '../../errors.js';
import { notAcceptable, parseAccept, type MediaRange } from './accept.js';
import type { DicomJson } from './dicom-json.js';
import { frameMediaType, locateFrames } from './frames.js';
import { nativeDicomModel } from './dicom-xml.js';
import { headerJson } from './metadata.service.js';
import { multipartStream, newBoundary, type Part } from './multipart.js';
import type { DicomwebDeps, DicomwebRequest } from './qido.service.js';
import { parseWindow, renderPng } from './rendered.js';
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

function describe(t: RetrieveTarget): string {
  if (t.sopInstanceUid) return `instance ${t.sopInstanceUid} of series ${t.seriesUid} of study ${t.studyUid}`;
  if (t.seriesUid) return `series ${t.seriesUid} of study ${t.studyUid}`;
  return `study ${t.studyUid}`;
}

async function files(deps: DicomwebDeps, req: DicomwebRequest, t: RetrieveTarget): Promise<InstanceFile[]> {
  const rows = await findInstanceFiles(deps.db, req.scope, t);
  if (rows.length === 0) throw new CieError('NOT_FOUND', `${describe(t)} is not on this node`);
  return rows;
}

function instanceUrl(req: DicomwebRequest, f: InstanceFile): string {
  return `${req.baseUrl}/studies/${f.study_uid}/series/${f.series_uid}/instances/${f.sop_instance_uid}`;
}

const multipartDicom = 'multipart/related; type="application/dicom"';

/** Choose how to send Part 10 files: multipart (any level) or a bare application/dicom (one instance). */
function negotiateInstances(
  accept: string | undefined,
  stored: Set<string>,
  single: boolean,
): 'multipart' | 'single' {
  const offered = single ? [multipartDicom, 'application/dicom'] : [multipartDicom];
  for (const r of parseAccept(accept)) {
    const ts = r.params['transfer-syntax'];
    const tsOk = ts === undefined || ts === '*' || (stored.size === 1 && stored.has(ts));
    const typeParam = r.params.type?.toLowerCase();
    if (
      r.type === 'multipart/related' &&
      (typeParam === undefined || typeParam === 'application/dicom') &&
      tsOk
    ) {
      return 'multipart';
    }
    if ((r.type === '*/*' || r.type === 'multipart/*') && tsOk) return 'multipart';
    if (single && r.type === 'application/dicom' && tsOk) return 'single';
    if (tsOk === false && (r.type === 'multipart/related' || r.type === 'application/dicom')) {
      throw new CieError(
        'NOT_ACCEPTABLE',
        `transfer syntax ${ts} was asked, but the data is stored as ${[...stored].join(', ')} and this node does not transcode; ask transfer-syntax=*`,
      );
    }
  }
  throw notAcceptable(offered, accept);
}

/** Retrieve a study, series or instance as Part 10 files, streamed one after another. */
export async function retrieveInstances(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  t: RetrieveTarget,
  accept: string | undefined,
): Promise<BinaryResponse> {
  const rows = await files(deps, req, t);
  const how = negotiateInstances(
    accept,
    new Set(rows.map((r) => r.transfer_syntax_uid)),
    t.sopInstanceUid !== undefined,
  );
  const first = rows[0];
  if (how === 'single' && first) {
    return { contentType: 'application/dicom', body: await readFile(first.file_path) };
  }
  const boundary = newBoundary();
  const parts = rows.map((r): Part => ({
    contentType: `application/dicom; transfer-syntax=${r.transfer_syntax_uid}`,
    file: { path: r.file_path, size: r.file_size },
    location: instanceUrl(req, r),
  }));
  return { contentType: `${multipartDicom}; boundary=${boundary}`, body: multipartStream(boundary, parts) };
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

/** `1,2,3` → frame numbers; anything else is a 400. */
export function parseFrameList(list: string): number[] {
  const parts = list.split(',');
  if (parts.length === 0 || parts.some((p) => !/^[1-9]\d{0,6}$/.test(p))) {
    throw new CieError(
      'BAD_REQUEST',
      `frame list "${list}" must be comma-separated frame numbers starting at 1`,
    );
  }
  return parts.map(Number);
}

function acceptsFrames(ranges: MediaRange[], mediaType: string, ts: string): boolean {
  return ranges.some((r) => {
    const tsParam = r.params['transfer-syntax'];
    const tsOk = tsParam === undefined || tsParam === '*' || tsParam === ts;
    if (!tsOk) return false;
    if (r.type === '*/*' || r.type === 'multipart/*') return true;
    if (r.type !== 'multipart/related') return false;
    const type = r.params.type?.toLowerCase();
    return type === undefined || type === mediaType || (type === 'image/*' && mediaType.startsWith('image/'));
  });
}

/** Frames of one instance: native data as octet-stream, compressed data as its image type. */
export async function retrieveFrames(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  t: RetrieveTarget,
  frameList: string,
  accept: string | undefined,
): Promise<BinaryResponse> {
  const numbers = parseFrameList(frameList);
  const [row] = await files(deps, req, t);
  if (!row) throw new CieError('NOT_FOUND', `${describe(t)} is not on this node`);
  const set = locateFrames(await readFile(row.file_path), numbers);
  if (!acceptsFrames(parseAccept(accept), set.mediaType, set.transferSyntaxUid)) {
    throw notAcceptable(
      [`multipart/related; type="${set.mediaType}"; transfer-syntax=${set.transferSyntaxUid}`],
      accept,
    );
  }
  const boundary = newBoundary();
  const url = instanceUrl(req, row);
  const parts = set.frames.map((f, i): Part => ({
    contentType: `${set.mediaType}; transfer-syntax=${set.transferSyntaxUid}`,
    location: `${url}/frames/${numbers[i] ?? 1}`,
    ...(f.kind === 'range'
      ? { file: { path: row.file_path, size: f.size, start: f.start } }
      : { bytes: f.bytes }),
  }));
  return {
    contentType: `multipart/related; type="${set.mediaType}"; boundary=${boundary}`,
    body: multipartStream(boundary, parts),
  };
}

/** Pixel Data bulk data: all frames (native) or the frames' fragments in one part each. */
export async function retrievePixelBulkData(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  t: RetrieveTarget,
  accept: string | undefined,
): Promise<BinaryResponse> {
  const [row] = await files(deps, req, t);
  if (!row) throw new CieError('NOT_FOUND', `${describe(t)} is not on this node`);
  const bytes = await readFile(row.file_path);
  const count = Math.max(1, headerFrames(bytes));
  return retrieveFrames(deps, req, t, Array.from({ length: count }, (_, i) => i + 1).join(','), accept);
}

function headerFrames(bytes: Uint8Array): number {
  const v = headerJson(bytes, undefined)['00280008']?.Value?.[0];
  return typeof v === 'number' ? v : Number(v ?? 1);
}

/** A PNG preview of one frame (frame 1 for an instance). */
export async function retrieveRendered(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  t: RetrieveTarget,
  frame: string | undefined,
  params: { window?: string | undefined },
  accept: string | undefined,
): Promise<BinaryResponse> {
  const ranges = parseAccept(accept);
  const png = ranges.some((r) => ['image/png', 'image/*', '*/*'].includes(r.type));
  if (!png) {
    const jpegOnly = ranges.some((r) => r.type === 'image/jpeg');
    throw new CieError(
      'NOT_ACCEPTABLE',
      jpegOnly
        ? 'rendered images are served as image/png only (no JPEG encoder on this node); Accept image/png'
        : `cannot answer Accept "${accept ?? ''}"; rendered images are image/png`,
    );
  }
  const window = parseWindow(params.window);
  const frameNumber = frame === undefined ? 1 : (parseFrameList(frame)[0] ?? 1);
  if (frame !== undefined && frame.includes(',')) {
    throw new CieError('BAD_REQUEST', 'rendered frames take one frame number');
  }
  const [row] = await files(deps, req, t);
  if (!row) throw new CieError('NOT_FOUND', `${describe(t)} is not on this node`);
  return {
    contentType: 'image/png',
    body: await renderPng(await readFile(row.file_path), frameNumber, window),
  };
}
