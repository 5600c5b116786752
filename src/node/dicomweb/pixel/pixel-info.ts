/**
 * Where a file's frames are and how to read them: the image pixel attributes and each frame as a
 * byte range of the file (native data) or as its assembled fragments (encapsulated data).
 */
import dicomParser from 'dicom-parser';
import { CieError } from '../../../errors.js';
import { TS } from '../../../dicom/encoding.js';

export interface PixelInfo {
  transferSyntaxUid: string;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: number;
  planarConfiguration: number;
  photometric: string;
  frames: number;
}

export type FrameData =
  | { kind: 'range'; start: number; size: number }
  | { kind: 'bits'; bytes: Uint8Array }
  | { kind: 'encoded'; bytes: Uint8Array };

export interface PixelFile {
  info: PixelInfo;
  dataset: dicomParser.DataSet;
  /** The element of Pixel Data (7FE0,0010). */
  pixel: dicomParser.Element;
}

export const nativeSyntaxes: ReadonlySet<string> = new Set([TS.implicitLE, TS.explicitLE]);

/** Parse the file and its image pixel attributes; a file without Pixel Data is a 400. */
export function readPixelFile(bytes: Uint8Array): PixelFile {
  const ds = dicomParser.parseDicom(bytes);
  const pixel = ds.elements.x7fe00010;
  if (!pixel) throw new CieError('BAD_REQUEST', 'this instance has no Pixel Data, so it has no frames');
  const us = (tag: string, fallback: number): number =>
    ds.elements[tag] ? (ds.uint16(tag) ?? fallback) : fallback;
  const bitsAllocated = us('x00280100', 16);
  const bitsStored = us('x00280101', bitsAllocated);
  const info: PixelInfo = {
    transferSyntaxUid: (ds.string('x00020010') ?? '').replace(/\0/g, '').trim(),
    rows: us('x00280010', 0),
    columns: us('x00280011', 0),
    samplesPerPixel: us('x00280002', 1),
    bitsAllocated,
    bitsStored,
    highBit: us('x00280102', bitsStored - 1),
    pixelRepresentation: us('x00280103', 0),
    planarConfiguration: us('x00280006', 0),
    photometric: (ds.string('x00280004') ?? 'MONOCHROME2').trim(),
    frames: ds.elements.x00280008 ? Math.max(1, ds.intString('x00280008') ?? 1) : 1,
  };
  return { info, dataset: ds, pixel };
}

/**
 * Bits of one native frame; 1-bit frames are bit-packed. YBR_FULL_422 and YBR_PARTIAL_422 keep
 * one Cb and Cr per two pixels: two samples per pixel on average (PS3.3 C.7.6.3.1.2).
 */
export function nativeFrameBits(info: PixelInfo): number {
  const samples = info.photometric.endsWith('_422') && info.samplesPerPixel === 3 ? 2 : info.samplesPerPixel;
  return info.rows * info.columns * samples * info.bitsAllocated;
}

/** Throw 404 unless every frame number exists. */
export function requireFrames(info: PixelInfo, numbers: number[]): void {
  for (const n of numbers) {
    if (n < 1 || n > info.frames)
      throw new CieError('NOT_FOUND', `frame ${n} does not exist; this instance has ${info.frames} frame(s)`);
  }
}

/** One native frame: a byte range of the file, or (1-bit frames not starting on a byte) its bits copied. */
export function nativeFrame(file: PixelFile, bytes: Uint8Array, n: number): FrameData {
  const bits = nativeFrameBits(file.info);
  if (bits * file.info.frames > file.pixel.length * 8) {
    throw new CieError('DICOM_INVALID', 'the Pixel Data is shorter than Rows × Columns × frames says');
  }
  const startBit = (n - 1) * bits;
  const size = Math.ceil(bits / 8);
  if (startBit % 8 === 0) return { kind: 'range', start: file.pixel.dataOffset + startBit / 8, size };
  // Frames of BitsAllocated 1 packed end to end: shift this frame's bits to start at bit 0.
  const out = new Uint8Array(size);
  for (let i = 0; i < bits; i++) {
    const src = startBit + i;
    const bit = ((bytes[file.pixel.dataOffset + (src >> 3)] ?? 0) >> (src & 7)) & 1;
    out[i >> 3] = (out[i >> 3] ?? 0) | (bit << (i & 7));
  }
  return { kind: 'bits', bytes: out };
}

/** One encapsulated frame, its fragments assembled. */
export function encodedFrame(file: PixelFile, n: number): Uint8Array {
  const { dataset: ds, pixel, info } = file;
  const fragments = pixel.fragments ?? [];
  if (info.frames === 1)
    return dicomParser.readEncapsulatedPixelDataFromFragments(ds, pixel, 0, fragments.length);
  const offsets = pixel.basicOffsetTable ?? [];
  if (offsets.length > 0 || fragments.length === info.frames) {
    const table = offsets.length > 0 ? offsets : fragments.map((f) => f.offset);
    return dicomParser.readEncapsulatedImageFrame(ds, pixel, n - 1, table);
  }
  throw new CieError(
    'NOT_ACCEPTABLE',
    'this multi-frame instance has no offset table; retrieve the whole instance',
  );
}
