/**
 * Parse the header of a DICOM file (everything before the pixel data) into the fields the node
 * indexes. Works on a prefix of the file: when the prefix ends before the header does, the answer
 * is "need more bytes" and the caller reads a longer prefix. Never throws on bad bytes: every
 * failure is a rejection with a stable reason code.
 *
 * Two paths, one answer: the lean walk of `header-walk.ts` takes the common files (about ten
 * times cheaper, no object per element); the others, and every rejection, go through
 * dicom-parser. Both feed the same `extract`.
 */
import { inflateRawSync, constants as zlibConstants } from 'node:zlib';
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { decodeText, parseCharsetTerms } from './charset.js';
import { fixedString, walkHeader, type ElementSpan } from './header-walk.js';
import { TS, UNDEFINED_LENGTH } from './encoding.js';

export const rejectReasons = [
  'EMPTY',
  'NOT_DICOM',
  'TRUNCATED',
  'BROKEN_TAGS',
  'MISSING_UID',
  'UNREADABLE',
] as const;
export type RejectReason = (typeof rejectReasons)[number];

export interface DicomHeader {
  patientId: string | undefined;
  patientSex: string | undefined;
  /** Year of PatientBirthDate only (the rest is identifying and not needed). */
  patientBirthYear: number | undefined;
  /** PatientAge (0010,1010) in whole years. */
  patientAge: number | undefined;
  /** PatientName (0010,0010) as written (a de-identified file carries its pseudonym or nothing). */
  patientName: string | undefined;
  /** PatientBirthDate (0010,0030) as a DICOM DA (YYYYMMDD) when valid: QIDO-RS returns it. */
  patientBirthDate: string | undefined;
  studyInstanceUid: string;
  /** ISO date YYYY-MM-DD, when StudyDate is a valid date. */
  studyDate: string | undefined;
  studyDescription: string | undefined;
  seriesInstanceUid: string;
  modality: string | undefined;
  bodyPartExamined: string | undefined;
  manufacturer: string | undefined;
  manufacturerModelName: string | undefined;
  seriesDescription: string | undefined;
  sliceThickness: number | undefined;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
  instanceNumber: number | undefined;
  rows: number | undefined;
  columns: number | undefined;
  numberOfFrames: number | undefined;
  /** BitsAllocated (0028,0100); undefined for instances without pixel data. */
  bitsAllocated: number | undefined;
  /** Study/series attributes QIDO-RS returns by default (DICOMweb columns of the index). */
  accessionNumber: string | undefined;
  studyTime: string | undefined;
  studyId: string | undefined;
  referringPhysicianName: string | undefined;
  seriesNumber: number | undefined;
  /** false when the file has no 128-byte preamble + "DICM" (a raw dataset). */
  part10: boolean;
}

export type HeaderResult =
  { ok: true; header: DicomHeader } | { ok: false; reason: RejectReason; message: string };

/** The answer on a prefix: a result, or "read more of the file". */
export type PrefixResult = HeaderResult | { ok: false; reason: 'NEED_MORE' };

/** PixelData as dicom-parser keys its elements. */
const PIXEL_DATA = 'x7fe00010';

/** The attributes the index reads (tag numbers GGGGEEEE). */
const T = {
  TransferSyntaxUID: 0x00020010,
  SpecificCharacterSet: 0x00080005,
  SOPClassUID: 0x00080016,
  SOPInstanceUID: 0x00080018,
  StudyDate: 0x00080020,
  StudyTime: 0x00080030,
  AccessionNumber: 0x00080050,
  Modality: 0x00080060,
  Manufacturer: 0x00080070,
  ReferringPhysicianName: 0x00080090,
  StudyDescription: 0x00081030,
  SeriesDescription: 0x0008103e,
  ManufacturerModelName: 0x00081090,
  PatientName: 0x00100010,
  PatientID: 0x00100020,
  PatientBirthDate: 0x00100030,
  PatientSex: 0x00100040,
  PatientAge: 0x00101010,
  BodyPartExamined: 0x00180015,
  SliceThickness: 0x00180050,
  StudyInstanceUID: 0x0020000d,
  SeriesInstanceUID: 0x0020000e,
  StudyID: 0x00200010,
  SeriesNumber: 0x00200011,
  InstanceNumber: 0x00200013,
  NumberOfFrames: 0x00280008,
  Rows: 0x00280010,
  Columns: 0x00280011,
  BitsAllocated: 0x00280100,
} as const;
/** What the fast walk records ((0002,0010) comes from the file meta information). */
const WANTED: ReadonlySet<number> = new Set(Object.values(T).filter((t) => t !== T.TransferSyntaxUID));

const reject = (reason: RejectReason, message: string): HeaderResult => ({ ok: false, reason, message });

