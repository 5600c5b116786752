/**
 * The fast path of the header parser: one pass over a Part 10 file's meta group and dataset that
 * allocates nothing per element and keeps only the positions of the attributes the index reads.
 *
 * It is strict on purpose. It accepts exactly the well-formed files that dicom-parser (the slow
 * path, see parse-header.ts) parses without error, and lays them out the same way: explicit and
 * implicit VR little endian, every element, item and sequence fitting in its container, the same
 * sequence detection for implicit VR, the same reading of the transfer syntax. Anything else (big
 * endian, deflated, no preamble, an unknown VR, an undefined length outside sequences, a length
 * running past its container or past the bytes we have) makes it give up and return undefined,
 * and the caller parses with dicom-parser, which gives the precise rejection reason.
 */

import { ITEM, ITEM_DELIM, PIXEL_DATA, SEQ_DELIM, TS, UNDEFINED_LENGTH as UNDEFINED } from './encoding.js';

export interface ElementSpan {
  dataOffset: number;
  length: number;
}

export interface WalkedHeader {
  /** Value of (0002,0010) as dicom-parser reads it to pick the encoding (up to the first NUL). */
  transferSyntax: string;
  /** Positions of the wanted attributes found (last occurrence, meta group first). */
  found: Map<number, ElementSpan>;
  /** PixelData (7FE0,0010) at the top level, when the walk reached it. */
  pixel: ElementSpan | undefined;
}

/** Deepest sequence nesting walked (deeper files go to the slow path). */
const MAX_DEPTH = 16;

/** Length size of each explicit VR as dicom-parser reads it, by its two bytes (first one high). */
const LENGTH_SIZE = new Uint8Array(0x10000);
const code = (vr: string): number => (vr.charCodeAt(0) << 8) | vr.charCodeAt(1);
for (const vr of 'OB OD OL OW SQ OF UC UR UT UN'.split(' ')) LENGTH_SIZE[code(vr)] = 4;
// OV, SV and UV are left out (unknown to the fast path): dicom-parser reads them with a 2-byte length.
for (const vr of 'AE AS AT CS DA DS DT FD FL IS LO LT PN SH SL SS ST TM UI UL US'.split(' ')) {
  LENGTH_SIZE[code(vr)] = 2;
}
const SQ = code('SQ');

/** Thrown (and caught in `walkHeader`) to leave the fast path; made once, thrown often. */
const giveUp = new Error('not on the fast path');

class Walker {
  /** The element header read last by `header`. */
  vr = 0;
  dataOffset = 0;
  length = 0;

  constructor(
    private readonly b: Uint8Array,
    private readonly wanted: ReadonlySet<number>,
    readonly found: Map<number, ElementSpan>,
  ) {}

  u16(at: number): number {
    return (this.b[at] ?? 0) | ((this.b[at + 1] ?? 0) << 8);
  }

  u32(at: number): number {
    return (this.u16(at) + this.u16(at + 2) * 0x10000) >>> 0;
  }

  tag(at: number): number {
    return (this.u16(at) * 0x10000 + this.u16(at + 2)) >>> 0;
  }

  need(at: number, bytes: number, end: number): void {
    if (at + bytes > end) throw giveUp;
  }

  /** Read the element header at `at` (into vr, dataOffset, length); any VR bytes when `anyVr`. */
  header(at: number, end: number, explicit: boolean, anyVr = false): void {
    this.need(at, 8, end);
    if (!explicit) {
      this.vr = 0;
      this.dataOffset = at + 8;
      this.length = this.u32(at + 4);
      return;
    }
    this.vr = ((this.b[at + 4] ?? 0) << 8) | (this.b[at + 5] ?? 0);
    const size = LENGTH_SIZE[this.vr];
    if (size === 4) {
      this.need(at, 12, end);
      this.dataOffset = at + 12;
      this.length = this.u32(at + 8);
    } else if (size === 2 || anyVr) {
      this.dataOffset = at + 8;
      this.length = this.u16(at + 6);
    } else {
      throw giveUp;
    }
  }

  /** Elements from `at` to exactly `end`; returns the offset past the last one. */
  dataset(at: number, end: number, explicit: boolean, depth: number, top: boolean): number {
    while (at < end) {
      if (top && this.tag(at) === PIXEL_DATA) return at;
      at = this.element(at, end, explicit, depth, top);
    }
    if (at !== end) throw giveUp;
    return at;
  }

  /** Elements of an undefined-length item, through its item delimiter. */
  undefinedItem(at: number, limit: number, explicit: boolean, depth: number): number {
    for (;;) {
      this.need(at, 8, limit);
      if (this.tag(at) === ITEM_DELIM) {
        if (this.u32(at + 4) !== 0) throw giveUp;
        return at + 8;
      }
      at = this.element(at, limit, explicit, depth, false);
    }
  }

