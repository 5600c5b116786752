/**
 * Pixel values: tissue labels → stored values for each contrast (HU for CT, arbitrary units for
 * MR, uptake for PET) with a little deterministic noise, and the two projection/echo images
 * (mammography, breast ultrasound) drawn directly in 2D.
 */
import type { Contrast } from './protocols.js';
import { tissues, type Tissue } from './phantom.js';

type Table = Record<Tissue, number>;

// prettier-ignore
const tables: Record<Exclude<Contrast, 'MG' | 'US'>, Table> = {
  CT: { air: -1000, fat: -100, soft: 45, bone: 750, lung: -850, csf: 8, grey: 38, white: 28, liver: 58, spleen: 50, kidney: 32, vessel: 42, prostate: 38, urine: 5, bowel: -700, gland: 30, heart: 40, lesion: 45, necrosis: 15, oedema: 20 },
  CTC: { air: -1000, fat: -100, soft: 55, bone: 750, lung: -850, csf: 8, grey: 45, white: 32, liver: 110, spleen: 120, kidney: 180, vessel: 220, prostate: 60, urine: 10, bowel: 20, gland: 80, heart: 150, lesion: 75, necrosis: 18, oedema: 22 },
  T1: { air: 0, fat: 900, soft: 350, bone: 300, lung: 20, csf: 120, grey: 420, white: 560, liver: 480, spleen: 380, kidney: 400, vessel: 100, prostate: 350, urine: 110, bowel: 200, gland: 300, heart: 350, lesion: 320, necrosis: 150, oedema: 300 },
  T1C: { air: 0, fat: 900, soft: 380, bone: 320, lung: 25, csf: 120, grey: 460, white: 580, liver: 640, spleen: 620, kidney: 760, vessel: 850, prostate: 520, urine: 140, bowel: 380, gland: 450, heart: 600, lesion: 820, necrosis: 150, oedema: 320 },
  T2: { air: 0, fat: 650, soft: 250, bone: 120, lung: 20, csf: 950, grey: 560, white: 420, liver: 250, spleen: 520, kidney: 600, vessel: 80, prostate: 560, urine: 980, bowel: 300, gland: 350, heart: 300, lesion: 300, necrosis: 820, oedema: 750 },
  FLAIR: { air: 0, fat: 500, soft: 200, bone: 100, lung: 15, csf: 60, grey: 520, white: 400, liver: 220, spleen: 400, kidney: 420, vessel: 60, prostate: 380, urine: 80, bowel: 250, gland: 280, heart: 250, lesion: 640, necrosis: 320, oedema: 820 },
  DWI: { air: 0, fat: 40, soft: 150, bone: 60, lung: 10, csf: 60, grey: 300, white: 260, liver: 180, spleen: 360, kidney: 320, vessel: 30, prostate: 200, urine: 50, bowel: 160, gland: 200, heart: 120, lesion: 820, necrosis: 120, oedema: 260 },
  ADC: { air: 0, fat: 200, soft: 1300, bone: 400, lung: 0, csf: 3000, grey: 820, white: 720, liver: 1200, spleen: 900, kidney: 2000, vessel: 2000, prostate: 1500, urine: 2800, bowel: 1600, gland: 1700, heart: 1500, lesion: 700, necrosis: 2200, oedema: 1500 },
  PET: { air: 0, fat: 30, soft: 80, bone: 90, lung: 40, csf: 50, grey: 900, white: 400, liver: 250, spleen: 200, kidney: 300, vessel: 160, prostate: 120, urine: 1500, bowel: 150, gland: 100, heart: 600, lesion: 1200, necrosis: 150, oedema: 90 },
};

/** How stored values relate to the table, and the noise amplitude (stored units). */
export interface PixelEncoding {
  /** stored = value − intercept (CT stores HU + 1024). */
  intercept: number;
  noise: number;
  max: number;
}

export function encodingOf(contrast: Exclude<Contrast, 'MG' | 'US'>): PixelEncoding {
  switch (contrast) {
    case 'CT':
    case 'CTC':
      return { intercept: -1024, noise: 12, max: 4095 };
    case 'PET':
      return { intercept: 0, noise: 30, max: 32767 };
    case 'ADC':
      return { intercept: 0, noise: 60, max: 4095 };
    case 'T1':
    case 'T1C':
    case 'T2':
    case 'FLAIR':
    case 'DWI':
      return { intercept: 0, noise: 14, max: 4095 };
    default: {
      const never: never = contrast;
      throw new Error(`no encoding for ${String(never)}`);
    }
  }
}

/** A fast deterministic noise source (xorshift32): roughly triangular in [-1, 1). */
export class Noise {
  /** xorshift32 state, never 0. */
  state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  u32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
  next(): number {
    return ((this.u32() & 0xffff) + (this.u32() & 0xffff)) / 65536 - 1;
  }
}

