/** HTTP Accept header parsing for DICOMweb media types (PS3.18 §8.7.3 / §8.7.4). */
import { CieError } from '../../errors.js';
import { parseMediaType, splitOutsideQuotes } from './media-type.js';

export interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
}

/** Media ranges of an Accept header, best first; an absent header is `*\/*`. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || header.trim() === '') return [{ type: '*/*', params: {}, q: 1 }];
  const ranges: MediaRange[] = [];
  for (const item of splitOutsideQuotes(header, ',')) {
    const { type, params } = parseMediaType(item);
    if (!type) continue;
    const q = params.q === undefined ? 1 : Number(params.q);
    ranges.push({ type, params, q: Number.isFinite(q) ? q : 0 });
  }
  return ranges.filter((r) => r.q > 0).sort((a, b) => b.q - a.q);
}

export function notAcceptable(offered: string[], header: string | undefined): CieError {
  return new CieError(
    'NOT_ACCEPTABLE',
    `cannot answer with any media type in Accept "${header ?? ''}"; this resource is available as ${offered.join(' or ')}`,
  );
}