  /** One element (not PixelData at the top level); returns the offset past it. */
  element(at: number, end: number, explicit: boolean, depth: number, top: boolean): number {
    const tag = this.tag(at);
    if (tag >>> 16 === 0xfffe) throw giveUp;
    this.header(at, end, explicit);
    const { dataOffset, length } = this;
    let sequence = this.vr === SQ;
    if (!explicit) {
      // dicom-parser without a dictionary: a sequence is an element whose value starts with an
      // item or a sequence delimiter (private ones only when of undefined length).
      const next = dataOffset + 4 <= this.b.length ? this.tag(dataOffset) : 0;
      sequence = (next === ITEM || next === SEQ_DELIM) && ((tag >>> 16) % 2 === 0 || length === UNDEFINED);
    }
    const wanted = top && this.wanted.has(tag);
    if (sequence) {
      const past = this.sequence(dataOffset, length, end, explicit, depth + 1);
      // dicom-parser gives a sequence of undefined length the length up to its delimiter.
      if (wanted)
        this.found.set(tag, { dataOffset, length: length === UNDEFINED ? past - 8 - dataOffset : length });
      return past;
    }
    if (wanted) this.found.set(tag, { dataOffset, length });
    if (length === UNDEFINED) throw giveUp;
    this.need(dataOffset, length, end);
    return dataOffset + length;
  }

  /** Items of a sequence whose value starts at `at`; returns the offset past the sequence. */
  sequence(at: number, length: number, end: number, explicit: boolean, depth: number): number {
    if (depth > MAX_DEPTH) throw giveUp;
    const undefinedLength = length === UNDEFINED;
    const stop = undefinedLength ? end : at + length;
    if (stop > end) throw giveUp;
    for (;;) {
      if (!undefinedLength && at === stop) return at;
      this.need(at, 8, stop);
      const tag = this.tag(at);
      if (undefinedLength && tag === SEQ_DELIM) return at + 8;
      if (tag !== ITEM) throw giveUp;
      const itemLength = this.u32(at + 4);
      if (itemLength === UNDEFINED) {
        at = this.undefinedItem(at + 8, stop, explicit, depth);
      } else {
        this.need(at + 8, itemLength, stop);
        at = this.dataset(at + 8, at + 8 + itemLength, explicit, depth, false);
      }
    }
  }
}

/** dicom-parser's reading of a string value: bytes as Latin-1 up to the first NUL. */
export function fixedString(b: Uint8Array, at: number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const c = b[at + i] ?? 0;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * Walk a Part 10 file (or a prefix of it) up to its top-level PixelData, recording the `wanted`
 * top-level attributes (and (0002,0010)). Undefined when the fast path does not apply.
 */
export function walkHeader(b: Uint8Array, wanted: ReadonlySet<number>): WalkedHeader | undefined {
  if (b.length < 132 || b[128] !== 0x44 || b[129] !== 0x49 || b[130] !== 0x43 || b[131] !== 0x4d) {
    return undefined;
  }
  const w = new Walker(b, wanted, new Map());
  try {
    // File meta information: explicit VR little endian elements of groups up to 0002.
    let at = 132;
    let ts: ElementSpan | undefined;
    while (at < b.length) {
      const tag = w.tag(at);
      // dicom-parser reads the first dataset element as explicit VR before looking at its tag,
      // whatever its encoding: VR bytes of every kind, but no sequence and no scan for a delimiter.
      w.header(at, b.length, true, tag > 0x0002ffff);
      if (w.vr === SQ || w.length === UNDEFINED) throw giveUp;
      if (tag > 0x0002ffff) break;
      if (tag >>> 16 !== 0x0002) throw giveUp;
      w.need(w.dataOffset, w.length, b.length);
      if (tag === 0x00020010) ts = { dataOffset: w.dataOffset, length: w.length };
      at = w.dataOffset + w.length;
    }
    // dicom-parser refuses a dataset that starts at the end of the bytes (nothing after the meta).
    if (!ts || at >= b.length) return undefined;
    const transferSyntax = fixedString(b, ts.dataOffset, ts.length);
    if (transferSyntax === TS.explicitBE || transferSyntax === TS.deflatedLE) return undefined;
    const explicit = transferSyntax !== TS.implicitLE;
    at = w.dataset(at, b.length, explicit, 0, true);
    let pixel: ElementSpan | undefined;
    if (at < b.length) {
      w.header(at, b.length, explicit);
      pixel = { dataOffset: w.dataOffset, length: w.length };
    }
    w.found.set(0x00020010, ts);
    return { transferSyntax, found: w.found, pixel };
  } catch (err) {
    if (err === giveUp) return undefined;
    throw err;
  }
}
