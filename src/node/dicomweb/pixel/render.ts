/**
 * WADO-RS /rendered (PS3.18 §8.3.5.1): one frame as a consumer image. The frame's stored values
 * go through the Modality LUT (rescale), the VOI window (the request's `window`, else the
 * header's first WindowCenter/Width, else the frame's range) and MONOCHROME1 inversion to 8-bit
 * grey; colour (RGB, YBR_FULL, YBR_FULL_422, PALETTE COLOR) to RGB. sharp (libvips) crops and
 * scales it to the `viewport` and encodes JPEG (with `quality`) or PNG.
 */
import sharp from 'sharp';
import type dicomParser from 'dicom-parser';
import { CieError } from '../../../errors.js';
import type { PixelInfo } from './pixel-info.js';

export interface RenderParams {
  format: 'jpeg' | 'png';
  /** 1-100, JPEG only (default 90). */
  quality?: number;
  window?: { center: number; width: number };
  viewport?: { width: number; height: number; sx?: number; sy?: number; sw?: number; sh?: number };
}

/** Modality LUT and VOI from the header (first values of multi-valued windows). */
export interface Presentation {
  slope: number;
  intercept: number;
  window?: { center: number; width: number };
  palette?: { red: Uint16Array; green: Uint16Array; blue: Uint16Array; first: number; bits: number };
}

function firstNumber(ds: dicomParser.DataSet, tag: string): number | undefined {
  const v = ds.string(tag)?.split('\\')[0];
  const n = v === undefined || v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function lut(
  ds: dicomParser.DataSet,
  descriptorTag: string,
  dataTag: string,
): { data: Uint16Array; first: number; bits: number } | undefined {
  const d = ds.elements[descriptorTag];
  const el = ds.elements[dataTag];
  if (!d || !el) return undefined;
  const entries = ds.uint16(descriptorTag, 0) || 65536;
  const first = ds.uint16(descriptorTag, 1) ?? 0;
  const bits = ds.uint16(descriptorTag, 2) ?? 16;
  const data = new Uint16Array(entries);
  for (let i = 0; i < entries; i++) {
    data[i] =
      bits === 8 && el.length === entries
        ? (ds.byteArray[el.dataOffset + i] ?? 0)
        : (ds.byteArray[el.dataOffset + 2 * i] ?? 0) | ((ds.byteArray[el.dataOffset + 2 * i + 1] ?? 0) << 8);
  }
  return { data, first, bits };
}

export function presentationOf(ds: dicomParser.DataSet, info: PixelInfo): Presentation {
  const center = firstNumber(ds, 'x00281050');
  const width = firstNumber(ds, 'x00281051');
  const p: Presentation = {
    slope: firstNumber(ds, 'x00281053') ?? 1,
    intercept: firstNumber(ds, 'x00281052') ?? 0,
    ...(center !== undefined && width !== undefined && width > 0 ? { window: { center, width } } : {}),
  };
  if (info.photometric === 'PALETTE COLOR') {
    const r = lut(ds, 'x00281101', 'x00281201');
    const g = lut(ds, 'x00281102', 'x00281202');
    const b = lut(ds, 'x00281103', 'x00281203');
    if (r && g && b) p.palette = { red: r.data, green: g.data, blue: b.data, first: r.first, bits: r.bits };
  }
  return p;
}

/** Stored values of a one-sample frame as numbers (sign and unused high bits handled). */
function storedValues(pixels: Uint8Array, info: PixelInfo): Float32Array {
  const n = info.rows * info.columns;
  const out = new Float32Array(n);
  const shift = 32 - info.bitsStored;
  const signed = info.pixelRepresentation === 1;
  for (let i = 0; i < n; i++) {
    let v: number;
    if (info.bitsAllocated === 1) v = ((pixels[i >> 3] ?? 0) >> (i & 7)) & 1;
    else if (info.bitsAllocated === 8) v = pixels[i] ?? 0;
    else if (info.bitsAllocated === 16) v = (pixels[2 * i] ?? 0) | ((pixels[2 * i + 1] ?? 0) << 8);
    else
      v =
        ((pixels[4 * i] ?? 0) |
          ((pixels[4 * i + 1] ?? 0) << 8) |
          ((pixels[4 * i + 2] ?? 0) << 16) |
          ((pixels[4 * i + 3] ?? 0) << 24)) >>>
        0;
    if (info.bitsAllocated > 1 && info.bitsStored < 32)
      v = signed ? (v << shift) >> shift : (v << shift) >>> shift;
    out[i] = v;
  }
  return out;
}

function grey(
  pixels: Uint8Array,
  info: PixelInfo,
  p: Presentation,
  window: RenderParams['window'],
): Uint8Array {
  const values = storedValues(pixels, info);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = (values[i] ?? 0) * p.slope + p.intercept;
    values[i] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const w = window ?? p.window ?? { center: (lo + hi) / 2, width: Math.max(1, hi - lo) };
  // PS3.3 C.11.2.1.2.1: linear function.
  const bottom = w.center - 0.5 - (w.width - 1) / 2;
  const top = w.center - 0.5 + (w.width - 1) / 2;
  const scale = w.width > 1 ? 255 / (w.width - 1) : 0;
  const invert = info.photometric === 'MONOCHROME1';
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    let g = v <= bottom ? 0 : v > top ? 255 : Math.round((v - (w.center - 0.5)) * scale + 127.5);
    if (g < 0) g = 0;
    else if (g > 255) g = 255;
    out[i] = invert ? 255 - g : g;
  }
  return out;
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** YCbCr (full range, PS3.3 C.7.6.3.1.2) → RGB. */
function ybrToRgb(y: number, cb: number, cr: number, out: Uint8Array, o: number): void {
  out[o] = clamp(y + 1.402 * (cr - 128));
  out[o + 1] = clamp(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128));
  out[o + 2] = clamp(y + 1.772 * (cb - 128));
}

