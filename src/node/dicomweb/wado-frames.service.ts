/**
 * WADO-RS pixel resources of one instance: frames, the Pixel Data bulk data and rendered images.
 * Frames go as stored (native frames are byte ranges of the file, streamed; compressed frames
 * with their own media type) or decoded to application/octet-stream by the codec workers.
 */
import { readFile } from 'node:fs/promises';
import { CieError } from '../../errors.js';
import { notAcceptable, parseAccept, type MediaRange } from './accept.js';
import { multipartStream, newBoundary, type Part } from './multipart.js';
import { parseMediaType } from './media-type.js';
import { canDecode } from './pixel/codecs.js';
import { frameMediaType } from './pixel/media-types.js';
import {
  nativeFrame,
  nativeSyntaxes,
  readPixelFile,
  requireFrames,
  encodedFrame,
} from './pixel/pixel-info.js';
import type { RenderParams } from './pixel/render.js';
import type { DicomwebDeps, DicomwebRequest } from './qido.service.js';
import { describe, files, instanceUrl, type BinaryResponse } from './wado.service.js';
import type { RetrieveTarget } from './wado.repository.js';

const explicitLE = '1.2.840.10008.1.2.1';
const octet = 'application/octet-stream';

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

/**
 * As stored or decoded, for a stored transfer syntax and the client's Accept. OHIF/Cornerstone ask
 * `type="application/octet-stream"; transfer-syntax=*`: as stored, with the exact media type of
 * the compressed frames (they decode them); octet-stream without a transfer syntax, or with
 * Explicit VR Little Endian's, is decoded pixels.
 */
function negotiateFrames(ranges: MediaRange[], stored: string): 'stored' | 'decoded' | undefined {
  const storedType = frameMediaType(stored);
  const native = nativeSyntaxes.has(stored);
  for (const r of ranges) {
    const ts = r.params['transfer-syntax'];
    const type =
      r.type === 'multipart/related'
        ? r.params.type === undefined
          ? '*/*'
          : parseMediaType(r.params.type).type
        : r.type;
    if (type === '*/*' || r.type === 'multipart/*') {
      if (ts === undefined || ts === '*' || ts === stored) return storedType ? 'stored' : undefined;
      if (ts === explicitLE && canDecode(stored)) return 'decoded';
      continue;
    }
    if (type === octet) {
      if (ts === '*' || native) {
        if (storedType) return 'stored';
        continue;
      }
      if ((ts === undefined || ts === explicitLE) && canDecode(stored)) return 'decoded';
      continue;
    }
    const imageMatch =
      storedType !== undefined &&
      (type === storedType || (type === 'image/*' && storedType.startsWith('image/')));
    if (imageMatch && (ts === undefined || ts === '*' || ts === stored)) return 'stored';
  }
  return undefined;
}

/** Frames of one instance, as the client asks them (see negotiateFrames). */
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
  const stored = row.transfer_syntax_uid;
  const how = negotiateFrames(parseAccept(accept), stored);
  if (!how) {
    const offers = [
      `multipart/related; type="${frameMediaType(stored) ?? octet}"; transfer-syntax=${stored}`,
    ];
    if (canDecode(stored)) offers.push(`multipart/related; type="${octet}"; transfer-syntax=${explicitLE}`);
    if (!frameMediaType(stored)) {
      throw new CieError(
        'NOT_ACCEPTABLE',
        `frames of transfer syntax ${stored} are not served; retrieve the whole instance`,
      );
    }
    throw notAcceptable(offers, accept);
  }
  const url = instanceUrl(req, row);
  const boundary = newBoundary();
  const location = (i: number): string => `${url}/frames/${numbers[i] ?? 1}`;
  if (how === 'decoded') {
    const frames = await deps.codecs.run({ kind: 'frames', path: row.file_path, frames: numbers });
    const parts = frames.map((bytes, i): Part => ({
      contentType: `${octet}; transfer-syntax=${explicitLE}`,
      location: location(i),
      bytes,
    }));
    return {
      contentType: `multipart/related; type="${octet}"; boundary=${boundary}`,
      body: multipartStream(boundary, parts),
    };
  }
  const bytes = new Uint8Array(await readFile(row.file_path));
  const file = readPixelFile(bytes);
  requireFrames(file.info, numbers);
  const native = nativeSyntaxes.has(stored);
  const mediaType = native ? octet : (frameMediaType(stored) ?? octet);
  const ts = native ? explicitLE : stored;
  const parts = numbers.map((n, i): Part => {
    const part = { contentType: `${mediaType}; transfer-syntax=${ts}`, location: location(i) };
    if (!native) return { ...part, bytes: encodedFrame(file, n) };
    const f = nativeFrame(file, bytes, n);
    return f.kind === 'range'
      ? { ...part, file: { path: row.file_path, size: f.size, start: f.start } }
      : { ...part, bytes: f.bytes };
  });
  return {
    contentType: `multipart/related; type="${mediaType}"; boundary=${boundary}`,
    body: multipartStream(boundary, parts),
  };
}

