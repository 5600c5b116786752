/**
 * Imaging protocols of the demo corpus: for each kind of study, the series a radiology department
 * would acquire (descriptions as scanners print them, slice thickness, orientation), and which of
 * the synthetic phantoms the pixels are drawn from.
 */

export type ImagingModality = 'CT' | 'MR' | 'PT' | 'MG' | 'US';
export type Orientation = 'AX' | 'SAG' | 'COR';
export type Anatomy = 'brain' | 'chest' | 'abdomen' | 'pelvis' | 'breast';
/** What the pixels show: the MR weighting, the CT window, PET uptake, or a projection/echo image. */
export type Contrast = 'T1' | 'T1C' | 'T2' | 'FLAIR' | 'DWI' | 'ADC' | 'CT' | 'CTC' | 'PET' | 'MG' | 'US';
/** The scanner a study is acquired on (a PET/CT's CT series come from the PET/CT). */
export type ScannerKind = 'CT' | 'MR' | 'PETCT' | 'MG' | 'US';

export interface SeriesTemplate {
  modality: ImagingModality;
  description: string;
  /** DICOM BodyPartExamined (0018,0015) defined term. */
  bodyPart: string;
  anatomy: Anatomy;
  orientation: Orientation;
  contrast: Contrast;
  /** Number of images, inclusive range. */
  images: readonly [number, number];
  /** mm; undefined for projection and ultrasound images. */
  sliceThickness?: number;
  /** mm between slice centres (≥ thickness). */
  spacing?: number;
  /** Field of view, mm. */
  fov: number;
  /** Probability that the series is acquired in a study of this kind. */
  p?: number;
  /** A derived series (reformat, ADC map) rather than an acquisition. */
  derived?: boolean;
}

export interface StudyTemplate {
  id: string;
  description: string;
  scanner: ScannerKind;
  series: readonly SeriesTemplate[];
}

function mr(
  description: string,
  bodyPart: string,
  anatomy: Anatomy,
  contrast: Contrast,
  orientation: Orientation,
  images: readonly [number, number],
  sliceThickness: number,
  extra: Partial<SeriesTemplate> = {},
): SeriesTemplate {
  const fov = anatomy === 'brain' ? 230 : anatomy === 'pelvis' && bodyPart === 'PROSTATE' ? 200 : 360;
  return {
    modality: 'MR',
    description,
    bodyPart,
    anatomy,
    orientation,
    contrast,
    images,
    sliceThickness,
    spacing: sliceThickness * 1.1,
    fov,
    ...extra,
  };
}

function ct(
  description: string,
  bodyPart: string,
  anatomy: Anatomy,
  images: readonly [number, number],
  sliceThickness: number,
  extra: Partial<SeriesTemplate> = {},
): SeriesTemplate {
  return {
    modality: 'CT',
    description,
    bodyPart,
    anatomy,
    orientation: 'AX',
    contrast: 'CTC',
    images,
    sliceThickness,
    spacing: sliceThickness,
    fov: anatomy === 'brain' ? 250 : 400,
    ...extra,
  };
}

/** Diffusion and its ADC map: the same slices, so they share an image count. */
function diffusion(bValue: number, bodyPart: string, anatomy: Anatomy, images: readonly [number, number]) {
  return [
    mr(`DWI b${bValue}`, bodyPart, anatomy, 'DWI', 'AX', images, 5),
    mr('ADC', bodyPart, anatomy, 'ADC', 'AX', images, 5, { derived: true }),
  ] as const;
}