function rgb(pixels: Uint8Array, info: PixelInfo): Uint8Array {
  const n = info.rows * info.columns;
  if (info.bitsAllocated !== 8)
    throw new CieError(
      'NOT_ACCEPTABLE',
      `colour frames with BitsAllocated ${info.bitsAllocated} cannot be rendered`,
    );
  const out = new Uint8Array(n * 3);
  if (info.photometric === 'YBR_FULL_422') {
    // Two pixels share Cb and Cr: Y1 Y2 Cb Cr.
    for (let i = 0; i < n; i += 2) {
      const s = i * 2;
      const [y1, y2, cb, cr] = [pixels[s] ?? 0, pixels[s + 1] ?? 0, pixels[s + 2] ?? 0, pixels[s + 3] ?? 0];
      ybrToRgb(y1, cb, cr, out, i * 3);
      if (i + 1 < n) ybrToRgb(y2, cb, cr, out, i * 3 + 3);
    }
    return out;
  }
  const planar = info.planarConfiguration === 1;
  const at = (i: number, c: number): number => pixels[planar ? c * n + i : i * 3 + c] ?? 0;
  const ybr = info.photometric === 'YBR_FULL';
  for (let i = 0; i < n; i++) {
    if (ybr) ybrToRgb(at(i, 0), at(i, 1), at(i, 2), out, i * 3);
    else {
      out[i * 3] = at(i, 0);
      out[i * 3 + 1] = at(i, 1);
      out[i * 3 + 2] = at(i, 2);
    }
  }
  return out;
}

function palette(pixels: Uint8Array, info: PixelInfo, pal: NonNullable<Presentation['palette']>): Uint8Array {
  const values = storedValues(pixels, info);
  const out = new Uint8Array(values.length * 3);
  const last = pal.red.length - 1;
  const to8 = (v: number): number => (pal.bits === 8 ? v & 0xff : v >> 8);
  for (let i = 0; i < values.length; i++) {
    const k = Math.min(last, Math.max(0, (values[i] ?? 0) - pal.first));
    out[i * 3] = to8(pal.red[k] ?? 0);
    out[i * 3 + 1] = to8(pal.green[k] ?? 0);
    out[i * 3 + 2] = to8(pal.blue[k] ?? 0);
  }
  return out;
}

/** Render decoded frame pixels (native layout of `info`) to JPEG or PNG. */
export async function renderFrame(
  pixels: Uint8Array,
  info: PixelInfo,
  p: Presentation,
  params: RenderParams,
): Promise<Buffer> {
  let channels: 1 | 3;
  let image: Uint8Array;
  if (info.samplesPerPixel === 1 && info.photometric === 'PALETTE COLOR' && p.palette) {
    image = palette(pixels, info, p.palette);
    channels = 3;
  } else if (info.samplesPerPixel === 1) {
    image = grey(pixels, info, p, params.window);
    channels = 1;
  } else {
    image = rgb(pixels, info);
    channels = 3;
  }
  let out = sharp(image, { raw: { width: info.columns, height: info.rows, channels } });
  const vp = params.viewport;
  if (vp) {
    const sx = vp.sx ?? 0;
    const sy = vp.sy ?? 0;
    const sw = vp.sw ?? info.columns - sx;
    const sh = vp.sh ?? info.rows - sy;
    const left = Math.min(sx, sx + sw);
    const top = Math.min(sy, sy + sh);
    const width = Math.abs(sw);
    const height = Math.abs(sh);
    if (
      left < 0 ||
      top < 0 ||
      width < 1 ||
      height < 1 ||
      left + width > info.columns ||
      top + height > info.rows
    ) {
      throw new CieError(
        'BAD_REQUEST',
        `viewport source region ${sx},${sy},${sw},${sh} is outside the ${info.columns}×${info.rows} image`,
      );
    }
    if (left !== 0 || top !== 0 || width !== info.columns || height !== info.rows)
      out = out.extract({ left, top, width, height });
    if (sw < 0) out = out.flop();
    if (sh < 0) out = out.flip();
    out = out.resize(vp.width, vp.height, { fit: 'inside' });
  }
  // Grey stays one channel (libvips would otherwise write sRGB).
  if (channels === 1) out = out.toColourspace('b-w');
  return params.format === 'jpeg'
    ? out.jpeg({ quality: params.quality ?? 90 }).toBuffer()
    : out.png().toBuffer();
}
