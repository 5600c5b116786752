/**
 * A small, byte-level DICOM Part 10 reader for de-identification and PHI scanning: it builds a
 * tree of element *positions* (tag, VR, value offset/length, sequence items) over the original
 * buffer without decoding values, so that kept elements can be copied byte for byte (pixel data,
 * compressed fragments, private blocks) and only the attributes a profile touches are decoded.
 * Handles explicit/implicit VR little endian, explicit VR big endian, deflated datasets, files
 * without a preamble/meta group, undefined-length sequences and items, and UN sequences.
 */
import { inflateRawSync } from 'node:zlib';
import { CieError } from '../../errors.js';
import { ITEM, ITEM_DELIM, SEQ_DELIM, TS, UNDEFINED_LENGTH as UNDEFINED } from '../encoding.js';
import { vrOf } from './dictionary.js';

/** VRs whose explicit-VR header has a 2-byte reserved field and a 4-byte length. */
export const LONG_VRS = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);

export interface Encoding {
  explicit: boolean;
  littleEndian: boolean;
}

export interface Element {
  tag: number;
  vr: string;
  /** Offset of the element's header (tag) in `buf`. */
  start: number;
  /** Offset just past the element (after the sequence delimiter for undefined lengths). */
  end: number;
  valueOffset: number;
  /** Value length in bytes, or UNDEFINED. */
  length: number;
  /** Items of a sequence (SQ, or UN with undefined length, read as implicit VR LE). */
  items?: Dataset[];
  /** Encoding of the items (UN sequences are implicit VR little endian). */
  itemEncoding?: Encoding;
}

export interface Dataset {
  elements: Element[];
}

export interface ParsedFile {
  /** Bytes the element offsets refer to (the inflated dataset for deflated files). */
  buf: Buffer;
  meta: Dataset;
  metaBuf: Buffer;
  dataset: Dataset;
  transferSyntaxUid: string;
  encoding: Encoding;
  /** False when the input had no preamble/meta group (a bare dataset). */
  hadMeta: boolean;
}

export interface ParseLimits {
  /** Deepest sequence nesting accepted (a guard against hostile files). */
  maxDepth: number;
}

const defaultLimits: ParseLimits = { maxDepth: 64 };

function invalid(msg: string, cause?: unknown): CieError {
  return new CieError('DICOM_INVALID', msg, undefined, cause === undefined ? undefined : { cause });
}

export function encodingOf(ts: string): Encoding {
  if (ts === TS.implicitLE) return { explicit: false, littleEndian: true };
  if (ts === TS.explicitBE) return { explicit: true, littleEndian: false };
  return { explicit: true, littleEndian: true };
}

/** Two-letter VR strings, made once: decoding them per element is a hot path. */
const vrStrings: (string | undefined)[] = [];

/** The VR at `o` (two upper-case letters), or undefined when the bytes are not a VR. */
function vrAt(buf: Buffer, o: number): string | undefined {
  const a = (buf[o] ?? 0) - 65;
  const b = (buf[o + 1] ?? 0) - 65;
  if (a < 0 || a > 25 || b < 0 || b > 25) return undefined;
  const i = a * 26 + b;
  return (vrStrings[i] ??= String.fromCharCode(a + 65, b + 65));
}

class Reader {
  constructor(
    readonly buf: Buffer,
    readonly limits: ParseLimits,
  ) {}

  u16(o: number, le: boolean): number {
    return le ? this.buf.readUInt16LE(o) : this.buf.readUInt16BE(o);
  }
  u32(o: number, le: boolean): number {
    return le ? this.buf.readUInt32LE(o) : this.buf.readUInt32BE(o);
  }
  tagAt(o: number, le: boolean): number {
    return ((this.u16(o, le) << 16) | this.u16(o + 2, le)) >>> 0;
  }

