/**
 * multipart/related (RFC 2387 / RFC 2046) for DICOMweb: a streaming writer that sends files one
 * after another without buffering them, pulling the next chunk only when the socket drained.
 */
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';

export interface Part {
  contentType: string;
  /** Either a file to stream (optionally a byte range) or bytes in memory. */
  file?: { path: string; size: number; start?: number };
  bytes?: Uint8Array;
  location?: string;
}

const chunkSize = 1024 * 1024;

/** Read a byte range in 1 MiB chunks; the consumer pulls the next one only when it needs it. */
async function* fileChunks(path: string, start: number, size: number): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    let pos = start;
    const end = start + size;
    while (pos < end) {
      const buf = Buffer.allocUnsafe(Math.min(chunkSize, end - pos));
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) throw new Error(`${path} is shorter than the index says (file changed on disk?)`);
      pos += bytesRead;
      yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
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
        yield* fileChunks(p.file.path, p.file.start ?? 0, p.file.size);
      } else if (p.bytes) {
        yield Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
      }
      yield Buffer.from('\r\n', 'latin1');
    }
    yield Buffer.from(`--${boundary}--\r\n`, 'latin1');
  }
  return Readable.from(body(), { objectMode: false });
}
