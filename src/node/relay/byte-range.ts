/**
 * HTTP byte ranges (RFC 9110 §14) on a streamed answer of known length: one range
 * (`bytes=a-b`, `bytes=a-`, `bytes=-n`) gives 206 with the slice; an unsatisfiable one 416;
 * several ranges or a stale `If-Range` give the whole answer (200), as the RFC allows.
 */
import { Transform, type Readable } from 'node:stream';

export type RangeDecision =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

export function decideRange(
  range: string | undefined,
  length: number,
  ifRange: string | undefined,
  etag: string | undefined,
): RangeDecision {
  if (!range) return { kind: 'full' };
  if (ifRange !== undefined && ifRange !== etag) return { kind: 'full' };
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'full' };
  const [, a = '', b = ''] = m;
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    start = Math.max(0, length - suffix);
    end = length - 1;
  } else {
    start = Number(a);
    end = b === '' ? length - 1 : Math.min(Number(b), length - 1);
    if (b !== '' && Number(b) < start) return { kind: 'full' };
  }
  if (start >= length) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}

/** Bytes `start..end` (inclusive) of a stream, without buffering it. */
export function sliceStream(body: Readable, start: number, end: number): Readable {
  let at = 0;
  const slicer = new Transform({
    transform(chunk: Buffer, _enc, done) {
      const from = Math.max(start - at, 0);
      const to = Math.min(end + 1 - at, chunk.length);
      at += chunk.length;
      if (to > from) this.push(chunk.subarray(from, to));
      done();
    },
  });
  slicer.on('close', () => body.destroy());
  body.once('error', (err) => slicer.destroy(err)); // pipe() forwards no errors
  return body.pipe(slicer);
}