/** Labels → 16-bit little-endian stored values (the hot loop of the generator: keep it lean). */
export function renderSlice(
  labels: Uint8Array,
  contrast: Exclude<Contrast, 'MG' | 'US'>,
  noise: Noise,
): Buffer {
  const table = tables[contrast];
  const enc = encodingOf(contrast);
  const base = Float64Array.from(tissues, (t) => table[t] - enc.intercept);
  const amp = Float64Array.from(
    tissues,
    (t) => (table[t] === -1000 || table[t] === 0 ? enc.noise * 0.3 : enc.noise) / 65536,
  );
  const n = labels.length;
  const values = new Uint16Array(n);
  const max = enc.max;
  let x = noise.state;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const l = labels[i]!;
    // Sum of the two 16-bit halves: a triangular variate in [0, 2^17).
    const v = (base[l]! + ((x & 0xffff) + ((x >>> 16) & 0xffff) - 65536) * amp[l]! + 0.5) | 0;
    values[i] = v < 0 ? 0 : v > max ? max : v;
  }
  noise.state = x >>> 0 || 1;
  return littleEndian(values);
}

const hostIsLittleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** The bytes of 16-bit values in little-endian order (DICOM's), whatever the host. */
export function littleEndian(values: Uint16Array): Buffer {
  const out = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return hostIsLittleEndian ? out : out.swap16();
}

export type MammoView = 'CC' | 'MLO';

/**
 * A mammogram (MONOCHROME2, 12 bits): the breast as a half ellipse from the chest wall, with
 * denser glandular tissue, a pectoral muscle on MLO views, and the tumour where there is one.
 */
export function renderMammogram(
  rows: number,
  columns: number,
  view: MammoView,
  chestWallRight: boolean,
  lesion: { row: number; column: number; radius: number } | undefined,
  noise: Noise,
): Buffer {
  const values = new Uint16Array(rows * columns);
  const cy = rows * (view === 'MLO' ? 0.55 : 0.5);
  const ry = rows * (view === 'MLO' ? 0.5 : 0.42);
  const rx = columns * 0.85;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const depth = chestWallRight ? columns - 1 - c : c; // distance from the chest wall
      const dx = depth / rx;
      const dy = (r - cy) / ry;
      const d2 = dx * dx + dy * dy;
      let v = 40;
      if (d2 < 1) {
        v = 900 + 500 * Math.sqrt(1 - d2);
        const gx = (depth - rx * 0.35) / (rx * 0.4);
        const gy = (r - cy) / (ry * 0.6);
        const g2 = gx * gx + gy * gy;
        if (g2 < 1) v += 600 * (1 - g2) * (0.75 + 0.25 * Math.sin(r * 0.7 + c * 0.45));
        if (view === 'MLO' && depth < columns * 0.35 - r * 0.45) v = 2300;
        if (lesion) {
          const lr = (r - lesion.row) / lesion.radius;
          const lc = (c - lesion.column) / lesion.radius;
          if (lr * lr + lc * lc < 1) v = 2800;
        }
      }
      const s = Math.round(v + noise.next() * 25);
      values[r * columns + c] = s < 0 ? 0 : s > 4095 ? 4095 : s;
    }
  }
  return littleEndian(values);
}

/**
 * A B-mode breast ultrasound frame (8 bits): a fan of speckle with a bright skin line, a darker
 * fat layer, glandular tissue and, where the probe is on the tumour, a dark mass with an acoustic
 * shadow below it.
 */
export function renderUltrasound(
  rows: number,
  columns: number,
  lesion: { row: number; column: number; radius: number } | undefined,
  noise: Noise,
): Buffer {
  const out = Buffer.alloc(rows * columns);
  const apexC = columns / 2;
  const apexR = -rows * 0.15;
  const maxAngle = (35 * Math.PI) / 180;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const dr = r - apexR;
      const dc = c - apexC;
      const radius = Math.sqrt(dr * dr + dc * dc);
      const angle = Math.atan2(dc, dr);
      if (Math.abs(angle) > maxAngle || radius < rows * 0.2 || radius > rows * 1.12) continue;
      const depth = (radius - rows * 0.2) / (rows * 0.92);
      let v = depth < 0.04 ? 200 : depth < 0.25 ? 70 : 120 - depth * 50;
      if (lesion) {
        const lr = (r - lesion.row) / (lesion.radius * 0.75);
        const lc = (c - lesion.column) / lesion.radius;
        if (lr * lr + lc * lc < 1) v = 22;
        else if (r > lesion.row && Math.abs(c - lesion.column) < lesion.radius * 0.8) v *= 0.45;
      }
      const s = Math.round(v * (0.55 + 0.9 * Math.abs(noise.next())));
      out[r * columns + c] = s > 255 ? 255 : s;
    }
  }
  return out;
}
