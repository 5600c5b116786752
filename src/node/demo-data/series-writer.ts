/**
 * Writes the image files of one series: geometry, pixels and attributes of each instance, one
 * Part 10 file per image, and returns the series' manifest entry (exactly what was written).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { el, encodePart10, type DicomElement } from '../../dicom/write-part10.js';
import { tags as T } from '../../dicom/tags.js';
import {
  bodyPartFromDicom,
  manufacturerFromDicom,
  modalityFromDicom,
  type CodedValue,
} from '../../model/codes.js';
import {
  ctElements,
  mammographyElements,
  mrElements,
  petElements,
  pixelModule,
  seriesElements,
  sopClassOf,
  ultrasoundElements,
  type MammoViewName,
} from './headers.js';
import type { ManifestSeries } from './manifest.js';
import { buildPhantom, drawLabels, imageOrientation, imagePosition, type SliceGeometry } from './phantom.js';
import { Noise, renderMammogram, renderSlice, renderUltrasound } from './pixels.js';
import {
  instanceUid,
  type CorpusIdentity,
  type PatientPlan,
  type SeriesPlan,
  type StudyPlan,
} from './plan.js';
import { fnv1a } from './rng.js';

const matrix = 64;
const petSlope = 37;

interface Image {
  elements: DicomElement[];
}

function windowOf(se: SeriesPlan): [number, number] {
  const t = se.template;
  switch (t.contrast) {
    case 'CT':
    case 'CTC':
      if (/LUNG/.test(t.description)) return [-600, 1500];
      if (t.anatomy === 'brain') return [40, 80];
      if (t.bodyPart === 'LIVER') return [60, 160];
      return [40, 400];
    case 'ADC':
      return [1500, 3000];
    case 'PET':
      return [1000 * petSlope, 2000 * petSlope];
    case 'T1':
    case 'T1C':
    case 'T2':
    case 'FLAIR':
    case 'DWI':
      return [450, 900];
    case 'MG':
      return [1700, 2600];
    case 'US':
      return [128, 256];
    default: {
      const never: never = t.contrast;
      throw new Error(`no window for ${String(never)}`);
    }
  }
}

/** Cross-sectional images (CT, MR, PET) through the patient's phantom. */
function* volumeImages(p: PatientPlan, st: StudyPlan, se: SeriesPlan): Generator<Image> {
  const t = se.template;
  const contrast = t.contrast;
  if (contrast === 'MG' || contrast === 'US') throw new Error(`${contrast} is not a volume contrast`);
  const lesion =
    p.tumour.anatomy === t.anatomy
      ? {
          centre: p.tumour.centre,
          radius: p.tumour.radius * st.lesionScale,
          necrotic: p.cancerType === 'glioblastoma',
          oedema: p.cancerType === 'glioblastoma' || p.cancerType === 'glioma',
        }
      : { centre: [0, 0, 0] as const, radius: 0 };
  const phantom = buildPhantom(t.anatomy, p.sex === 'M', p.bodyScale, lesion).filter(
    (e) => e.t !== 'lesion' || lesion.radius > 0,
  );
  const spacing = t.spacing ?? t.sliceThickness ?? 5;
  const pixelSpacing = Math.round((t.fov / matrix) * 1000) / 1000;
  const [wc, ww] = windowOf(se);
  const series =
    t.modality === 'CT'
      ? ctElements(p, se)
      : t.modality === 'MR'
        ? mrElements(se)
        : petElements(p, st, se, petSlope);
  const labels = new Uint8Array(matrix * matrix);
  const noise = new Noise(fnv1a(se.uid));
  for (let i = 0; i < se.images; i++) {
    const position = Math.round((i - (se.images - 1) / 2) * spacing * 100) / 100;
    const g: SliceGeometry = {
      orientation: t.orientation,
      rows: matrix,
      columns: matrix,
      pixelSpacing,
      position,
    };
    drawLabels(phantom, g, labels);
    const pixels = renderSlice(labels, contrast, noise);
    const elements: DicomElement[] = [
      ...series,
      el(T.ImagePositionPatient, 'DS', imagePosition(g)),
      el(T.ImageOrientationPatient, 'DS', imageOrientation[t.orientation]),
      el(T.PixelSpacing, 'DS', [pixelSpacing, pixelSpacing]),
      el(T.SliceThickness, 'DS', t.sliceThickness ?? spacing),
      el(T.SliceLocation, 'DS', position),
      el(T.WindowCenter, 'DS', wc),
      el(T.WindowWidth, 'DS', ww),
      ...pixelModule(matrix, matrix, t.modality === 'PT' ? 16 : 12, pixels),
    ];
    if (t.modality === 'PT') {
      elements.push(el(T.ImageIndex, 'US', i + 1), el(T.FrameReferenceTime, 'DS', 0));
    } else {
      elements.push(el(T.AcquisitionNumber, 'IS', 1));
    }
    yield { elements };
  }
}

const mammoViews: readonly MammoViewName[] = ['RCC', 'LCC', 'RMLO', 'LMLO'];

