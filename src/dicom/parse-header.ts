/**
 * Parse the header of a DICOM file (everything before the pixel data) into the fields the node
 * indexes. Works on a prefix of the file: when the prefix ends before the header does, the answer
 * is "need more bytes" and the caller reads a longer prefix. Never throws on bad bytes: every
 * failure is a rejection with a stable reason code.
 */
import { inflateRawSync, constants as zlibConstants } from 'node:zlib';
import dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { decodeText, parseCharsetTerms } from './charset.js';

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

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';
const PIXEL_DATA = 'x7fe00010';
const UNDEFINED_LENGTH = 0xffffffff;

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
    return explicitVr ? EXPLICIT_LE : IMPLICIT_LE;
  }
  if (groupBE === 0x0008 && explicitVr) return EXPLICIT_BE;
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

function valueInBuffer(ds: DataSet, el: Element | undefined): boolean {
  return !!el && el.length !== UNDEFINED_LENGTH && el.dataOffset + el.length <= ds.byteArray.length;
}

function str(ds: DataSet, tag: string): string | undefined {
  const el = ds.elements[tag];
  if (!el || el.length === 0 || !valueInBuffer(ds, el)) return undefined;
  try {
    const v = ds.string(tag)?.replace(/\0/g, '').trim();
    return v ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A text value (PN, LO, SH, ST, LT, UT, UC) decoded per the file's Specific Character Set. */
function text(ds: DataSet, tag: string, charset: readonly string[]): string | undefined {
  const el = ds.elements[tag];
  if (!el || el.length === 0 || !valueInBuffer(ds, el)) return undefined;
  const v = decodeText(ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length), charset)
    .replace(/\0/g, '')
    .trim();
  return v ? v : undefined;
}

function int(ds: DataSet, tag: string): number | undefined {
  const v = str(ds, tag);
  if (v === undefined) return undefined;
  const n = Number.parseInt(v.split('\\')[0] ?? '', 10);
  return Number.isFinite(n) ? n : undefined;
}

function float(ds: DataSet, tag: string): number | undefined {
  const v = str(ds, tag);
  if (v === undefined) return undefined;
  const n = Number.parseFloat(v.split('\\')[0] ?? '');
  return Number.isFinite(n) ? n : undefined;
}

function us(ds: DataSet, tag: string): number | undefined {
  const el = ds.elements[tag];
  if (!el || el.length < 2 || !valueInBuffer(ds, el)) return undefined;
  try {
    return ds.uint16(tag);
  } catch {
    return undefined;
  }
}

function isoDate(da: string | undefined): string | undefined {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da ?? '');
  if (!m) return undefined;
  const [, y, mo, d] = m;
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d) ? undefined : `${y}-${mo}-${d}`;
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
  return extract(ds, fileSize, part10, rawSyntax, pixel);
}

function extract(
  ds: DataSet,
  fileSize: number,
  part10: boolean,
  rawSyntax: string | undefined,
  pixel: Element | undefined,
): HeaderResult {
  const transferSyntaxUid = (part10 ? str(ds, 'x00020010') : undefined) ?? rawSyntax ?? IMPLICIT_LE;
  // A defined-length pixel data element that runs past the end of the file: the image is cut off.
  if (
    pixel &&
    transferSyntaxUid !== DEFLATED &&
    pixel.length !== UNDEFINED_LENGTH &&
    pixel.dataOffset + pixel.length > fileSize
  ) {
    return reject(
      'TRUNCATED',
      `pixel data (7fe0,0010) declares ${pixel.length} bytes but the file ends ${fileSize - pixel.dataOffset} bytes after its start`,
    );
  }
  const uids = {
    studyInstanceUid: ['x0020000d', 'StudyInstanceUID (0020,000D)'],
    seriesInstanceUid: ['x0020000e', 'SeriesInstanceUID (0020,000E)'],
    sopInstanceUid: ['x00080018', 'SOPInstanceUID (0008,0018)'],
    sopClassUid: ['x00080016', 'SOPClassUID (0008,0016)'],
  } as const;
  const got: Partial<Record<keyof typeof uids, string>> = {};
  for (const [key, [tag, name]] of Object.entries(uids) as Array<
    [keyof typeof uids, readonly [string, string]]
  >) {
    const el = ds.elements[tag];
    if (el && !valueInBuffer(ds, el)) return reject('TRUNCATED', `${name} runs past the end of the file`);
    const v = str(ds, tag);
    if (!v) return reject('MISSING_UID', `${name} is missing or empty`);
    if (!/^[0-9.]{1,64}$/.test(v))
      return reject('BROKEN_TAGS', `${name} is not a valid UID: "${v.slice(0, 80)}"`);
    got[key] = v;
  }
  const cs = parseCharsetTerms(str(ds, 'x00080005'));
  return {
    ok: true,
    header: {
      patientId: text(ds, 'x00100020', cs),
      patientSex: str(ds, 'x00100040'),
      patientBirthYear: birthYear(str(ds, 'x00100030')),
      patientAge: ageYears(str(ds, 'x00101010')),
      studyInstanceUid: got.studyInstanceUid ?? '',
      studyDate: isoDate(str(ds, 'x00080020')),
      studyDescription: text(ds, 'x00081030', cs),
      seriesInstanceUid: got.seriesInstanceUid ?? '',
      modality: str(ds, 'x00080060'),
      bodyPartExamined: str(ds, 'x00180015'),
      manufacturer: text(ds, 'x00080070', cs),
      manufacturerModelName: text(ds, 'x00081090', cs),
      seriesDescription: text(ds, 'x0008103e', cs),
      sliceThickness: float(ds, 'x00180050'),
      sopInstanceUid: got.sopInstanceUid ?? '',
      sopClassUid: got.sopClassUid ?? '',
      transferSyntaxUid,
      instanceNumber: int(ds, 'x00200013'),
      rows: us(ds, 'x00280010'),
      columns: us(ds, 'x00280011'),
      numberOfFrames: int(ds, 'x00280008'),
      accessionNumber: text(ds, 'x00080050', cs),
      studyTime: str(ds, 'x00080030'),
      studyId: text(ds, 'x00200010', cs),
      referringPhysicianName: text(ds, 'x00080090', cs),
      seriesNumber: int(ds, 'x00200011'),
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
