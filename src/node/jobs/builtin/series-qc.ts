/**
 * Quality control of one series from its files: geometry (rows, columns, pixel spacing,
 * orientation) consistent across instances, slice thickness, slice spacing along the normal,
 * missing slices (a gap wider than `gapFactor` × the median spacing), duplicate slice positions,
 * and the intensity range (rescaled stored values of uncompressed pixel data, else the
 * Smallest/Largest Image Pixel Value attributes).
 */
import { readFileSync } from 'node:fs';
import dicomParser, { type DataSet } from 'dicom-parser';

export type Orientation = 'axial' | 'coronal' | 'sagittal' | 'oblique' | 'unknown';

export interface SeriesQc {
  instances: number;
  unreadable: number;
  orientation: Orientation;
  inconsistentGeometry: boolean;
  missingSlices: number;
  duplicateSlices: number;
  sliceThicknessMm: number | null;
  sliceSpacingMm: number | null;
  minIntensity: number | null;
  maxIntensity: number | null;
}

const UNCOMPRESSED = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);

function numbers(ds: DataSet, tag: string): number[] | undefined {
  const s = ds.string(tag);
  if (!s) return undefined;
  const v = s.split('\\').map(Number);
  return v.every(Number.isFinite) ? v : undefined;
}

interface Slice {
  rows: number | undefined;
  columns: number | undefined;
  spacing: string;
  orientation: number[] | undefined;
  position: number[] | undefined;
  thickness: number | undefined;
  min: number | undefined;
  max: number | undefined;
}

function pixelRange(ds: DataSet, bytes: Uint8Array): { min: number; max: number } | undefined {
  const slope = numbers(ds, 'x00281053')?.[0] ?? 1;
  const intercept = numbers(ds, 'x00281052')?.[0] ?? 0;
  const scale = (v: number) => v * slope + intercept;
  const pixels = ds.elements.x7fe00010;
  const syntax = ds.string('x00020010') ?? '1.2.840.10008.1.2';
  if (pixels && pixels.length > 0 && UNCOMPRESSED.has(syntax) && ds.uint16('x00280002') === 1) {
    const bits = ds.uint16('x00280100');
    const signed = ds.uint16('x00280103') === 1;
    const little = syntax !== '1.2.840.10008.1.2.2';
    const view = new DataView(bytes.buffer, bytes.byteOffset + pixels.dataOffset, pixels.length);
    let min = Infinity;
    let max = -Infinity;
    if (bits === 16) {
      for (let i = 0; i + 1 < pixels.length; i += 2) {
        const v = signed ? view.getInt16(i, little) : view.getUint16(i, little);
        if (v < min) min = v;
        if (v > max) max = v;
      }
    } else if (bits === 8) {
      for (let i = 0; i < pixels.length; i++) {
        const v = signed ? view.getInt8(i) : view.getUint8(i);
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    if (min <= max) return { min: scale(min), max: scale(max) };
  }
  const smallest = ds.elements.x00280106 ? ds.uint16('x00280106') : undefined;
  const largest = ds.elements.x00280107 ? ds.uint16('x00280107') : undefined;
  return smallest !== undefined && largest !== undefined
    ? { min: scale(smallest), max: scale(largest) }
    : undefined;
}

function readSlice(file: string): Slice | undefined {
  let bytes: Uint8Array;
  let ds: DataSet;
  try {
    bytes = readFileSync(file);
    ds = dicomParser.parseDicom(bytes);
  } catch {
    return undefined;
  }
  const range = pixelRange(ds, bytes);
  return {
    rows: ds.uint16('x00280010'),
    columns: ds.uint16('x00280011'),
    spacing: (numbers(ds, 'x00280030') ?? []).map((v) => v.toFixed(4)).join('\\'),
    orientation: numbers(ds, 'x00200037'),
    position: numbers(ds, 'x00200032'),
    thickness: numbers(ds, 'x00180050')?.[0],
    min: range?.min,
    max: range?.max,
  };
}

function normalOf(o: number[]): [number, number, number] {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = o;
  return [b * f - c * e, c * d - a * f, a * e - b * d];
}

function orientationOf(o: number[] | undefined): Orientation {
  if (!o || o.length !== 6) return 'unknown';
  const [x, y, z] = normalOf(o).map(Math.abs) as [number, number, number];
  if (z > 0.9) return 'axial';
  if (y > 0.9) return 'coronal';
  if (x > 0.9) return 'sagittal';
  return 'oblique';
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

const sameOrientation = (a: number[] | undefined, b: number[] | undefined) =>
  a === b || (!!a && !!b && a.length === b.length && a.every((v, i) => Math.abs(v - (b[i] ?? NaN)) < 1e-3));

export function seriesQc(files: readonly string[], gapFactor: number): SeriesQc {
  const slices = files.map(readSlice);
  const read = slices.filter((s): s is Slice => s !== undefined);
  const first = read[0];
  const inconsistentGeometry =
    !!first &&
    read.some(
      (s) =>
        s.rows !== first.rows ||
        s.columns !== first.columns ||
        s.spacing !== first.spacing ||
        !sameOrientation(s.orientation, first.orientation),
    );
  const orientation = orientationOf(first?.orientation);
  let missingSlices = 0;
  let duplicateSlices = 0;
  let sliceSpacingMm: number | null = null;
  if (first?.orientation && read.length > 1) {
    const n = normalOf(first.orientation);
    const along = read
      .filter((s) => s.position?.length === 3)
      .map((s) => (s.position ?? []).reduce((sum, v, i) => sum + v * (n[i] ?? 0), 0))
      .sort((a, b) => a - b);
    const gaps = along.slice(1).map((v, i) => v - (along[i] ?? v));
    duplicateSlices = gaps.filter((g) => g < 1e-3).length;
    const real = gaps.filter((g) => g >= 1e-3);
    if (real.length > 0) {
      sliceSpacingMm = median(real);
      for (const g of real)
        if (g > gapFactor * sliceSpacingMm) missingSlices += Math.round(g / sliceSpacingMm) - 1;
    }
  }
  const thicknesses = read.map((s) => s.thickness).filter((t): t is number => t !== undefined);
  const mins = read.map((s) => s.min).filter((v): v is number => v !== undefined);
  const maxs = read.map((s) => s.max).filter((v): v is number => v !== undefined);
  return {
    instances: files.length,
    unreadable: files.length - read.length,
    orientation,
    inconsistentGeometry,
    missingSlices,
    duplicateSlices,
    sliceThicknessMm: thicknesses.length ? median(thicknesses) : null,
    sliceSpacingMm,
    minIntensity: mins.length ? Math.min(...mins) : null,
    maxIntensity: maxs.length ? Math.max(...maxs) : null,
  };
}
