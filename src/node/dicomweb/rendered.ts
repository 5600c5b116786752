/**
 * WADO-RS /rendered: a PNG preview of one frame, with the window from the header (or computed by
 * dcmjs-imaging from the pixel values) or from `window=center,width,linear`. dcmjs-imaging decodes
 * the compressed transfer syntaxes through its WebAssembly codecs. No JPEG encoder is installed,
 * so image/jpeg is answered with 406.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CieError } from '../../errors.js';
import { encodePng } from './png.js';

interface WindowLevelCtor {
  new (window: number, level: number): unknown;
}
interface DicomImageLike {
  getNumberOfFrames(): number;
  render(opts: { frame?: number; windowLevel?: unknown; renderOverlays?: boolean }): {
    width: number;
    height: number;
    pixels: ArrayBuffer;
  };
}
interface Imaging {
  DicomImage: new (buffer: ArrayBuffer) => DicomImageLike;
  WindowLevel: WindowLevelCtor;
  NativePixelDecoder: {
    initializeAsync(opts: { webAssemblyModulePathOrUrl?: string }): Promise<void>;
    isInitialized(): boolean;
  };
}

const require = createRequire(import.meta.url);
const imaging = require('dcmjs-imaging') as Imaging;
let ready: Promise<void> | undefined;

function decoders(): Promise<void> {
  ready ??= imaging.NativePixelDecoder.initializeAsync({
    webAssemblyModulePathOrUrl: join(dirname(require.resolve('dcmjs-imaging')), 'dcmjs-native-codecs.wasm'),
  });
  return ready;
}

export interface WindowParam {
  center: number;
  width: number;
}

/** `window=center,width,function` (PS3.18 §8.3.5.1.4); only the linear function is supported. */
export function parseWindow(value: string | undefined): WindowParam | undefined {
  if (value === undefined || value === '') return undefined;
  const [c, w, fn] = value.split(',');
  const center = Number(c);
  const width = Number(w);
  if (!Number.isFinite(center) || !Number.isFinite(width) || width <= 0 || c === '' || w === '') {
    throw new CieError(
      'BAD_REQUEST',
      `window must be "center,width[,linear]" with width > 0, got "${value}"`,
    );
  }
  if (fn !== undefined && fn !== 'linear' && fn !== 'linear-exact') {
    throw new CieError('BAD_REQUEST', `window function "${fn}" is not supported; use linear`);
  }
  return { center, width };
}

/** Render frame `frame` (1-based) of a Part 10 file to PNG. */
export async function renderPng(
  file: Uint8Array,
  frame: number,
  window: WindowParam | undefined,
): Promise<Buffer> {
  await decoders();
  const ab = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  let image: DicomImageLike;
  let result: { width: number; height: number; pixels: ArrayBuffer };
  try {
    image = new imaging.DicomImage(ab);
    const count = image.getNumberOfFrames();
    if (frame < 1 || frame > count) {
      throw new CieError('NOT_FOUND', `frame ${frame} does not exist; this instance has ${count} frame(s)`);
    }
    result = image.render({
      frame: frame - 1,
      renderOverlays: false,
      ...(window ? { windowLevel: new imaging.WindowLevel(window.width, window.center) } : {}),
    });
  } catch (err) {
    if (err instanceof CieError) throw err;
    throw new CieError(
      'NOT_ACCEPTABLE',
      `this instance cannot be rendered: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return encodePng(new Uint8Array(result.pixels), result.width, result.height);
}
