/**
 * A small, fast DICOM Part 10 writer: explicit VR little endian only, defined lengths everywhere
 * (sequences and items included), the File Meta group with its group length, and values padded to
 * even length as PS3.5 requires (UI with NUL, other text with a space, binary with a zero byte).
 *
 * A dataset is a list of elements in any order; the writer sorts them by tag and rejects
 * duplicates. Text values are ASCII (the default character repertoire), which is what the
 * generators and de-identifiers of this project produce.
 *
 * @example
 *   const bytes = encodePart10(
 *     { sopClassUid: sopClasses.ctImage, sopInstanceUid: uid },
 *     [el(tags.Modality, 'CS', 'CT'), el(tags.SOPInstanceUID, 'UI', uid)],
 *   );
 */
import { CieError } from '../errors.js';

export type TextVR =
  | 'AE'
  | 'AS'
  | 'CS'
  | 'DA'
  | 'DS'
  | 'DT'
  | 'IS'
  | 'LO'
  | 'LT'
  | 'PN'
  | 'SH'
  | 'ST'
  | 'TM'
  | 'UC'
  | 'UI'
  | 'UR'
  | 'UT';
export type NumericVR = 'US' | 'SS' | 'UL' | 'SL' | 'FL' | 'FD' | 'AT';
export type BinaryVR = 'OB' | 'OW' | 'UN';
export type VR = TextVR | NumericVR | BinaryVR | 'SQ';

export type TextValue = string | number | ReadonlyArray<string | number>;

export type DicomElement =
  | { readonly tag: number; readonly vr: TextVR; readonly value: TextValue }
  | { readonly tag: number; readonly vr: NumericVR; readonly value: number | readonly number[] }
  | { readonly tag: number; readonly vr: BinaryVR; readonly value: Uint8Array }
  | { readonly tag: number; readonly vr: 'SQ'; readonly value: ReadonlyArray<DicomDataset> };

export type DicomDataset = ReadonlyArray<DicomElement>;

/** Build one element; the overloads tie each VR to the value type it takes. */
export function el(tag: number, vr: TextVR, value: TextValue): DicomElement;
export function el(tag: number, vr: NumericVR, value: number | readonly number[]): DicomElement;
export function el(tag: number, vr: BinaryVR, value: Uint8Array): DicomElement;
export function el(tag: number, vr: 'SQ', value: ReadonlyArray<DicomDataset>): DicomElement;
export function el(tag: number, vr: VR, value: unknown): DicomElement {
  return { tag, vr, value } as DicomElement;
}

export const explicitVrLittleEndian = '1.2.840.10008.1.2.1';

export interface FileMeta {
  sopClassUid: string;
  sopInstanceUid: string;
  /** (0002,0012); defaults to this project's implementation class UID. */
  implementationClassUid?: string;
  /** (0002,0013), at most 16 characters. */
  implementationVersionName?: string;
}

export const cieImplementationClassUid = '1.2.826.0.1.3680043.8.498.1.0.1';
export const cieImplementationVersionName = 'CIE_0_1';

/** VRs whose explicit-VR header has 2 reserved bytes and a 32-bit length. */
const longFormVRs = new Set<VR>(['OB', 'OW', 'UN', 'SQ', 'UC', 'UR', 'UT']);

/** Largest value length (in bytes) of the text VRs with a fixed limit, per PS3.5 table 6.2-1. */
const textMaxLength: Partial<Record<TextVR, number>> = {
  AE: 16,
  AS: 4,
  CS: 16,
  DA: 8,
  DS: 16,
  IS: 12,
  LO: 64,
  PN: 64,
  SH: 16,
  TM: 14,
  UI: 64,
};