function isUpper(b: number | undefined): boolean {
  return b !== undefined && b >= 0x41 && b <= 0x5a;
}

/**
 * A dataset without preamble: accept it when it starts with a plausible tag of the file meta
 * (0002), directory (0004) or identifying (0008) group, and guess its encoding from the bytes.
 */
function sniffRawDataset(b: Uint8Array): string | undefined {
  if (b.length < 8) return undefined;
  const groupLE = (b[0] ?? 0) | ((b[1] ?? 0) << 8);
  const groupBE = ((b[0] ?? 0) << 8) | (b[1] ?? 0);
  const explicitVr = isUpper(b[4]) && isUpper(b[5]);
  if (groupLE === 0x0008 || groupLE === 0x0002 || groupLE === 0x0004) {
    return explicitVr ? TS.explicitLE : TS.implicitLE;
  }
  if (groupBE === 0x0008 && explicitVr) return TS.explicitBE;
  return undefined;
}

function hasPart10Prefix(b: Uint8Array): boolean {
  return b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d;
}

/** End of the file meta information per its group length (0002,0000), or 0 when absent. */
function metaEnd(b: Uint8Array): number {
  if (b.length < 144 || b[132] !== 0x02 || b[133] !== 0 || b[134] !== 0 || b[135] !== 0) return 0;
  const len = ((b[140] ?? 0) | ((b[141] ?? 0) << 8) | ((b[142] ?? 0) << 16)) + (b[143] ?? 0) * 0x1000000;
  return 144 + len;
}

/** Deflated datasets: inflate what we have (a prefix inflates to a prefix of the dataset). */
function inflater(bytes: Uint8Array, position: number): Uint8Array {
  const inflated = inflateRawSync(bytes.subarray(position), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  const out = new Uint8Array(position + inflated.length);
  out.set(bytes.subarray(0, position), 0);
  out.set(inflated, position);
  return out;
}

function isOverrun(err: unknown): boolean {
  const text = typeof err === 'string' ? err : err instanceof Error ? err.message : '';
  return /past end of buffer|buffer overrun|buffer overread|end of file|eof encountered|maxP ?osition/i.test(
    text,
  );
}

const validVrs = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(
    ' ',
  ),
);

/** An element with a VR that is not a DICOM VR: the bytes are not a well-formed dataset. */
function hasBadVr(ds: DataSet | undefined): boolean {
  if (!ds) return false;
  return Object.values(ds.elements).some((el) => el.vr !== undefined && !validVrs.has(el.vr));
}

function describe(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && 'exception' in err) return describe(err.exception);
  return String(err);
}

/** dicom-parser throws `{exception, dataSet}` from the dataset phase; unwrap it. */
function unwrap(err: unknown): { cause: unknown; partial: DataSet | undefined } {
  if (err && typeof err === 'object' && 'exception' in err && 'dataSet' in err) {
    const e = err as { exception: unknown; dataSet: DataSet };
    return { cause: e.exception, partial: e.dataSet };
  }
  return { cause: err, partial: undefined };
}

/**
 * The parsed header as `extract` reads it, from either path: the bytes the offsets refer to, and
 * the top-level elements by tag number (GGGGEEEE).
 */
interface HeaderView {
  bytes: Uint8Array;
  littleEndian: boolean;
  element(tag: number): ElementSpan | undefined;
}

function dicomParserView(ds: DataSet): HeaderView {
  return {
    bytes: ds.byteArray,
    littleEndian: ds.byteArrayParser !== dicomParser.bigEndianByteArrayParser,
    element: (tag) => ds.elements[`x${tag.toString(16).padStart(8, '0')}`],
  };
}

function valueInBuffer(v: HeaderView, el: ElementSpan | undefined): el is ElementSpan {
  return !!el && el.length !== UNDEFINED_LENGTH && el.dataOffset + el.length <= v.bytes.length;
}

/** A string value as dicom-parser's `DataSet.string` reads it, without NULs and blanks. */
function str(v: HeaderView, tag: number): string | undefined {
  const el = v.element(tag);
  if (!el || el.length === 0 || !valueInBuffer(v, el)) return undefined;
  const s = fixedString(v.bytes, el.dataOffset, el.length).trim();
  return s ? s : undefined;
}

/** A text value (PN, LO, SH, ST, LT, UT, UC) decoded per the file's Specific Character Set. */
function text(v: HeaderView, tag: number, charset: readonly string[]): string | undefined {
  const el = v.element(tag);
  if (!el || el.length === 0 || !valueInBuffer(v, el)) return undefined;
  const s = decodeText(v.bytes.subarray(el.dataOffset, el.dataOffset + el.length), charset)
    .replace(/\0/g, '')
    .trim();
  return s ? s : undefined;
}

