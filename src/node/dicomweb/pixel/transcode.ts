/**
 * An instance in Explicit VR Little Endian, PS3.18's default transfer syntax: the pixel data of
 * an encapsulated file decoded frame by frame (codecs.ts) and written native. Every other data
 * element is copied byte for byte (an encapsulated file's dataset is already Explicit VR Little
 * Endian), except Photometric Interpretation and Planar Configuration where decoding changed them
 * (colour JPEG and JPEG 2000 decode to RGB, interleaved). The file meta information gets the new
 * Transfer Syntax UID and group length.
 */
import type dicomParser from 'dicom-parser';
import { CieError } from '../../../errors.js';
import { TS } from '../../../dicom/encoding.js';
import { canDecode, decodeFrame } from './codecs.js';
import { encodedFrame, readPixelFile, type PixelFile } from './pixel-info.js';

const longHeaderVrs = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

interface Span {
  tag: string;
  start: number;
  end: number;
}

/** Byte spans of the top-level elements (explicit VR), each up to where the next one starts. */
function spans(ds: dicomParser.DataSet, end: number): Span[] {
  const els = Object.values(ds.elements)
    .map((el) => ({ tag: el.tag, start: el.dataOffset - (longHeaderVrs.has(el.vr ?? '') ? 12 : 8) }))
    .sort((a, b) => a.start - b.start);
  return els.map((e, i) => ({ ...e, end: els[i + 1]?.start ?? end }));
}

function element(tag: string, vr: string, value: Buffer): Buffer {
  const group = parseInt(tag.slice(1, 5), 16);
  const elementNo = parseInt(tag.slice(5, 9), 16);
  const long = longHeaderVrs.has(vr);
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(elementNo, 2);
  head.write(vr, 4, 'latin1');
  if (long) head.writeUInt32LE(value.length, 8);
  else head.writeUInt16LE(value.length, 6);
  return Buffer.concat([head, value]);
}

function text(value: string): Buffer {
  return Buffer.from(value.length % 2 ? `${value} ` : value, 'latin1');
}

function us(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  return b;
}

/** The file meta information with a new Transfer Syntax UID (and its group length). */
function meta(file: Uint8Array, spanList: Span[], ts: string): Buffer {
  const parts: Buffer[] = [];
  for (const s of spanList) {
    if (!s.tag.startsWith('x0002') || s.tag === 'x00020000') continue;
    const uid = Buffer.from(ts.length % 2 ? `${ts}\0` : ts, 'latin1');
    parts.push(
      s.tag === 'x00020010' ? element(s.tag, 'UI', uid) : Buffer.from(file.subarray(s.start, s.end)),
    );
  }
  const body = Buffer.concat(parts);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length);
  // The 128-byte preamble and "DICM" as they were.
  return Buffer.concat([Buffer.from(file.subarray(0, 132)), element('x00020000', 'UL', length), body]);
}

/** Decode every frame of an encapsulated file into one native Pixel Data value. */
async function decodedPixelData(file: PixelFile): Promise<{ pixels: Buffer; photometric: string }> {
  const frames: Uint8Array[] = [];
  let photometric = file.info.photometric;
  for (let n = 1; n <= file.info.frames; n++) {
    const d = await decodeFrame(file.info.transferSyntaxUid, encodedFrame(file, n), file.info);
    frames.push(d.pixels);
    photometric = d.photometric;
  }
  const pixels = Buffer.concat(frames);
  return { pixels: pixels.length % 2 ? Buffer.concat([pixels, Buffer.alloc(1)]) : pixels, photometric };
}

/** A Part 10 file in Explicit VR Little Endian, from a file stored with an encapsulated syntax. */
export async function toExplicitLittleEndian(bytes: Uint8Array): Promise<Buffer> {
  const file = readPixelFile(bytes);
  const ts = file.info.transferSyntaxUid;
  if (!canDecode(ts)) {
    throw new CieError(
      'NOT_ACCEPTABLE',
      `an instance stored as ${ts} cannot be transcoded to Explicit VR Little Endian on this node`,
    );
  }
  const spanList = spans(file.dataset, bytes.length);
  const { pixels, photometric } = await decodedPixelData(file);
  const out: Buffer[] = [meta(bytes, spanList, TS.explicitLE)];
  for (const s of spanList) {
    if (s.tag.startsWith('x0002')) continue;
    if (s.tag === 'x7fe00010') {
      out.push(element('x7fe00010', file.info.bitsAllocated > 8 ? 'OW' : 'OB', pixels));
    } else if (s.tag === 'x00280004') {
      out.push(element('x00280004', 'CS', text(photometric)));
    } else if (s.tag === 'x00280006' && file.info.samplesPerPixel > 1) {
      out.push(element('x00280006', 'US', us(0)));
    } else {
      out.push(Buffer.from(bytes.subarray(s.start, s.end)));
    }
  }
  return Buffer.concat(out);
}