/** A growable byte buffer with little-endian writers and length back-patching. */
class ByteSink {
  buf: Buffer;
  pos = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16LE(v, this.pos);
    this.pos += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v, this.pos);
    this.pos += 4;
  }

  patchU32(at: number, v: number): void {
    this.buf.writeUInt32LE(v, at);
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  ascii(s: string): void {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  zero(n: number): void {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }
}

function invalid(tag: number, message: string): CieError {
  return new CieError('DICOM_INVALID', `${tagString(tag)}: ${message}`, { tag: tagString(tag) });
}

export function tagString(tag: number): string {
  const hex = (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}

/** Format a decimal string (DS): at most 16 characters, no exponent unless unavoidable. */
export function formatDS(n: number): string {
  if (!Number.isFinite(n)) throw new CieError('DICOM_INVALID', `DS value must be finite, not ${n}`);
  let s = String(n);
  if (s.length <= 16) return s;
  for (let digits = 15; digits > 0; digits--) {
    s = String(Number(n.toPrecision(digits)));
    if (s.length <= 16) return s;
  }
  return n.toExponential(8);
}

function textOf(tag: number, vr: TextVR, value: TextValue): string {
  const parts = typeof value === 'string' || typeof value === 'number' ? [value] : value;
  const strings = parts.map((p) => {
    if (typeof p === 'string') return p;
    if (vr === 'IS') {
      if (!Number.isInteger(p)) throw invalid(tag, `IS value must be an integer, not ${p}`);
      return String(p);
    }
    if (vr === 'DS') return formatDS(p);
    throw invalid(tag, `${vr} takes text, not the number ${p}`);
  });
  const max = textMaxLength[vr];
  for (const s of strings) {
    if (max !== undefined && s.length > max) {
      throw invalid(tag, `${vr} value "${s}" is longer than ${max} characters`);
    }
    if (s.includes('\\') && vr !== 'LT' && vr !== 'ST' && vr !== 'UT') {
      throw invalid(tag, `${vr} value "${s}" contains a backslash (the value separator)`);
    }
    if (/[^\x20-\x7e\r\n\t\f]/.test(s)) throw invalid(tag, `${vr} value must be ASCII text`);
  }
  return strings.join('\\');
}

function writeHeader(sink: ByteSink, tag: number, vr: VR, length: number): void {
  sink.u16(tag >>> 16);
  sink.u16(tag & 0xffff);
  sink.ascii(vr);
  if (longFormVRs.has(vr)) {
    sink.u16(0);
    sink.u32(length);
  } else {
    if (length > 0xffff) throw invalid(tag, `value of ${length} bytes is too long for VR ${vr}`);
    sink.u16(length);
  }
}

const numericSize: Record<NumericVR, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, AT: 4 };

function writeNumeric(sink: ByteSink, vr: NumericVR, values: readonly number[]): void {
  sink.ensure(values.length * numericSize[vr]);
  const b = sink.buf;
  for (const v of values) {
    switch (vr) {
      case 'US':
        b.writeUInt16LE(v, sink.pos);
        break;
      case 'SS':
        b.writeInt16LE(v, sink.pos);
        break;
      case 'UL':
        b.writeUInt32LE(v, sink.pos);
        break;
      case 'SL':
        b.writeInt32LE(v, sink.pos);
        break;
      case 'FL':
        b.writeFloatLE(v, sink.pos);
        break;
      case 'FD':
        b.writeDoubleLE(v, sink.pos);
        break;
      case 'AT':
        b.writeUInt16LE(v >>> 16, sink.pos);
        b.writeUInt16LE(v & 0xffff, sink.pos + 2);
        break;
      default: {
        const never: never = vr;
        throw new Error(`unhandled VR ${String(never)}`);
      }
    }
    sink.pos += numericSize[vr];
  }
}

function writeElement(sink: ByteSink, e: DicomElement): void {
  switch (e.vr) {
    case 'SQ': {
      writeHeader(sink, e.tag, 'SQ', 0);
      const lengthAt = sink.pos - 4;
      const start = sink.pos;
      for (const item of e.value) {
        sink.u16(0xfffe);
        sink.u16(0xe000);
        const itemLengthAt = sink.pos;
        sink.u32(0);
        const itemStart = sink.pos;
        writeDataset(sink, item);
        sink.patchU32(itemLengthAt, sink.pos - itemStart);
      }
      sink.patchU32(lengthAt, sink.pos - start);
      return;
    }
    case 'OB':
    case 'OW':
    case 'UN': {
      const odd = e.value.length % 2;
      if (odd && e.vr === 'OW') throw invalid(e.tag, 'OW value must have an even number of bytes');
      writeHeader(sink, e.tag, e.vr, e.value.length + odd);
      sink.bytes(e.value);
      if (odd) sink.zero(1);
      return;
    }
    case 'US':
    case 'SS':
    case 'UL':
    case 'SL':
    case 'FL':
    case 'FD':
    case 'AT': {
      const values = typeof e.value === 'number' ? [e.value] : e.value;
      writeHeader(sink, e.tag, e.vr, values.length * numericSize[e.vr]);
      writeNumeric(sink, e.vr, values);
      return;
    }
    case 'AE':
    case 'AS':
    case 'CS':
    case 'DA':
    case 'DS':
    case 'DT':
    case 'IS':
    case 'LO':
    case 'LT':
    case 'PN':
    case 'SH':
    case 'ST':
    case 'TM':
    case 'UC':
    case 'UI':
    case 'UR':
    case 'UT': {
      const text = textOf(e.tag, e.vr, e.value);
      const odd = text.length % 2;
      writeHeader(sink, e.tag, e.vr, text.length + odd);
      sink.ascii(text);
      if (odd) {
        if (e.vr === 'UI') sink.zero(1);
        else sink.ascii(' ');
      }
      return;
    }
    default: {
      const never: never = e;
      throw new Error(`unhandled element ${JSON.stringify(never)}`);
    }
  }
}

function writeDataset(sink: ByteSink, ds: DicomDataset): void {
  const sorted = [...ds].sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0));
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    if (i > 0 && sorted[i - 1]!.tag === e.tag) throw invalid(e.tag, 'element appears twice');
    const group = e.tag >>> 16;
    if (group === 0x0002) throw invalid(e.tag, 'File Meta elements belong in FileMeta, not the dataset');
    if (group === 0xfffe) throw invalid(e.tag, 'item delimiters cannot be dataset elements');
    writeElement(sink, e);
  }
}