function* mammographyImages(p: PatientPlan, st: StudyPlan, se: SeriesPlan): Generator<Image> {
  const rows = 128;
  const columns = 96;
  const tumourLeft = p.tumour.centre[0] > 0;
  const noise = new Noise(fnv1a(se.uid));
  for (let i = 0; i < se.images; i++) {
    const view = mammoViews[i % mammoViews.length]!;
    const right = view[0] === 'R';
    const cc = view.endsWith('CC');
    const depth = Math.min(0.7, Math.max(0.15, (-p.tumour.centre[1] - 20) / 60)) * columns * 0.8;
    const lesion =
      right !== tumourLeft
        ? {
            row: rows * (0.5 + (cc ? p.tumour.centre[2] : -p.tumour.centre[2]) / 200),
            column: right ? columns - 1 - depth : depth,
            radius: Math.max(2, (p.tumour.radius * st.lesionScale) / 1.875),
          }
        : undefined;
    const pixels = renderMammogram(rows, columns, cc ? 'CC' : 'MLO', right, lesion, noise);
    yield { elements: [...mammographyElements(view, p), ...pixelModule(rows, columns, 12, pixels)] };
  }
}

function* ultrasoundImages(p: PatientPlan, st: StudyPlan, se: SeriesPlan): Generator<Image> {
  const rows = 96;
  const columns = 128;
  const noise = new Noise(fnv1a(se.uid));
  const right = p.tumour.centre[0] < 0;
  for (let i = 0; i < se.images; i++) {
    const onTumour = i < Math.ceil(se.images / 2);
    const lesion = onTumour
      ? {
          row: rows * 0.5,
          column: columns * (0.35 + 0.1 * i),
          radius: Math.max(4, p.tumour.radius * st.lesionScale * 0.9),
        }
      : undefined;
    const pixels = renderUltrasound(rows, columns, lesion, noise);
    yield {
      elements: [
        ...ultrasoundElements(right),
        el(T.WindowCenter, 'DS', 128),
        el(T.WindowWidth, 'DS', 256),
        ...pixelModule(rows, columns, 8, pixels),
      ],
    };
  }
}

function imagesOf(p: PatientPlan, st: StudyPlan, se: SeriesPlan): Generator<Image> {
  switch (se.template.modality) {
    case 'CT':
    case 'MR':
    case 'PT':
      return volumeImages(p, st, se);
    case 'MG':
      return mammographyImages(p, st, se);
    case 'US':
      return ultrasoundImages(p, st, se);
    default: {
      const never: never = se.template.modality;
      throw new Error(`unknown modality ${String(never)}`);
    }
  }
}

export function seriesDirName(se: SeriesPlan): string {
  return `${se.number}_${se.template.modality}`;
}

export function instanceFileName(instanceNumber: number): string {
  return `${String(instanceNumber).padStart(4, '0')}.dcm`;
}

/** Write the files of a series under `root`; returns its manifest entry. */
export function writeSeries(
  root: string,
  id: CorpusIdentity,
  p: PatientPlan,
  st: StudyPlan,
  se: SeriesPlan,
): ManifestSeries {
  const rel = `${p.pseudonym}/${st.dirName}/${seriesDirName(se)}`;
  mkdirSync(join(root, rel), { recursive: true });
  const common = seriesElements(p, st, se);
  const sopClassUid = sopClassOf(se.template.modality);
  const files: string[] = [];
  const sopInstanceUids: string[] = [];
  let bytes = 0;
  let rows = 0;
  let columns = 0;
  let n = 0;
  for (const image of imagesOf(p, st, se)) {
    n++;
    const uid = instanceUid(id, p, st, se, n);
    const elements = [
      ...common,
      ...image.elements,
      el(T.SOPInstanceUID, 'UI', uid),
      el(T.InstanceNumber, 'IS', n),
      el(T.ContentDate, 'DA', st.dicomDate),
      el(T.ContentTime, 'TM', se.time),
    ];
    for (const e of image.elements) {
      if (e.tag === T.Rows && typeof e.value === 'number') rows = e.value;
      if (e.tag === T.Columns && typeof e.value === 'number') columns = e.value;
    }
    const bytesOfFile = encodePart10({ sopClassUid, sopInstanceUid: uid }, elements);
    const file = `${rel}/${instanceFileName(n)}`;
    writeFileSync(join(root, file), bytesOfFile);
    files.push(file);
    sopInstanceUids.push(uid);
    bytes += bytesOfFile.length;
  }
  const t = se.template;
  const codeOf = (c: CodedValue | undefined, what: string) => {
    if (!c) throw new Error(`the demo corpus uses ${what}, which has no code in src/model/codes.ts`);
    return c.code;
  };
  return {
    seriesUid: se.uid,
    seriesNumber: se.number,
    modality: t.modality,
    modalityCode: codeOf(modalityFromDicom(t.modality), `modality ${t.modality}`),
    bodyPart: t.bodyPart,
    bodyPartCode: codeOf(bodyPartFromDicom(t.bodyPart), `body part ${t.bodyPart}`),
    description: t.description,
    manufacturer: se.scanner.manufacturer,
    manufacturerCode: codeOf(manufacturerFromDicom(se.scanner.manufacturer), se.scanner.manufacturer),
    model: se.scanner.model,
    sliceThickness: t.modality === 'MG' || t.modality === 'US' ? null : (t.sliceThickness ?? null),
    sopClassUid,
    rows,
    columns,
    instances: n,
    bytes,
    files,
    sopInstanceUids,
  };
}
