/** Reading a harvest source: an http(s) URL (with a deadline) or a local file. */
import { readFile } from 'node:fs/promises';
import { CieError, errorMessage } from '../../../errors.js';
import { detectRdfFormat, type RdfInputFormat } from '../../../model/dcat/parse.js';

export interface SourceDocument {
  text: string;
  format: RdfInputFormat;
}

const accept = 'text/turtle, application/ld+json;q=0.9, application/rdf+xml;q=0.8';

export async function readHarvestSource(source: string, timeoutMs: number): Promise<SourceDocument> {
  if (!/^https?:\/\//i.test(source)) {
    let text: string;
    try {
      text = await readFile(source, 'utf8');
    } catch (err) {
      throw new CieError('IO_FAILED', `cannot read harvest source ${source}: ${errorMessage(err)}`);
    }
    return { text, format: detectRdfFormat(text, source) };
  }
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(source, { headers: { accept }, signal });
    if (!res.ok) throw new CieError('IO_FAILED', `harvest source ${source} answered HTTP ${res.status}`);
    const text = await res.text();
    return { text, format: detectRdfFormat(text, res.headers.get('content-type') ?? source) };
  } catch (err) {
    if (signal.aborted) {
      throw new CieError('TIMEOUT', `harvest source ${source} did not answer within ${timeoutMs} ms`, {
        source,
        timeoutMs,
      });
    }
    if (err instanceof CieError) throw err;
    throw new CieError('IO_FAILED', `cannot reach harvest source ${source}: ${errorMessage(err)}`);
  }
}
