/**
 * Synthetic anatomy: each phantom is a list of axis-aligned ellipsoids of tissue (body, organs,
 * bones, the tumour) in patient coordinates (LPS, mm). A slice through it, in any of the three
 * orthogonal planes, is a set of axis-aligned ellipses, drawn row span by row span into a label
 * map: cheap enough to draw every image of a large corpus.
 */
import type { Anatomy, Orientation } from './protocols.js';

export const tissues = [
  'air',
  'fat',
  'soft',
  'bone',
  'lung',
  'csf',
  'grey',
  'white',
  'liver',
  'spleen',
  'kidney',
  'vessel',
  'prostate',
  'urine',
  'bowel',
  'gland',
  'heart',
  'lesion',
  'necrosis',
  'oedema',
] as const;
export type Tissue = (typeof tissues)[number];
export const tissueIndex = Object.fromEntries(tissues.map((t, i) => [t, i])) as Record<Tissue, number>;

export interface Ellipsoid {
  c: readonly [number, number, number];
  r: readonly [number, number, number];
  t: Tissue;
}

const E = (c: [number, number, number], r: [number, number, number], t: Tissue): Ellipsoid => ({ c, r, t });
const pair = (x: number, y: number, z: number, r: [number, number, number], t: Tissue) => [
  E([-x, y, z], r, t),
  E([x, y, z], r, t),
];

const anatomies: Record<Anatomy, (male: boolean) => Ellipsoid[]> = {
  brain: () => [
    E([0, 0, 0], [75, 95, 90], 'fat'),
    E([0, 0, 0], [71, 91, 86], 'bone'),
    E([0, 0, 0], [67, 87, 82], 'csf'),
    E([0, 0, 0], [65, 85, 80], 'grey'),
    E([0, 0, 0], [54, 72, 64], 'white'),
    ...pair(12, -5, 10, [6, 30, 14], 'csf'),
  ],
  chest: () => [
    E([0, 0, 0], [170, 120, 400], 'fat'),
    E([0, 0, 0], [158, 108, 400], 'soft'),
    ...pair(78, 5, 0, [62, 85, 160], 'lung'),
    E([18, -25, -40], [55, 50, 55], 'heart'),
    E([0, 15, 0], [12, 12, 400], 'vessel'),
    E([0, 85, 0], [18, 18, 400], 'bone'),
    E([0, -100, 0], [12, 8, 400], 'bone'),
  ],
  abdomen: () => [
    E([0, 0, 0], [160, 115, 400], 'fat'),
    E([0, 0, 0], [148, 103, 400], 'soft'),
    E([-55, 0, 20], [80, 70, 75], 'liver'),
    E([85, 30, 30], [30, 45, 50], 'spleen'),
    ...pair(65, 45, -20, [28, 32, 50], 'kidney'),
    E([35, -35, 40], [40, 30, 35], 'bowel'),
    ...pair(80, -35, -45, [22, 22, 60], 'bowel'),
    E([15, 45, 0], [11, 11, 400], 'vessel'),
    E([0, 75, 0], [18, 18, 400], 'bone'),
  ],
  pelvis: (male) => [
    E([0, 0, 0], [170, 110, 300], 'fat'),
    E([0, 0, 0], [158, 98, 300], 'soft'),
    ...pair(85, 5, 10, [25, 25, 25], 'bone'),
    ...pair(70, 40, 40, [18, 40, 60], 'bone'),
    E([0, -25, 45], [40, 35, 35], 'urine'),
    male ? E([0, 0, 0], [22, 18, 20], 'prostate') : E([0, 0, 60], [30, 25, 40], 'gland'),
    E([0, 38, 0], [18, 18, 70], 'bowel'),
    E([0, 80, 20], [35, 15, 60], 'bone'),
  ],
  breast: () => [
    E([0, 70, 0], [170, 90, 400], 'fat'),
    E([0, 80, 0], [155, 75, 400], 'soft'),
    ...pair(80, -40, 0, [65, 60, 65], 'fat'),
    ...pair(80, -48, 0, [40, 32, 40], 'gland'),
    E([0, 130, 0], [18, 18, 400], 'bone'),
    ...pair(75, 60, 0, [60, 30, 160], 'lung'),
  ],
};