/** Pixel Data bulk data: all frames, negotiated as frames are. */
export async function retrievePixelBulkData(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  t: RetrieveTarget,
  accept: string | undefined,
): Promise<BinaryResponse> {
  const [row] = await files(deps, req, t);
  if (!row) throw new CieError('NOT_FOUND', `${describe(t)} is not on this node`);
  const count = readPixelFile(new Uint8Array(await readFile(row.file_path))).info.frames;
  return retrieveFrames(deps, req, t, Array.from({ length: count }, (_, i) => i + 1).join(','), accept);
}

export interface RenderQuery {
  window?: string | undefined;
  viewport?: string | undefined;
  quality?: string | undefined;
}

function numbers(value: string, name: string, count: number[]): number[] {
  const parts = value.split(',');
  const ns = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (!count.includes(parts.length) || ns.some((n) => !Number.isFinite(n))) {
    throw new CieError(
      'BAD_REQUEST',
      `${name} must be ${count.join(' or ')} comma-separated numbers, got "${value}"`,
    );
  }
  return ns;
}

/** `window=center,width[,linear]`, `viewport=vw,vh[,sx,sy,sw,sh]`, `quality=1..100` (PS3.18 §8.3.5.1). */
export function parseRenderQuery(q: RenderQuery, format: RenderParams['format']): RenderParams {
  const params: RenderParams = { format };
  if (q.window) {
    const [c, w, fn] = q.window.split(',');
    const [center, width] = numbers([c, w].join(','), 'window', [2]);
    if (center === undefined || width === undefined || width <= 0) {
      throw new CieError(
        'BAD_REQUEST',
        `window must be "center,width[,linear]" with width > 0, got "${q.window}"`,
      );
    }
    if (fn !== undefined && fn !== 'linear' && fn !== 'linear-exact') {
      throw new CieError('BAD_REQUEST', `window function "${fn}" is not supported; use linear`);
    }
    params.window = { center, width };
  }
  if (q.viewport) {
    const [vw, vh, sx, sy, sw, sh] = numbers(q.viewport, 'viewport', [2, 6]);
    if (
      !Number.isInteger(vw) ||
      !Number.isInteger(vh) ||
      (vw ?? 0) < 1 ||
      (vh ?? 0) < 1 ||
      (vw ?? 0) > 8192 ||
      (vh ?? 0) > 8192
    ) {
      throw new CieError(
        'BAD_REQUEST',
        `viewport width and height must be integers from 1 to 8192, got "${q.viewport}"`,
      );
    }
    params.viewport = { width: vw ?? 1, height: vh ?? 1, ...(sx === undefined ? {} : { sx, sy, sw, sh }) };
  }
  if (q.quality !== undefined && q.quality !== '') {
    const quality = Number(q.quality);
    if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
      throw new CieError('BAD_REQUEST', `quality must be an integer from 1 to 100, got "${q.quality}"`);
    }
    params.quality = quality;
  }
  return params;
}

/** JPEG (PS3.18's default for rendered) or PNG, as the client accepts. */
function renderedFormat(accept: string | undefined): RenderParams['format'] {
  for (const r of parseAccept(accept)) {
    if (r.type === 'image/jpeg' || r.type === 'image/*' || r.type === '*/*') return 'jpeg';
    if (r.type === 'image/png') return 'png';
  }
  throw notAcceptable(['image/jpeg', 'image/png'], accept);
}

/** One frame (frame 1 for an instance) rendered to JPEG or PNG with window, viewport and quality. */
export async function retrieveRendered(
  deps: DicomwebDeps,
  req: DicomwebRequest,
  t: RetrieveTarget,
  frame: string | undefined,
  query: RenderQuery,
  accept: string | undefined,
): Promise<BinaryResponse> {
  const format = renderedFormat(accept);
  const params = parseRenderQuery(query, format);
  if (frame !== undefined && frame.includes(','))
    throw new CieError('BAD_REQUEST', 'rendered frames take one frame number');
  const frameNumber = frame === undefined ? 1 : (parseFrameList(frame)[0] ?? 1);
  const [row] = await files(deps, req, t);
  if (!row) throw new CieError('NOT_FOUND', `${describe(t)} is not on this node`);
  const [image] = await deps.codecs.run({ kind: 'render', path: row.file_path, frame: frameNumber, params });
  return { contentType: `image/${format}`, body: image ?? Buffer.alloc(0) };
}
