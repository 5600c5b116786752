/**
 * The one file of a `multipart/form-data` upload (a browser's FormData with a file field), read
 * from a body already limited in size. Minimal on purpose: the first part with a filename wins;
 * anything malformed is a 400 that says what was wrong.
 */
import { CieError } from '../../errors.js';

export interface FilePart {
  /** The part's own Content-Type. */
  declaredType: string;
  fileName: string | undefined;
  bytes: Buffer;
}

const bad = (why: string) => new CieError('BAD_REQUEST', `malformed multipart/form-data upload: ${why}`);

export function boundaryOf(contentType: string): string {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  const b = m?.[1] ?? m?.[2];
  if (!b) throw bad('the Content-Type has no boundary');
  return b;
}

export function firstFilePart(body: Buffer, contentType: string): FilePart {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  let at = body.indexOf(delimiter);
  if (at < 0) throw bad('no part starts with the boundary');
  for (;;) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing delimiter
    const headersEnd = body.indexOf('\r\n\r\n', start);
    if (headersEnd < 0) throw bad('a part has no end of headers');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headersEnd + 4);
    if (next < 0) throw bad('the last part is not closed by the boundary');
    const headers = body.subarray(start, headersEnd).toString('latin1');
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
    const fileName = /filename="([^"]*)"/i.exec(disposition)?.[1];
    if (fileName !== undefined) {
      const type = /^content-type:\s*([^\s;]+)/im.exec(headers)?.[1] ?? '';
      return {
        fileName: fileName || undefined,
        declaredType: type.toLowerCase(),
        bytes: body.subarray(headersEnd + 4, next),
      };
    }
    at = next + 2;
  }
  throw bad('no file part (a field with a filename)');
}