function int(v: HeaderView, tag: number): number | undefined {
  const s = str(v, tag);
  if (s === undefined) return undefined;
  const n = Number.parseInt(s.split('\\')[0] ?? '', 10);
  return Number.isFinite(n) ? n : undefined;
}

function float(v: HeaderView, tag: number): number | undefined {
  const s = str(v, tag);
  if (s === undefined) return undefined;
  const n = Number.parseFloat(s.split('\\')[0] ?? '');
  return Number.isFinite(n) ? n : undefined;
}

function us(v: HeaderView, tag: number): number | undefined {
  const el = v.element(tag);
  if (!el || el.length < 2 || !valueInBuffer(v, el)) return undefined;
  const [a, b] = [v.bytes[el.dataOffset] ?? 0, v.bytes[el.dataOffset + 1] ?? 0];
  return v.littleEndian ? a + b * 256 : (a << 8) + b;
}

function isoDate(da: string | undefined): string | undefined {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da ?? '');
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d) ? undefined : `${y}-${mo}-${d}`;
}

/** A valid DA as YYYYMMDD (the ACR-NEMA YYYY.MM.DD form normalised), else undefined. */
function daString(da: string | undefined): string | undefined {
  return isoDate(da)?.replace(/-/g, '');
}

function birthYear(da: string | undefined): number | undefined {
  const m = /^(\d{4})/.exec(da ?? '');
  const y = m ? Number(m[1]) : NaN;
  return y >= 1850 && y <= 2200 ? y : undefined;
}

/** AS (e.g. "045Y", "006M") → whole years. */
function ageYears(as: string | undefined): number | undefined {
  const m = /^(\d{1,3})\s*([YMWD])?$/i.exec(as ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  switch ((m[2] ?? 'Y').toUpperCase()) {
    case 'M':
      return Math.floor(n / 12);
    case 'W':
      return Math.floor(n / 52);
    case 'D':
      return Math.floor(n / 365);
    default:
      return n;
  }
}

/**
 * Parse a prefix of a file of `fileSize` bytes. `bytes.length === fileSize` means the whole file.
 */
export function parseHeaderPrefix(bytes: Uint8Array, fileSize: number): PrefixResult {
  const walked = walkHeader(bytes, WANTED);
  if (walked) {
    if (bytes.length < fileSize && !walked.pixel) return { ok: false, reason: 'NEED_MORE' };
    const view: HeaderView = {
      bytes,
      littleEndian: true,
      element: (tag) => walked.found.get(tag),
    };
    return extract(view, fileSize, true, undefined, walked.pixel);
  }
  return parseWithDicomParser(bytes, fileSize);
}

/**
 * The slow path: every file the fast walk does not take, and the reason for every rejection.
 * Exported for the tests that hold the fast walk to the same answers.
 */
export function parseWithDicomParser(bytes: Uint8Array, fileSize: number): PrefixResult {
  const whole = bytes.length >= fileSize;
  if (fileSize === 0) return reject('EMPTY', 'the file is empty (0 bytes)');
  const part10 = hasPart10Prefix(bytes);
  let rawSyntax: string | undefined;
  if (!part10) {
    if (bytes.length < 132 && !whole) return { ok: false, reason: 'NEED_MORE' };
    rawSyntax = sniffRawDataset(bytes);
    if (!rawSyntax) return reject('NOT_DICOM', 'no "DICM" marker at byte 128 and no DICOM tag at byte 0');
  }
  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(bytes, {
      untilTag: PIXEL_DATA,
      inflater: inflater as unknown as (arr: Uint8Array, position: number) => void,
      ...(rawSyntax ? { TransferSyntaxUID: rawSyntax } : {}),
    });
  } catch (err) {
    const { cause, partial } = unwrap(err);
    if (!whole && (isOverrun(cause) || partial?.elements[PIXEL_DATA] === undefined)) {
      return { ok: false, reason: 'NEED_MORE' };
    }
    const msg = describe(cause);
    if (part10 && (bytes.length < 144 || metaEnd(bytes) > bytes.length)) {
      return reject('TRUNCATED', 'the file ends inside its file meta information');
    }
    if (/missing required meta header attribute 0002,0010/.test(msg)) {
      return reject('BROKEN_TAGS', 'the file meta information has no TransferSyntaxUID (0002,0010)');
    }
    if (hasBadVr(partial)) return reject('BROKEN_TAGS', `a data element has an invalid VR: ${msg}`);
    if (isOverrun(cause)) return reject('TRUNCATED', `the header ends before its last element: ${msg}`);
    return reject('BROKEN_TAGS', `malformed data elements: ${msg}`);
  }
  const pixel = ds.elements[PIXEL_DATA];
  if (!whole && !pixel) return { ok: false, reason: 'NEED_MORE' };
  const cut = Object.values(ds.elements).find(
    (el) => el !== pixel && el.length !== UNDEFINED_LENGTH && el.dataOffset + el.length > ds.byteArray.length,
  );
  if (cut) return reject('TRUNCATED', `the file ends inside element ${cut.tag.slice(1)}`);
  return extract(dicomParserView(ds), fileSize, part10, rawSyntax, pixel);
}