  /** Read elements from `pos` until `end` (or an item delimiter when end is undefined). */
  dataset(pos: number, end: number | undefined, enc: Encoding, depth: number): { ds: Dataset; next: number } {
    if (depth > this.limits.maxDepth)
      throw invalid(`sequences nested deeper than ${this.limits.maxDepth} levels`);
    const elements: Element[] = [];
    const limit = end ?? this.buf.length;
    while (pos < limit) {
      if (pos + 8 > this.buf.length) throw invalid(`truncated element header at byte ${pos}`);
      const tag = this.tagAt(pos, enc.littleEndian);
      if (tag === ITEM_DELIM) {
        if (end === undefined) return { ds: { elements }, next: pos + 8 };
        pos += 8;
        continue;
      }
      const el = this.element(pos, tag, enc, depth);
      elements.push(el);
      pos = el.end;
    }
    if (end === undefined) throw invalid('item without a delimiter (truncated file)');
    if (pos > limit) throw invalid(`element overruns its item or file at byte ${limit}`);
    return { ds: { elements }, next: pos };
  }

  element(start: number, tag: number, enc: Encoding, depth: number): Element {
    const le = enc.littleEndian;
    let vr: string;
    let length: number;
    let valueOffset: number;
    // Item/delimiter tags never carry a VR, even in explicit syntaxes.
    const group = tag >>> 16;
    if (enc.explicit && group !== 0xfffe) {
      const explicitVr = vrAt(this.buf, start + 4);
      // Some writers put implicit elements into explicit files; fall back to the dictionary.
      vr = explicitVr ?? vrOf(tag);
      if (explicitVr === undefined) {
        length = this.u32(start + 4, le);
        valueOffset = start + 8;
      } else if (LONG_VRS.has(vr)) {
        if (start + 12 > this.buf.length) throw invalid(`truncated element header at byte ${start}`);
        length = this.u32(start + 8, le);
        valueOffset = start + 12;
      } else {
        length = this.u16(start + 6, le);
        valueOffset = start + 8;
      }
    } else {
      vr = group === 0xfffe ? 'NONE' : vrOf(tag);
      length = this.u32(start + 4, le);
      valueOffset = start + 8;
    }
    const el: Element = { tag, vr, start, end: 0, valueOffset, length };
    const isSeq = vr === 'SQ' || (vr === 'UN' && length === UNDEFINED) || (!enc.explicit && vr === 'SQ');
    if (isSeq) {
      const itemEnc: Encoding = vr === 'UN' ? { explicit: false, littleEndian: true } : enc;
      el.itemEncoding = itemEnc;
      el.items = [];
      el.end = this.items(el, itemEnc, depth);
      return el;
    }
    if (length === UNDEFINED) {
      // Encapsulated pixel data (or another undefined-length OB/OW): skip fragments as raw bytes.
      el.end = this.skipFragments(valueOffset, le);
      return el;
    }
    el.end = valueOffset + length;
    if (el.end > this.buf.length) {
      throw invalid(`element (${hex(tag)}) of ${length} bytes runs past the end of the file`);
    }
    return el;
  }

  items(el: Element, enc: Encoding, depth: number): number {
    const le = enc.littleEndian;
    const items = el.items ?? [];
    let pos = el.valueOffset;
    const end = el.length === UNDEFINED ? undefined : el.valueOffset + el.length;
    if (end !== undefined && end > this.buf.length)
      throw invalid(`sequence (${hex(el.tag)}) runs past the end of the file`);
    for (;;) {
      if (end !== undefined && pos >= end) return end;
      if (pos + 8 > this.buf.length) throw invalid(`sequence (${hex(el.tag)}) is truncated`);
      const tag = this.tagAt(pos, le);
      const len = this.u32(pos + 4, le);
      if (tag === SEQ_DELIM) return pos + 8;
      if (tag !== ITEM) throw invalid(`expected an item in sequence (${hex(el.tag)}) at byte ${pos}`);
      if (len === UNDEFINED) {
        const { ds, next } = this.dataset(pos + 8, undefined, enc, depth + 1);
        items.push(ds);
        pos = next;
      } else {
        const { ds } = this.dataset(pos + 8, pos + 8 + len, enc, depth + 1);
        items.push(ds);
        pos = pos + 8 + len;
      }
    }
  }

