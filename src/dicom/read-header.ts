/**
 * Read a DICOM file's header from disk without reading its pixel data: read a first chunk, and a
 * longer prefix only when the header does not fit. Optionally compute the SHA-256 of the whole
 * file on the way (streamed in chunks, reusing the bytes already read for the header).
 *
 * The disk is reached through an `Opener`: promises by default (safe on the main thread), or
 * blocking calls in the ingest's worker threads, where nothing else waits and a file costs a
 * few system calls instead of a round trip to libuv's thread pool per call (about 90 µs per
 * file saved, a third of a worker's time on a typical 25 KB file).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { errorMessage } from '../errors.js';
import { parseHeaderPrefix, type HeaderResult } from './parse-header.js';

/** First read: most headers (CT/MR/PET) are 1–8 KiB; 64 KiB covers nearly all in one read. */
export const FIRST_CHUNK = 64 * 1024;
const HASH_CHUNK = 1024 * 1024;
/** Hashing buffers not in use (a file being hashed holds one; files can be examined concurrently). */
const freeChunks: Uint8Array[] = [];

export interface ExaminedFile {
  result: HeaderResult;
  size: number;
  mtimeMs: number;
  /** Hex SHA-256 of the whole file (only when asked for and the file was readable). */
  sha256: string | undefined;
  /** Bytes read from disk to parse the header (to show that pixel data was skipped). */
  headerBytesRead: number;
}

/** An open file: its size and mtime at open, positional reads (bytes read), close. */
export interface OpenFile {
  size: number;
  mtimeMs: number;
  read(buf: Uint8Array, offset: number, length: number, position: number): number | Promise<number>;
  close(): void | Promise<void>;
}

export type Opener = (path: string) => OpenFile | Promise<OpenFile>;

/** Promise-based I/O (libuv's thread pool): never blocks the calling thread. */
export const openAsync: Opener = async (path) => {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    return {
      size: st.size,
      mtimeMs: Math.floor(st.mtimeMs),
      read: async (buf, offset, length, position) => (await fh.read(buf, offset, length, position)).bytesRead,
      close: () => fh.close(),
    };
  } catch (err) {
    await fh.close().catch(() => undefined);
    throw err;
  }
};

/** Blocking I/O, for worker threads only. */
export const openBlocking: Opener = (path) => {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    return {
      size: st.size,
      mtimeMs: Math.floor(st.mtimeMs),
      read: (buf, offset, length, position) => readSync(fd, buf, offset, length, position),
      close: () => closeSync(fd),
    };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
};

async function readAt(fh: OpenFile, buf: Uint8Array, from: number): Promise<number> {
  let got = from;
  while (got < buf.length) {
    const bytesRead = await fh.read(buf, got, buf.length - got, got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/** Read the header (and optionally hash the file) at `path`. Never throws. */
export async function examineFile(
  path: string,
  opts: { hash: boolean; open?: Opener },
): Promise<ExaminedFile> {
  let fh: OpenFile | undefined;
  let size = 0;
  let mtimeMs = 0;
  try {
    fh = await (opts.open ?? openAsync)(path);
    ({ size, mtimeMs } = fh);
    let buf = new Uint8Array(Math.min(size, FIRST_CHUNK));
    let have = await readAt(fh, buf, 0);
    let result = parseHeaderPrefix(buf.subarray(0, have), size);
    while (!result.ok && result.reason === 'NEED_MORE' && have < size) {
      const bigger = new Uint8Array(Math.min(size, buf.length * 4));
      bigger.set(buf.subarray(0, have));
      buf = bigger;
      const before = have;
      have = await readAt(fh, buf, have);
      // The file shrank while we read it: parse what there is as the whole file.
      const total = have === before ? have : size;
      result = parseHeaderPrefix(buf.subarray(0, have), total);
    }
    const final: HeaderResult =
      !result.ok && result.reason === 'NEED_MORE'
        ? { ok: false, reason: 'TRUNCATED', message: 'the file ends inside the header' }
        : result;
    let sha256: string | undefined;
    if (opts.hash) {
      const h = createHash('sha256');
      h.update(buf.subarray(0, have));
      let pos = have;
      // Most files were read whole for the header; only longer ones need the chunk buffer.
      if (have < size) {
        const chunk = freeChunks.pop() ?? new Uint8Array(HASH_CHUNK);
        try {
          for (;;) {
            const bytesRead = await fh.read(chunk, 0, chunk.length, pos);
            if (bytesRead === 0) break;
            h.update(chunk.subarray(0, bytesRead));
            pos += bytesRead;
          }
        } finally {
          if (freeChunks.length < 8) freeChunks.push(chunk);
        }
      }
      sha256 = h.digest('hex');
    }
    return { result: final, size, mtimeMs, sha256, headerBytesRead: have };
  } catch (err) {
    return {
      result: { ok: false, reason: 'UNREADABLE', message: `cannot read the file: ${errorMessage(err)}` },
      size,
      mtimeMs,
      sha256: undefined,
      headerBytesRead: 0,
    };
  } finally {
    try {
      await fh?.close();
    } catch {
      // closing a file we only read: nothing to lose
    }
  }
}
