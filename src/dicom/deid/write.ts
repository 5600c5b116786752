/** Encoding of element headers and values, in the dataset's own transfer syntax. */
import { ITEM, ITEM_DELIM, SEQ_DELIM, UNDEFINED_LENGTH as UNDEFINED } from '../encoding.js';
import { LONG_VRS, type Encoding } from './parse.js';

export interface Out {
  tag: number;
  parts: Buffer[];
}

export function header(tag: number, vr: string, length: number, enc: Encoding): Buffer {
  const le = enc.littleEndian;
  const group = tag >>> 16;
  const elem = tag & 0xffff;
  if (!enc.explicit || group === 0xfffe) {
    const b = Buffer.allocUnsafe(8);
    if (le) {
      b.writeUInt16LE(group, 0);
      b.writeUInt16LE(elem, 2);
      b.writeUInt32LE(length, 4);
    } else {
      b.writeUInt16BE(group, 0);
      b.writeUInt16BE(elem, 2);
      b.writeUInt32BE(length, 4);
    }
    return b;
  }
  const long = LONG_VRS.has(vr);
  const b = Buffer.alloc(long ? 12 : 8); // zeroed: the reserved bytes of long VRs must be 0
  if (le) {
    b.writeUInt16LE(group, 0);
    b.writeUInt16LE(elem, 2);
  } else {
    b.writeUInt16BE(group, 0);
    b.writeUInt16BE(elem, 2);
  }
  b.write(vr, 4, 'latin1');
  if (long) {
    if (le) b.writeUInt32LE(length, 8);
    else b.writeUInt32BE(length, 8);
  } else if (le) b.writeUInt16LE(length, 6);
  else b.writeUInt16BE(length, 6);
  return b;
}

/** A text element, padded to even length (NUL for UI, space otherwise). */
export function textElement(tag: number, vr: string, value: string, enc: Encoding): Out {
  const n = Buffer.byteLength(value, 'latin1');
  const v = Buffer.allocUnsafe(n + (n % 2));
  v.write(value, 0, 'latin1');
  if (n % 2 === 1) v[n] = vr === 'UI' ? 0 : 0x20;
  const value2 = !LONG_VRS.has(vr) && enc.explicit && v.length > 0xfffe ? v.subarray(0, 0xfffe) : v;
  return { tag, parts: [header(tag, vr, value2.length, enc), value2] };
}

/** A sequence written with undefined lengths (no length bookkeeping needed). */
export function sequenceElement(
  tag: number,
  vr: string,
  items: Out[][],
  enc: Encoding,
  itemEnc: Encoding,
): Out {
  const parts: Buffer[] = [header(tag, vr, UNDEFINED, enc)];
  for (const item of items) {
    parts.push(header(ITEM, '', UNDEFINED, itemEnc));
    for (const el of item) parts.push(...el.parts);
    parts.push(header(ITEM_DELIM, '', 0, itemEnc));
  }
  parts.push(header(SEQ_DELIM, '', 0, itemEnc));
  return { tag, parts };
}

const dummyText: Record<string, string> = {
  AE: 'ANONYMOUS',
  AS: '000Y',
  CS: 'ANONYMIZED',
  DA: '19000101',
  DS: '0',
  DT: '19000101000000',
  IS: '0',
  LO: 'ANONYMIZED',
  LT: 'ANONYMIZED',
  PN: 'ANONYMOUS',
  SH: 'ANONYMIZED',
  ST: 'ANONYMIZED',
  TM: '000000',
  UC: 'ANONYMIZED',
  UR: 'http://anonymized.invalid',
  UT: 'ANONYMIZED',
};

/** The D (dummy) value for a VR, or undefined for binary VRs (written as zeros). */
export function dummyFor(vr: string): string | undefined {
  return dummyText[vr];
}

export const TEXT_VRS = new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'ST',
  'TM',
  'UC',
  'UI',
  'UR',
  'UT',
]);

/** The file meta group (explicit VR little endian) for a de-identified dataset. */
export function fileMeta(sopClassUid: string, sopInstanceUid: string, transferSyntaxUid: string): Buffer {
  const enc: Encoding = { explicit: true, littleEndian: true };
  const els: Out[] = [
    { tag: 0x00020001, parts: [header(0x00020001, 'OB', 2, enc), Buffer.from([0, 1])] },
    textElement(0x00020002, 'UI', sopClassUid, enc),
    textElement(0x00020003, 'UI', sopInstanceUid, enc),
    textElement(0x00020010, 'UI', transferSyntaxUid, enc),
    textElement(0x00020012, 'UI', IMPLEMENTATION_CLASS_UID, enc),
    textElement(0x00020013, 'SH', 'CIE_DEID_1', enc),
  ];
  const body = Buffer.concat(els.flatMap((e) => e.parts));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length);
  const preamble = Buffer.alloc(132);
  preamble.write('DICM', 128, 'latin1');
  return Buffer.concat([preamble, header(0x00020000, 'UL', 4, enc), len, body]);
}

/** Our implementation class UID (a fixed 2.25 UID, identifying the cie de-identifier). */
export const IMPLEMENTATION_CLASS_UID = '2.25.196291826930227463355725937226542012581';
