/**
 * multipart/related (RFC 2387 / RFC 2046) for DICOMweb: a streaming writer that sends files one
 * after another without buffering them, pulling the next chunk only when the socket drained.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

export interface Part {
  contentType: string;
  /** Either a file to stream (optionally a byte range) or bytes in memory. */
  file?: { path: string; size: number; start?: number };
  bytes?: Uint8Array;
  location?: string;
}

export function newBoundary(): string {
  return `cie-${randomBytes(12).toString('hex')}`;
}

/** A Readable of the multipart body; parts are produced lazily from an (async) iterable. */
export function multipartStream(boundary: string, parts: AsyncIterable<Part> | Iterable<Part>): Readable {
  async function* body(): AsyncGenerator<Buffer> {
    for await (const p of parts) {
      const length = p.file ? p.file.size : (p.bytes?.byteLength ?? 0);
      let head = `--${boundary}\r\nContent-Type: ${p.contentType}\r\nContent-Length: ${length}\r\n`;
      if (p.location) head += `Content-Location: ${p.location}\r\n`;
      yield Buffer.from(`${head}\r\n`, 'latin1');
      if (p.file) {
        const start = p.file.start ?? 0;
        const stream = createReadStream(p.file.path, {
          start,
          end: start + p.file.size - 1,
          highWaterMark: 256 * 1024,
        });
        for await (const chunk of stream) yield chunk as Buffer;
      } else if (p.bytes) {
        yield Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
      }
      yield Buffer.from('\r\n', 'latin1');
    }
    yield Buffer.from(`--${boundary}--\r\n`, 'latin1');
  }
  return Readable.from(body(), { objectMode: false });
}