export interface LesionSpec {
  centre: readonly [number, number, number];
  radius: number;
  /** Glioblastoma: a necrotic core inside an enhancing rim, oedema around. */
  necrotic?: boolean;
  oedema?: boolean;
}

/** The ellipsoids of one patient's phantom, scaled to the body size, with the tumour last. */
export function buildPhantom(
  anatomy: Anatomy,
  male: boolean,
  scale: number,
  lesion: LesionSpec,
): Ellipsoid[] {
  const parts = anatomies[anatomy](male);
  const s = (v: readonly [number, number, number]): [number, number, number] => [
    v[0] * scale,
    v[1] * scale,
    v[2] * scale,
  ];
  const out = parts.map((p) => ({ c: s(p.c), r: s(p.r), t: p.t }));
  const c = s(lesion.centre);
  const r = lesion.radius * scale;
  if (lesion.oedema) out.push({ c, r: [r * 1.9, r * 1.7, r * 1.8], t: 'oedema' });
  out.push({ c, r: [r, r * 0.85, r * 0.95], t: 'lesion' });
  if (lesion.necrotic) out.push({ c, r: [r * 0.55, r * 0.5, r * 0.5], t: 'necrosis' });
  return out;
}

/** A slice: image plane geometry in patient coordinates. */
export interface SliceGeometry {
  orientation: Orientation;
  rows: number;
  columns: number;
  /** mm per pixel (square pixels). */
  pixelSpacing: number;
  /** Position of the slice along its normal axis (x for SAG, y for COR, z for AX), mm. */
  position: number;
}

/** Axes: [normal, column direction (u, along a row), row direction (v, down the image)]. */
const axes: Record<Orientation, { n: 0 | 1 | 2; u: 0 | 1 | 2; v: 0 | 1 | 2; vSign: 1 | -1 }> = {
  AX: { n: 2, u: 0, v: 1, vSign: 1 },
  SAG: { n: 0, u: 1, v: 2, vSign: -1 },
  COR: { n: 1, u: 0, v: 2, vSign: -1 },
};

/** DICOM Image Orientation (Patient) of each plane. */
export const imageOrientation: Record<Orientation, readonly number[]> = {
  AX: [1, 0, 0, 0, 1, 0],
  SAG: [0, 1, 0, 0, 0, -1],
  COR: [1, 0, 0, 0, 0, -1],
};

/** Image Position (Patient): the centre of the top-left pixel, with the slice centred on 0. */
export function imagePosition(g: SliceGeometry): [number, number, number] {
  const a = axes[g.orientation];
  const pos: [number, number, number] = [0, 0, 0];
  pos[a.n] = g.position;
  pos[a.u] = -((g.columns - 1) * g.pixelSpacing) / 2;
  pos[a.v] = -a.vSign * (((g.rows - 1) * g.pixelSpacing) / 2);
  return pos;
}

/** Draw the tissue labels of a slice into `labels` (rows × columns, row-major). */
export function drawLabels(phantom: readonly Ellipsoid[], g: SliceGeometry, labels: Uint8Array): void {
  labels.fill(tissueIndex.air);
  const a = axes[g.orientation];
  const origin = imagePosition(g);
  const ps = g.pixelSpacing;
  for (const e of phantom) {
    const dn = (g.position - e.c[a.n]) / e.r[a.n];
    const k = 1 - dn * dn;
    if (k <= 0) continue;
    const scale = Math.sqrt(k);
    const ru = e.r[a.u] * scale;
    const rv = e.r[a.v] * scale;
    const label = tissueIndex[e.t];
    for (let row = 0; row < g.rows; row++) {
      const v = origin[a.v] + a.vSign * row * ps;
      const dv = (v - e.c[a.v]) / rv;
      if (dv <= -1 || dv >= 1) continue;
      const half = ru * Math.sqrt(1 - dv * dv);
      const c0 = Math.max(0, Math.ceil((e.c[a.u] - half - origin[a.u]) / ps));
      const c1 = Math.min(g.columns - 1, Math.floor((e.c[a.u] + half - origin[a.u]) / ps));
      if (c1 >= c0) labels.fill(label, row * g.columns + c0, row * g.columns + c1 + 1);
    }
  }
}