function extract(
  v: HeaderView,
  fileSize: number,
  part10: boolean,
  rawSyntax: string | undefined,
  pixel: ElementSpan | undefined,
): HeaderResult {
  const transferSyntaxUid = (part10 ? str(v, T.TransferSyntaxUID) : undefined) ?? rawSyntax ?? TS.implicitLE;
  // A defined-length pixel data element that runs past the end of the file: the image is cut off.
  if (
    pixel &&
    transferSyntaxUid !== TS.deflatedLE &&
    pixel.length !== UNDEFINED_LENGTH &&
    pixel.dataOffset + pixel.length > fileSize
  ) {
    return reject(
      'TRUNCATED',
      `pixel data (7fe0,0010) declares ${pixel.length} bytes but the file ends ${fileSize - pixel.dataOffset} bytes after its start`,
    );
  }
  const uids = {
    studyInstanceUid: [T.StudyInstanceUID, 'StudyInstanceUID (0020,000D)'],
    seriesInstanceUid: [T.SeriesInstanceUID, 'SeriesInstanceUID (0020,000E)'],
    sopInstanceUid: [T.SOPInstanceUID, 'SOPInstanceUID (0008,0018)'],
    sopClassUid: [T.SOPClassUID, 'SOPClassUID (0008,0016)'],
  } as const;
  const got: Partial<Record<keyof typeof uids, string>> = {};
  for (const [key, [tag, name]] of Object.entries(uids) as Array<
    [keyof typeof uids, readonly [number, string]]
  >) {
    const el = v.element(tag);
    if (el && !valueInBuffer(v, el)) return reject('TRUNCATED', `${name} runs past the end of the file`);
    const uid = str(v, tag);
    if (!uid) return reject('MISSING_UID', `${name} is missing or empty`);
    if (!/^[0-9.]{1,64}$/.test(uid))
      return reject('BROKEN_TAGS', `${name} is not a valid UID: "${uid.slice(0, 80)}"`);
    got[key] = uid;
  }
  const cs = parseCharsetTerms(str(v, T.SpecificCharacterSet));
  return {
    ok: true,
    header: {
      patientId: text(v, T.PatientID, cs),
      patientSex: str(v, T.PatientSex),
      patientBirthYear: birthYear(str(v, T.PatientBirthDate)),
      patientAge: ageYears(str(v, T.PatientAge)),
      patientName: text(v, T.PatientName, cs),
      patientBirthDate: daString(str(v, T.PatientBirthDate)),
      studyInstanceUid: got.studyInstanceUid ?? '',
      studyDate: isoDate(str(v, T.StudyDate)),
      studyDescription: text(v, T.StudyDescription, cs),
      seriesInstanceUid: got.seriesInstanceUid ?? '',
      modality: str(v, T.Modality),
      bodyPartExamined: str(v, T.BodyPartExamined),
      manufacturer: text(v, T.Manufacturer, cs),
      manufacturerModelName: text(v, T.ManufacturerModelName, cs),
      seriesDescription: text(v, T.SeriesDescription, cs),
      sliceThickness: float(v, T.SliceThickness),
      sopInstanceUid: got.sopInstanceUid ?? '',
      sopClassUid: got.sopClassUid ?? '',
      transferSyntaxUid,
      instanceNumber: int(v, T.InstanceNumber),
      rows: us(v, T.Rows),
      columns: us(v, T.Columns),
      numberOfFrames: int(v, T.NumberOfFrames),
      bitsAllocated: us(v, T.BitsAllocated),
      accessionNumber: text(v, T.AccessionNumber, cs),
      studyTime: str(v, T.StudyTime),
      studyId: text(v, T.StudyID, cs),
      referringPhysicianName: text(v, T.ReferringPhysicianName, cs),
      seriesNumber: int(v, T.SeriesNumber),
      part10,
    },
  };
}

/** Parse a whole file's bytes. */
export function parseHeader(bytes: Uint8Array): HeaderResult {
  const r = parseHeaderPrefix(bytes, bytes.length);
  // With the whole file there is never "more" to read; a header that needs more is cut off.
  return r.ok || r.reason !== 'NEED_MORE' ? r : reject('TRUNCATED', 'the file ends inside the header');
}
