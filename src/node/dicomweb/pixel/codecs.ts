/**
 * Decoding one compressed frame with real codec libraries compiled to WebAssembly, never our own
 * decoders: JPEG 2000 with OpenJPEG (@cornerstonejs/codec-openjpeg, the build Cornerstone/OHIF
 * use: twice as fast here as dcmjs-codecs' build), and with dcmjs-codecs' native codecs the IJG
 * JPEG libraries (8/12/16-bit: baseline, extended, lossless; those dcmtk's dcmdjpeg uses), CharLS
 * (JPEG-LS), OpenJPH (HTJ2K) and its RLE decoder. Synchronous and CPU-heavy: callers run it in a
 * worker thread (codec-pool.ts).
 */
import { createRequire } from 'node:module';
import { CieError } from '../../../errors.js';
import type { PixelInfo } from './pixel-info.js';

const require = createRequire(import.meta.url);

interface CodecContext {
  getDecodedBuffer(): Uint8Array | undefined;
}
interface DcmjsCodecs {
  Context: new (attrs: Record<string, unknown>) => CodecContext;
  NativeCodecs: {
    initializeAsync(opts?: { webAssemblyModulePathOrUrl?: string }): Promise<void>;
    decodeRle(c: CodecContext, p?: Record<string, unknown>): CodecContext;
    decodeJpeg(c: CodecContext, p?: Record<string, unknown>): CodecContext;
    decodeJpegLs(c: CodecContext, p?: Record<string, unknown>): CodecContext;
    decodeHtJpeg2000(c: CodecContext, p?: Record<string, unknown>): CodecContext;
  };
}
interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
}
interface OpenJpeg {
  J2KDecoder: new () => J2KDecoder;
}

interface Codecs {
  dcmjs: DcmjsCodecs;
  j2k: J2KDecoder;
}

let loading: Promise<Codecs> | undefined;

/** Load the WebAssembly modules once per thread. */
export function loadCodecs(): Promise<Codecs> {
  loading ??= (async () => {
    const dcmjs = require('dcmjs-codecs') as DcmjsCodecs;
    await dcmjs.NativeCodecs.initializeAsync({
      webAssemblyModulePathOrUrl: require.resolve('dcmjs-codecs/build/dcmjs-native-codecs.wasm'),
    });
    const factory = require('@cornerstonejs/codec-openjpeg/decodewasmjs') as (
      opts: object,
    ) => Promise<OpenJpeg>;
    // OpenJPEG prints its progress to stdout: silence it.
    const openjpeg = await factory({ print: () => undefined, printErr: () => undefined });
    return { dcmjs, j2k: new openjpeg.J2KDecoder() };
  })();
  return loading;
}

/** What a frame decodes to; colour comes back RGB interleaved (PlanarConfiguration 0). */
export interface DecodedFrame {
  pixels: Uint8Array;
  photometric: string;
}

const jpeg = new Set([
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
]);
const jpegLs = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);
const j2k = new Set(['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91']);
const htj2k = new Set(['1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.202', '1.2.840.10008.1.2.4.203']);
const rle = '1.2.840.10008.1.2.5';

/** Whether frames of this transfer syntax can be decoded here. */
export function canDecode(ts: string): boolean {
  return jpeg.has(ts) || jpegLs.has(ts) || j2k.has(ts) || htj2k.has(ts) || ts === rle;
}

function context(c: Codecs, info: PixelInfo, encoded: Uint8Array): CodecContext {
  return new c.dcmjs.Context({
    width: info.columns,
    height: info.rows,
    bitsAllocated: info.bitsAllocated,
    bitsStored: info.bitsStored,
    samplesPerPixel: info.samplesPerPixel,
    pixelRepresentation: info.pixelRepresentation,
    planarConfiguration: info.planarConfiguration,
    photometricInterpretation: info.photometric,
    encodedBuffer: encoded,
  });
}

function decodedOrFail(ctx: CodecContext, what: string): Uint8Array {
  const out = ctx.getDecodedBuffer();
  if (!out) throw new CieError('DICOM_INVALID', `the ${what} decoder produced no pixels`);
  return out;
}

function decodeJ2k(c: Codecs, encoded: Uint8Array): Uint8Array {
  c.j2k.getEncodedBuffer(encoded.length).set(encoded);
  c.j2k.decode();
  // The decoder owns this memory and reuses it for the next frame: copy it out.
  return new Uint8Array(c.j2k.getDecodedBuffer());
}

/** Decode one frame; colour JPEG/JPEG 2000 comes back as RGB (as dcmdjpeg and OpenJPEG give it). */
export async function decodeFrame(ts: string, encoded: Uint8Array, info: PixelInfo): Promise<DecodedFrame> {
  const c = await loadCodecs();
  const color = info.samplesPerPixel === 3;
  const toRgb = (pixels: Uint8Array): DecodedFrame => ({
    pixels,
    photometric: color ? 'RGB' : info.photometric,
  });
  try {
    if (j2k.has(ts)) return toRgb(decodeJ2k(c, encoded));
    if (jpeg.has(ts)) {
      const out = decodedOrFail(
        c.dcmjs.NativeCodecs.decodeJpeg(context(c, info, encoded), { convertColorspaceToRgb: color }),
        'JPEG',
      );
      return toRgb(out);
    }
    if (jpegLs.has(ts)) {
      const out = decodedOrFail(c.dcmjs.NativeCodecs.decodeJpegLs(context(c, info, encoded)), 'JPEG-LS');
      return { pixels: out, photometric: info.photometric };
    }
    if (htj2k.has(ts))
      return toRgb(decodedOrFail(c.dcmjs.NativeCodecs.decodeHtJpeg2000(context(c, info, encoded)), 'HTJ2K'));
    if (ts === rle) {
      // The decoder interleaves colour samples (PlanarConfiguration 0), as dcmdrle does.
      const pixels = decodedOrFail(c.dcmjs.NativeCodecs.decodeRle(context(c, info, encoded)), 'RLE');
      return { pixels, photometric: info.photometric };
    }
  } catch (err) {
    if (err instanceof CieError) throw err;
    throw new CieError(
      'DICOM_INVALID',
      `frame of transfer syntax ${ts} could not be decoded: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  throw new CieError('NOT_ACCEPTABLE', `frames of transfer syntax ${ts} cannot be decoded on this node`);
}
