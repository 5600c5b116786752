/**
 * A streaming multipart/related reader (RFC 2046 §5.1): each part's body is written to its own
 * temp file as it arrives, so a STOW-RS request is never held in memory. Byte limits are checked
 * while reading (413), and a body that does not follow the syntax is a 400 that says where.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { CieError } from '../../errors.js';
import { parseMediaType } from './media-type.js';

export interface ReceivedPart {
  headers: Record<string, string>;
  file: string;
  size: number;
}

/** Longest boundary accepted: RFC 2046 says 70, but clients exceed it (Orthanc sends 73). */
const maxBoundaryLength = 1000;

/**
 * The boundary of a multipart/related Content-Type, or a 415/400 that says what is wrong. Lenient
 * like the servers clients are tested against: any parameter order and case, quoted or bare
 * values, extra parameters (charset, start, start-info), and boundaries longer than RFC 2046's 70
 * characters.
 */
export function boundaryOf(contentType: string | undefined, expectedType: string): string {
  const ct = contentType ?? '';
  const { type, params } = parseMediaType(ct);
  if (type !== 'multipart/related') {
    throw new CieError(
      'UNSUPPORTED_MEDIA_TYPE',
      `expected Content-Type multipart/related; type="${expectedType}", got "${ct.slice(0, 200)}"`,
    );
  }
  const partType = params.type === undefined ? undefined : parseMediaType(params.type).type;
  if (partType !== undefined && partType !== expectedType) {
    throw new CieError(
      'UNSUPPORTED_MEDIA_TYPE',
      `multipart type "${params.type ?? ''}" is not supported; send type="${expectedType}"`,
    );
  }
  const boundary = params.boundary;
  if (boundary === undefined) {
    throw new CieError(
      'BAD_REQUEST',
      `the Content-Type "${ct.slice(0, 200)}" has no boundary parameter (multipart/related; type="${expectedType}"; boundary=...)`,
    );
  }
  if (boundary === '') throw new CieError('BAD_REQUEST', 'the multipart boundary parameter is empty');
  if (boundary.length > maxBoundaryLength) {
    throw new CieError(
      'BAD_REQUEST',
      `the multipart boundary is ${boundary.length} characters long; at most ${maxBoundaryLength} are accepted`,
    );
  }
  const at = [...boundary].findIndex((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (at >= 0) {
    throw new CieError(
      'BAD_REQUEST',
      `the multipart boundary contains the control character 0x${boundary.charCodeAt(at).toString(16).padStart(2, '0')} at position ${at + 1}`,
    );
  }
  return boundary;
}

/** Read all parts of `body` into files under `dir`, failing past `maxBytes` in total. */
export async function readMultipart(
  body: Readable,
  boundary: string,
  dir: string,
  maxBytes: number,
): Promise<ReceivedPart[]> {
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  const parts: ReceivedPart[] = [];
  // Prepend CRLF so the first delimiter looks like every other one.
  let buf: Buffer = Buffer.from('\r\n', 'latin1');
  let state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';
  let current: { out: WriteStream; part: ReceivedPart } | undefined;
  let total = 0;

  const write = async (chunk: Buffer): Promise<void> => {
    if (!current || chunk.length === 0) return;
    current.part.size += chunk.length;
    if (!current.out.write(chunk)) await once(current.out, 'drain');
  };
  const close = async (): Promise<void> => {
    if (!current) return;
    const out = current.out;
    out.end();
    await once(out, 'close');
    current = undefined;
  };

  try {
    for await (const raw of body) {
      const chunk = raw as Buffer;
      total += chunk.length;
      if (total > maxBytes)
        throw new CieError('PAYLOAD_TOO_LARGE', `the request body exceeds ${maxBytes} bytes`);
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        if (state === 'done') break;
        if (state === 'headers') {
          const end = buf.indexOf('\r\n\r\n', 0, 'latin1');
          if (end < 0) {
            if (buf.length > 16 * 1024)
              throw new CieError('BAD_REQUEST', 'a multipart part has headers longer than 16 KiB');
            break;
          }
          const headers: Record<string, string> = {};
          for (const line of buf.subarray(0, end).toString('latin1').split('\r\n')) {
            if (line === '') continue;
            const colon = line.indexOf(':');
            if (colon < 0)
              throw new CieError('BAD_REQUEST', `malformed multipart part header "${line.slice(0, 60)}"`);
            headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
          }
          const file = join(dir, `part-${parts.length}.dcm`);
          const part: ReceivedPart = { headers, file, size: 0 };
          parts.push(part);
          current = { out: createWriteStream(file), part };
          buf = buf.subarray(end + 4);
          state = 'body';
          continue;
        }
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          // Keep a tail that could be the start of a delimiter; the rest is body (or preamble).
          const keep = Math.min(buf.length, delimiter.length + 3);
          if (state === 'body') await write(buf.subarray(0, buf.length - keep));
          buf = buf.subarray(buf.length - keep);
          break;
        }
        const after = at + delimiter.length;
        if (buf.length < after + 2) break; // need the two bytes after the delimiter
        if (state === 'body') {
          await write(buf.subarray(0, at));
          await close();
        }
        const next = buf.subarray(after, after + 2).toString('latin1');
        if (next === '--') {
          state = 'done';
          buf = Buffer.alloc(0);
          break;
        }
        // Transport padding (spaces/tabs) may follow the delimiter before its CRLF.
        const eol = buf.indexOf('\r\n', after, 'latin1');
        if (eol < 0) break;
        if (!/^[ \t]*$/.test(buf.subarray(after, eol).toString('latin1'))) {
          throw new CieError('BAD_REQUEST', 'malformed multipart body: text after a boundary delimiter');
        }
        buf = buf.subarray(eol + 2);
        state = 'headers';
      }
    }
    if (state !== 'done') {
      throw new CieError(
        'BAD_REQUEST',
        state === 'preamble'
          ? 'malformed multipart body: the boundary from Content-Type never occurs'
          : 'malformed multipart body: it ends before the closing boundary',
      );
    }
  } finally {
    await close();
  }
  return parts;
}
