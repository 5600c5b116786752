/**
 * Locating frames in a file's Pixel Data. Native (uncompressed) frames are byte ranges of the file
 * and are streamed from disk; encapsulated frames are assembled from their fragments and sent in
 * their compressed form with the media type of their transfer syntax (PS3.18 Table 8.7.3-5).
 */
import dicomParser from 'dicom-parser';
import { CieError } from '../../errors.js';
import { TS } from '../../dicom/encoding.js';

export type FrameData = { kind: 'range'; start: number; size: number } | { kind: 'bytes'; bytes: Uint8Array };

export interface FrameSet {
  /** Media type of each frame part ("application/octet-stream" for native data). */
  mediaType: string;
  transferSyntaxUid: string;
  frames: FrameData[];
}

const nativeSyntaxes = new Set<string>([TS.implicitLE, TS.explicitLE]);

/** Media type of an encapsulated transfer syntax's frames, or undefined when not served as frames. */
export function frameMediaType(ts: string): string | undefined {
  if (nativeSyntaxes.has(ts)) return 'application/octet-stream';
  switch (ts) {
    case '1.2.840.10008.1.2.4.50':
    case '1.2.840.10008.1.2.4.51':
    case '1.2.840.10008.1.2.4.57':
    case '1.2.840.10008.1.2.4.70':
      return 'image/jpeg';
    case '1.2.840.10008.1.2.4.80':
    case '1.2.840.10008.1.2.4.81':
      return 'image/jls';
    case '1.2.840.10008.1.2.4.90':
    case '1.2.840.10008.1.2.4.91':
      return 'image/jp2';
    case '1.2.840.10008.1.2.4.201':
    case '1.2.840.10008.1.2.4.202':
    case '1.2.840.10008.1.2.4.203':
      return 'image/jphc';
    case '1.2.840.10008.1.2.5':
      return 'image/x-dicom-rle';
    default:
      return undefined;
  }
}

/** Parse the file and pick frames (1-based numbers). */
export function locateFrames(bytes: Uint8Array, numbers: number[]): FrameSet {
  const ds = dicomParser.parseDicom(bytes);
  const ts = (ds.string('x00020010') ?? '').replace(/\0/g, '').trim();
  const pixel = ds.elements.x7fe00010;
  if (!pixel) throw new CieError('BAD_REQUEST', 'this instance has no Pixel Data, so it has no frames');
  const mediaType = frameMediaType(ts);
  if (!mediaType) {
    throw new CieError(
      'NOT_ACCEPTABLE',
      `frames of transfer syntax ${ts} are not served (this node does not transcode); retrieve the whole instance instead`,
    );
  }
  const count = ds.elements.x00280008 ? (ds.intString('x00280008') ?? 1) : 1;
  for (const n of numbers) {
    if (n < 1 || n > count)
      throw new CieError('NOT_FOUND', `frame ${n} does not exist; this instance has ${count} frame(s)`);
  }
  if (mediaType === 'application/octet-stream') {
    const rows = ds.uint16('x00280010') ?? 0;
    const cols = ds.uint16('x00280011') ?? 0;
    const spp = ds.uint16('x00280002') ?? 1;
    const bits = ds.uint16('x00280100') ?? 16;
    if (bits % 8 !== 0)
      throw new CieError('NOT_ACCEPTABLE', `frames with BitsAllocated ${bits} are not served`);
    const size = (rows * cols * spp * bits) / 8;
    if (size * count > pixel.length) {
      throw new CieError('DICOM_INVALID', 'the Pixel Data is shorter than Rows × Columns × frames says');
    }
    return {
      mediaType,
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      frames: numbers.map((n) => ({ kind: 'range', start: pixel.dataOffset + (n - 1) * size, size })),
    };
  }
  const fragments = pixel.fragments ?? [];
  const frames = numbers.map((n): FrameData => {
    if (count === 1) {
      return {
        kind: 'bytes',
        bytes: dicomParser.readEncapsulatedPixelDataFromFragments(ds, pixel, 0, fragments.length),
      };
    }
    if ((pixel.basicOffsetTable ?? []).length > 0 || fragments.length === count) {
      const table =
        (pixel.basicOffsetTable ?? []).length > 0 ? pixel.basicOffsetTable : fragments.map((f) => f.offset);
      return { kind: 'bytes', bytes: dicomParser.readEncapsulatedImageFrame(ds, pixel, n - 1, table) };
    }
    throw new CieError(
      'NOT_ACCEPTABLE',
      'this multi-frame instance has no offset table; retrieve the whole instance',
    );
  });
  return { mediaType, transferSyntaxUid: ts, frames };
}