  skipFragments(pos: number, le: boolean): number {
    for (;;) {
      if (pos + 8 > this.buf.length) throw invalid('encapsulated pixel data is truncated');
      const tag = this.tagAt(pos, le);
      const len = this.u32(pos + 4, le);
      if (tag === SEQ_DELIM) return pos + 8;
      if (tag !== ITEM) throw invalid(`expected a fragment item at byte ${pos}`);
      pos += 8 + len;
    }
  }
}

export function hex(tag: number): string {
  const s = tag.toString(16).toUpperCase().padStart(8, '0');
  return `${s.slice(0, 4)},${s.slice(4)}`;
}

/** Parse a whole DICOM file (Part 10 with meta group, or a bare dataset). */
export function parseDicom(input: Buffer, limits: ParseLimits = defaultLimits): ParsedFile {
  let metaEnd = 0;
  let meta: Dataset = { elements: [] };
  let hadMeta = false;
  let ts: string;
  if (input.length >= 132 && input.toString('latin1', 128, 132) === 'DICM') {
    hadMeta = true;
    const r = new Reader(input, limits);
    let pos = 132;
    const els: Element[] = [];
    while (pos + 8 <= input.length && input.readUInt16LE(pos) === 0x0002) {
      const el = r.element(pos, r.tagAt(pos, true), { explicit: true, littleEndian: true }, 0);
      els.push(el);
      pos = el.end;
    }
    meta = { elements: els };
    metaEnd = pos;
    const tsEl = els.find((e) => e.tag === 0x00020010);
    if (tsEl) ts = stringValue(input, tsEl);
    else ts = guessEncoding(input, metaEnd);
  } else if (input.length >= 8) {
    ts = guessEncoding(input, 0);
  } else {
    throw invalid('not a DICOM file (too short)');
  }
  let buf = input;
  let dsStart = metaEnd;
  if (ts === TS.deflatedLE) {
    try {
      buf = inflateRawSync(input.subarray(metaEnd));
    } catch (err) {
      throw invalid('deflated dataset cannot be inflated', err);
    }
    dsStart = 0;
  }
  const encoding = encodingOf(ts);
  if (!hadMeta) {
    // A bare dataset must start with a plausible group (0008 usually) to be taken as DICOM.
    const g = encoding.littleEndian ? buf.readUInt16LE(0) : buf.readUInt16BE(0);
    if (g < 0x0002 || g > 0x0020 || g % 2 === 1)
      throw invalid('not a DICOM file (no DICM marker, no dataset)');
  }
  const reader = new Reader(buf, limits);
  let dataset: Dataset;
  try {
    dataset = reader.dataset(dsStart, buf.length, encoding, 0).ds;
  } catch (err) {
    if (err instanceof CieError) throw err;
    throw invalid(`unreadable dataset: ${(err as Error).message}`, err);
  }
  if (dataset.elements.length === 0) throw invalid('the file holds no DICOM elements');
  return { buf, meta, metaBuf: input, dataset, transferSyntaxUid: ts, encoding, hadMeta };
}

function guessEncoding(buf: Buffer, pos: number): string {
  if (pos + 6 > buf.length) return TS.implicitLE;
  const vr = buf.toString('latin1', pos + 4, pos + 6);
  if (/^[A-Z]{2}$/.test(vr)) return buf.readUInt16LE(pos) > 0x00ff ? TS.explicitBE : TS.explicitLE;
  return TS.implicitLE;
}

/** The value of a text element, without trailing padding. */
export function stringValue(buf: Buffer, el: Element): string {
  if (el.length === UNDEFINED || el.items) return '';
  return buf
    .toString('latin1', el.valueOffset, el.valueOffset + el.length)
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
}

export function findElement(ds: Dataset, tag: number): Element | undefined {
  for (const e of ds.elements) if (e.tag === tag) return e;
  return undefined;
}

export function getString(file: ParsedFile, tag: number, ds: Dataset = file.dataset): string | undefined {
  const el = findElement(ds, tag);
  return el ? stringValue(file.buf, el) : undefined;
}