export const studyTemplates = {
  mammography: {
    id: 'mammography',
    description: 'MAMMOGRAPHY BILATERAL',
    scanner: 'MG',
    series: [
      {
        modality: 'MG',
        description: 'MG 2D BILATERAL',
        bodyPart: 'BREAST',
        anatomy: 'breast',
        orientation: 'AX',
        contrast: 'MG',
        images: [4, 4],
        fov: 240,
      },
    ],
  },
  breastUltrasound: {
    id: 'breastUltrasound',
    description: 'US BREAST',
    scanner: 'US',
    series: [
      {
        modality: 'US',
        description: 'US BREAST',
        bodyPart: 'BREAST',
        anatomy: 'breast',
        orientation: 'AX',
        contrast: 'US',
        images: [3, 6],
        fov: 50,
      },
    ],
  },
  breastMr: {
    id: 'breastMr',
    description: 'MR BREAST BILATERAL W WO CONTRAST',
    scanner: 'MR',
    series: [
      mr('T2 TSE AX', 'BREAST', 'breast', 'T2', 'AX', [20, 26], 4),
      ...diffusion(800, 'BREAST', 'breast', [16, 20]),
      mr('T1 FL3D AX PRE', 'BREAST', 'breast', 'T1', 'AX', [24, 30], 2),
      mr('T1 FL3D AX POST', 'BREAST', 'breast', 'T1C', 'AX', [24, 30], 2),
    ],
  },
  ctAbdomenPelvis: {
    id: 'ctAbdomenPelvis',
    description: 'CT ABDOMEN PELVIS W CONTRAST',
    scanner: 'CT',
    series: [
      ct('PV AX 5mm', 'ABDOMEN', 'abdomen', [28, 36], 5),
      ct('COR 3mm', 'ABDOMEN', 'abdomen', [20, 26], 3, { orientation: 'COR', derived: true, p: 0.6 }),
    ],
  },
  ctColonography: {
    id: 'ctColonography',
    description: 'CT COLONOGRAPHY',
    scanner: 'CT',
    series: [
      ct('SUPINE 1.25mm', 'COLON', 'abdomen', [30, 40], 1.25, { contrast: 'CT', spacing: 4 }),
      ct('PRONE 1.25mm', 'COLON', 'abdomen', [30, 40], 1.25, { contrast: 'CT', spacing: 4 }),
    ],
  },
  ctChest: {
    id: 'ctChest',
    description: 'CT CHEST W CONTRAST',
    scanner: 'CT',
    series: [
      ct('AX 5mm', 'CHEST', 'chest', [26, 34], 5),
      ct('AX 1.25mm LUNG', 'LUNG', 'chest', [30, 40], 1.25, { spacing: 4 }),
    ],
  },
  petCt: {
    id: 'petCt',
    description: 'PET-CT FDG WHOLE BODY',
    scanner: 'PETCT',
    series: [
      ct('CT AC 5mm', 'WHOLEBODY', 'chest', [30, 36], 5, { contrast: 'CT', fov: 500 }),
      {
        modality: 'PT',
        description: 'PET AC',
        bodyPart: 'WHOLEBODY',
        anatomy: 'chest',
        orientation: 'AX',
        contrast: 'PET',
        images: [30, 36],
        sliceThickness: 5,
        spacing: 5,
        fov: 600,
      },
    ],
  },
  prostateMr: {
    id: 'prostateMr',
    description: 'MR PROSTATE MULTIPARAMETRIC',
    scanner: 'MR',
    series: [
      mr('T2 TSE AX', 'PROSTATE', 'pelvis', 'T2', 'AX', [20, 24], 3),
      mr('T2 TSE SAG', 'PROSTATE', 'pelvis', 'T2', 'SAG', [18, 20], 3),
      mr('T2 TSE COR', 'PROSTATE', 'pelvis', 'T2', 'COR', [18, 20], 3, { p: 0.5 }),
      ...diffusion(800, 'PROSTATE', 'pelvis', [18, 20]),
      mr('DCE T1 VIBE', 'PROSTATE', 'pelvis', 'T1C', 'AX', [16, 20], 3, { p: 0.7 }),
      mr('T1 TSE AX PELVIS', 'PELVIS', 'pelvis', 'T1', 'AX', [20, 24], 5, { fov: 380 }),
    ],
  },
  ctPelvis: {
    id: 'ctPelvis',
    description: 'CT ABDOMEN PELVIS W CONTRAST',
    scanner: 'CT',
    series: [ct('AX 5mm', 'PELVIS', 'pelvis', [24, 30], 5)],
  },
  rectumMr: {
    id: 'rectumMr',
    description: 'MR PELVIS RECTUM STAGING',
    scanner: 'MR',
    series: [
      mr('T2 TSE SAG', 'PELVIS', 'pelvis', 'T2', 'SAG', [20, 24], 4),
      mr('T2 TSE AX HR', 'RECTUM', 'pelvis', 'T2', 'AX', [22, 28], 3),
      mr('T2 TSE COR', 'RECTUM', 'pelvis', 'T2', 'COR', [18, 22], 3, { p: 0.6 }),
      ...diffusion(1000, 'RECTUM', 'pelvis', [18, 22]),
    ],
  },
  ctLiver: {
    id: 'ctLiver',
    description: 'CT LIVER TRIPHASIC',
    scanner: 'CT',
    series: [
      ct('ART AX 2.5mm', 'LIVER', 'abdomen', [28, 36], 2.5, { spacing: 4 }),
      ct('PV AX 5mm', 'LIVER', 'abdomen', [24, 30], 5),
      ct('DELAY AX 5mm', 'LIVER', 'abdomen', [24, 30], 5, { p: 0.5 }),
    ],
  },
  liverMr: {
    id: 'liverMr',
    description: 'MR LIVER W WO CONTRAST',
    scanner: 'MR',
    series: [
      mr('T2 HASTE AX', 'LIVER', 'abdomen', 'T2', 'AX', [24, 30], 6),
      mr('T1 VIBE AX PRE', 'LIVER', 'abdomen', 'T1', 'AX', [28, 36], 3),
      mr('T1 VIBE AX ART', 'LIVER', 'abdomen', 'T1C', 'AX', [28, 36], 3),
      ...diffusion(800, 'LIVER', 'abdomen', [20, 24]),
    ],
  },
  brainMr: {
    id: 'brainMr',
    description: 'MR BRAIN W WO CONTRAST',
    scanner: 'MR',
    series: [
      mr('T1 MPRAGE SAG', 'BRAIN', 'brain', 'T1', 'SAG', [28, 36], 1, { spacing: 4 }),
      mr('T2 TSE AX', 'BRAIN', 'brain', 'T2', 'AX', [20, 24], 5),
      mr('T2 FLAIR AX', 'BRAIN', 'brain', 'FLAIR', 'AX', [20, 24], 5),
      ...diffusion(1000, 'BRAIN', 'brain', [20, 24]),
      mr('T1 MPRAGE AX POST GD', 'BRAIN', 'brain', 'T1C', 'AX', [28, 36], 1, { spacing: 4 }),
    ],
  },
  paediatricAbdomenMr: {
    id: 'paediatricAbdomenMr',
    description: 'MR ABDOMEN W WO CONTRAST',
    scanner: 'MR',
    series: [
      mr('T2 TSE AX', 'ABDOMEN', 'abdomen', 'T2', 'AX', [20, 26], 4, { fov: 260 }),
      mr('T2 TSE COR', 'ADRENAL', 'abdomen', 'T2', 'COR', [16, 20], 4, { fov: 260 }),
      ...diffusion(800, 'ABDOMEN', 'abdomen', [16, 20]).map((s) => ({ ...s, fov: 260 })),
      mr('T1 VIBE AX POST', 'ADRENAL', 'abdomen', 'T1C', 'AX', [20, 26], 3, { fov: 260 }),
    ],
  },
  paediatricAbdomenCt: {
    id: 'paediatricAbdomenCt',
    description: 'CT ABDOMEN W CONTRAST',
    scanner: 'CT',
    series: [ct('AX 3mm', 'ADRENAL', 'abdomen', [24, 32], 3, { fov: 280 })],
  },
} as const satisfies Record<string, StudyTemplate>;

export type StudyKind = keyof typeof studyTemplates;
