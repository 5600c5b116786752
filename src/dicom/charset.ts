/**
 * Text values per Specific Character Set (0008,0005): PN, LO, SH, ST, LT, UT and UC are decoded
 * with the character set(s) the file declares, as PS3.5 §6.1 and Annex C–K describe.
 *
 * - One single-byte or multi-byte set (ISO_IR 100 Latin-1, ISO_IR 144 Cyrillic, ISO_IR 192 UTF-8,
 *   GB18030, …): the whole value in that encoding.
 * - ISO 2022 code extensions (value 1 empty or "ISO 2022 IR …", more values for JIS X 0208,
 *   KS X 1001, GB 2312, …): the value is cut at each escape sequence and every piece is decoded
 *   in the set the escape designates; the piece before the first escape is in value 1's set.
 * - No (0008,0005), or a term we do not know: bytes as Latin-1 (what such files usually hold;
 *   ASCII is a subset of it).
 */
import { Buffer } from 'node:buffer';
import { TextDecoder } from 'node:util';

type Decode = (bytes: Uint8Array) => string;

const latin1: Decode = (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

const decoders = new Map<string, TextDecoder>();
function whatwg(label: string): Decode {
  return (b) => {
    let d = decoders.get(label);
    if (!d) {
      d = new TextDecoder(label);
      decoders.set(label, d);
    }
    return d.decode(b);
  };
}

/** JIS X 0208 (ISO 2022 IR 87) two-byte codes, decoded as ISO-2022-JP after its escape. */
const jisX0208: Decode = (b) => {
  const withEsc = new Uint8Array(b.length + 3);
  withEsc.set([0x1b, 0x24, 0x42]);
  withEsc.set(b, 3);
  return whatwg('iso-2022-jp')(withEsc);
};

/** JIS X 0212 (ISO 2022 IR 159) two-byte codes, decoded as EUC-JP (0x8F + bytes with bit 8). */
const jisX0212: Decode = (b) => {
  const out: number[] = [];
  for (let i = 0; i + 1 < b.length; i += 2) out.push(0x8f, (b[i] ?? 0) | 0x80, (b[i + 1] ?? 0) | 0x80);
  return whatwg('euc-jp')(Uint8Array.from(out));
};

/** Defined terms of (0008,0005) → how a value (or the piece before any escape) is decoded. */
const byTerm: Record<string, Decode> = {
  '': latin1,
  'ISO_IR 6': latin1,
  'ISO 2022 IR 6': latin1,
  'ISO_IR 100': latin1,
  'ISO 2022 IR 100': latin1,
  'ISO_IR 101': whatwg('iso-8859-2'),
  'ISO 2022 IR 101': whatwg('iso-8859-2'),
  'ISO_IR 109': whatwg('iso-8859-3'),
  'ISO 2022 IR 109': whatwg('iso-8859-3'),
  'ISO_IR 110': whatwg('iso-8859-4'),
  'ISO 2022 IR 110': whatwg('iso-8859-4'),
  'ISO_IR 144': whatwg('iso-8859-5'),
  'ISO 2022 IR 144': whatwg('iso-8859-5'),
  'ISO_IR 127': whatwg('iso-8859-6'),
  'ISO 2022 IR 127': whatwg('iso-8859-6'),
  'ISO_IR 126': whatwg('iso-8859-7'),
  'ISO 2022 IR 126': whatwg('iso-8859-7'),
  'ISO_IR 138': whatwg('iso-8859-8'),
  'ISO 2022 IR 138': whatwg('iso-8859-8'),
  'ISO_IR 148': whatwg('iso-8859-9'),
  'ISO 2022 IR 148': whatwg('iso-8859-9'),
  'ISO_IR 203': whatwg('iso-8859-15'),
  'ISO 2022 IR 203': whatwg('iso-8859-15'),
  'ISO_IR 166': whatwg('windows-874'),
  'ISO 2022 IR 166': whatwg('windows-874'),
  // JIS X 0201: romaji in G0, half-width katakana in G1 (the one-byte part of Shift_JIS)
  'ISO_IR 13': whatwg('shift_jis'),
  'ISO 2022 IR 13': whatwg('shift_jis'),
  'ISO 2022 IR 87': jisX0208,
  'ISO 2022 IR 159': jisX0212,
  'ISO 2022 IR 149': whatwg('euc-kr'),
  'ISO 2022 IR 58': whatwg('gbk'),
  ISO_IR_192: whatwg('utf-8'),
  'ISO_IR 192': whatwg('utf-8'),
  GB18030: whatwg('gb18030'),
  GBK: whatwg('gbk'),
};

/** Escape sequences of PS3.3 C.12.1.1.2 → the set of the bytes that follow. */
const byEscape: Record<string, Decode> = {
  '\x1b-A': latin1,
  '\x1b-B': whatwg('iso-8859-2'),
  '\x1b-C': whatwg('iso-8859-3'),
  '\x1b-D': whatwg('iso-8859-4'),
  '\x1b-L': whatwg('iso-8859-5'),
  '\x1b-G': whatwg('iso-8859-6'),
  '\x1b-F': whatwg('iso-8859-7'),
  '\x1b-H': whatwg('iso-8859-8'),
  '\x1b-M': whatwg('iso-8859-9'),
  '\x1b-b': whatwg('iso-8859-15'),
  '\x1b-T': whatwg('windows-874'),
  '\x1b)I': whatwg('shift_jis'),
  '\x1b$B': jisX0208,
  '\x1b$@': jisX0208,
  '\x1b$(D': jisX0212,
  '\x1b$)C': whatwg('euc-kr'),
  '\x1b$)A': whatwg('gbk'),
};
/** ESC ( B and ESC ( J go back to the default G0; high bytes stay in value 1's G1 set. */
const RESET_ESCAPES = new Set(['\x1b(B', '\x1b(J']);

/** The values of (0008,0005) as found (backslash-separated; value 1 may be empty). */
export function parseCharsetTerms(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split('\\').map((t) => t.trim().toUpperCase().replace(/_IR_/, '_IR '));
}

function needsDecoding(b: Uint8Array): boolean {
  for (const x of b) if (x >= 0x80 || x === 0x1b) return true;
  return false;
}

/** Length of the escape sequence at `i` (ESC, intermediates 0x20–0x2F, one final byte). */
function escapeLength(b: Uint8Array, i: number): number {
  let j = i + 1;
  while (j < b.length && (b[j] ?? 0) >= 0x20 && (b[j] ?? 0) <= 0x2f) j++;
  return j < b.length ? j - i + 1 : b.length - i;
}

/** Decode a text value's bytes per the (0008,0005) terms (see `parseCharsetTerms`). */
export function decodeText(bytes: Uint8Array, terms: readonly string[]): string {
  if (!needsDecoding(bytes)) return latin1(bytes);
  const first = byTerm[terms[0] ?? ''] ?? latin1;
  // A multi-byte ISO 2022 set cannot be the default G0: its value 1 is taken as ASCII.
  const initial = first === jisX0208 || first === jisX0212 ? latin1 : first;
  if (!bytes.includes(0x1b)) return initial(bytes);
  let out = '';
  let decode = initial;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x1b) continue;
    if (i > start) out += decode(bytes.subarray(start, i));
    if (i === bytes.length) break;
    const len = escapeLength(bytes, i);
    const esc = latin1(bytes.subarray(i, i + len));
    decode = RESET_ESCAPES.has(esc) ? initial : (byEscape[esc] ?? latin1);
    start = i + len;
    i += len - 1;
  }
  return out;
}