// One sink reused across calls: encoding is synchronous, and it saves an allocation per file.
const shared = new ByteSink(64 * 1024);

/** Encode a dataset alone (no preamble, no File Meta), explicit VR little endian. */
export function encodeDataset(ds: DicomDataset): Buffer {
  shared.pos = 0;
  writeDataset(shared, ds);
  return Buffer.from(shared.buf.subarray(0, shared.pos));
}

/** Encode a complete Part 10 file: 128-byte preamble, "DICM", File Meta group, dataset. */
export function encodePart10(meta: FileMeta, ds: DicomDataset): Buffer {
  const sink = shared;
  sink.pos = 0;
  sink.zero(128);
  sink.ascii('DICM');
  const metaElements: DicomDataset = [
    el(0x00020001, 'OB', Uint8Array.of(0, 1)),
    el(0x00020002, 'UI', meta.sopClassUid),
    el(0x00020003, 'UI', meta.sopInstanceUid),
    el(0x00020010, 'UI', explicitVrLittleEndian),
    el(0x00020012, 'UI', meta.implementationClassUid ?? cieImplementationClassUid),
    el(0x00020013, 'SH', meta.implementationVersionName ?? cieImplementationVersionName),
  ];
  writeHeader(sink, 0x00020000, 'UL', 4);
  const groupLengthAt = sink.pos;
  sink.u32(0);
  const metaStart = sink.pos;
  for (const e of metaElements) writeElement(sink, e);
  sink.patchU32(groupLengthAt, sink.pos - metaStart);
  writeDataset(sink, ds);
  return Buffer.from(sink.buf.subarray(0, sink.pos));
}
