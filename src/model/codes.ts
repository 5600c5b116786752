/**
 * Coded values of the searchable fields. Keys and codes are those of the EUCAIM federated-search
 * catalogue (`shared/reference/eucaim/lens-search-catalogue.json`), so that a query written for
 * EUCAIM means the same here; codes the catalogue lacks (more cancer types, body parts and
 * modalities) are added here, each with its SNOMED CT or RadLex identifier.
 */

/** Field keys (the Lens AST `key` of each searchable field). */
export const fieldKeys = {
  sex: 'SNOMEDCT263495000',
  ageAtDiagnosis: 'SNOMEDCT423493009',
  diagnosis: 'SNOMEDCT439401001',
  yearOfDiagnosis: 'SNOMEDCT432213005',
  modality: 'RID10311',
  bodyPart: 'SNOMEDCT123037004',
  manufacturer: 'C25392',
} as const;

export interface CodedValue {
  code: string;
  label: string;
}

/** DICOM PatientSex → SNOMED CT (catalogue criterion keys). */
export const sexCodes = {
  M: { code: 'SNOMEDCT248153007', label: 'male' },
  F: { code: 'SNOMEDCT248152002', label: 'female' },
  O: { code: 'SNOMEDCT74964007', label: 'other' },
  U: { code: 'SNOMEDCT261665006', label: 'unknown' },
} as const satisfies Record<string, CodedValue>;

export type SexLetter = keyof typeof sexCodes;

export function sexFromDicom(value: string | undefined): SexLetter {
  const v = (value ?? '').trim().toUpperCase();
  return v === 'M' || v === 'F' || v === 'O' ? v : 'U';
}

/** DICOM Modality (0008,0060) → RadLex. */
export const modalityCodes: Record<string, CodedValue> = {
  MR: { code: 'RID10312', label: 'Magnetic Resonance Imaging' },
  PT: { code: 'RID10337', label: 'Positron Emission Tomography' },
  NM: { code: 'RID10334', label: 'Single Photon Emission Computed Tomography' },
  CT: { code: 'RID10321', label: 'Computed Tomography' },
  MG: { code: 'RID10357', label: 'Mammography' },
  US: { code: 'RID10326', label: 'Ultrasound' },
  CR: { code: 'RID10345', label: 'Projection Radiography' },
  DX: { code: 'RID10345', label: 'Projection Radiography' },
  SEG: { code: 'RID10327', label: 'Segmentation' },
  RTSTRUCT: { code: 'RID10328', label: 'Radiotherapy Structure Set' },
  SR: { code: 'RID10329', label: 'Structured Report' },
};

/** DICOM BodyPartExamined (0018,0015) defined terms → SNOMED CT. */
export const bodyPartCodes: Record<string, CodedValue> = {
  BREAST: { code: 'SNOMEDCT76752008', label: 'Breast' },
  COLON: { code: 'SNOMEDCT71854001', label: 'Colon' },
  LUNG: { code: 'SNOMEDCT39607008', label: 'Lung' },
  PELVIS: { code: 'SNOMEDCT12921003', label: 'Pelvis' },
  PROSTATE: { code: 'SNOMEDCT41216001', label: 'Prostate' },
  RECTUM: { code: 'SNOMEDCT34402009', label: 'Rectum' },
  LIVER: { code: 'SNOMEDCT10200004', label: 'Liver' },
  BRAIN: { code: 'SNOMEDCT12738006', label: 'Brain' },
  HEAD: { code: 'SNOMEDCT69536005', label: 'Head' },
  CHEST: { code: 'SNOMEDCT51185008', label: 'Chest' },
  ABDOMEN: { code: 'SNOMEDCT818983003', label: 'Abdomen' },
  WHOLEBODY: { code: 'SNOMEDCT38266002', label: 'Whole body' },
  ADRENAL: { code: 'SNOMEDCT23451007', label: 'Adrenal gland' },
  KIDNEY: { code: 'SNOMEDCT64033007', label: 'Kidney' },
  NECK: { code: 'SNOMEDCT45048000', label: 'Neck' },
};

const bodyPartSynonyms: Record<string, string> = {
  THORAX: 'CHEST',
  'WHOLE BODY': 'WHOLEBODY',
  WHOLE_BODY: 'WHOLEBODY',
  SKULL: 'HEAD',
  HEADNECK: 'HEAD',
  ABDOMENPELVIS: 'ABDOMEN',
};

export function bodyPartFromDicom(value: string | undefined): CodedValue | undefined {
  const v = (value ?? '').trim().toUpperCase();
  return bodyPartCodes[bodyPartSynonyms[v] ?? v];
}

export function modalityFromDicom(value: string | undefined): CodedValue | undefined {
  return modalityCodes[(value ?? '').trim().toUpperCase()];
}

/** Manufacturer (0008,0070) → ontology codes of the EUCAIM catalogue, by name pattern. */
const manufacturerPatterns: Array<[RegExp, CodedValue]> = [
  [/siemens\s+healthineers/i, { code: 'C200140', label: 'Siemens Healthineers' }],
  [/siemens/i, { code: 'birnlex_3066', label: 'Siemens Medical Solutions' }],
  [/\bge\b|general electric/i, { code: 'birnlex_12833', label: 'General Electric Medical Systems' }],
  [/philips/i, { code: 'birnlex_3065', label: 'Philips Medical Systems' }],
  [/toshiba|canon/i, { code: 'birnlex_3067', label: 'Toshiba Medical Solutions' }],
];

export function manufacturerFromDicom(value: string | undefined): CodedValue | undefined {
  const v = (value ?? '').trim();
  if (!v) return undefined;
  return manufacturerPatterns.find(([re]) => re.test(v))?.[1];
}

/** The nine cancer types of the platform → SNOMED CT diagnosis codes. */
export const cancerTypes = {
  breast: { code: 'SNOMEDCT254837009', label: 'Breast Cancer' },
  colon: { code: 'SNOMEDCT363406005', label: 'Colon Cancer' },
  lung: { code: 'SNOMEDCT363358000', label: 'Lung Cancer' },
  prostate: { code: 'SNOMEDCT399068003', label: 'Prostate Cancer' },
  rectum: { code: 'SNOMEDCT363351006', label: 'Rectum Cancer' },
  liver: { code: 'SNOMEDCT93870000', label: 'Liver Cancer' },
  glioma: { code: 'SNOMEDCT393564001', label: 'Glioma' },
  neuroblastoma: { code: 'SNOMEDCT432328008', label: 'Neuroblastoma' },
  glioblastoma: { code: 'SNOMEDCT393563007', label: 'Glioblastoma' },
} as const satisfies Record<string, CodedValue>;

export type CancerType = keyof typeof cancerTypes;

export function cancerTypeOfCode(code: string): CancerType | undefined {
  return (Object.keys(cancerTypes) as CancerType[]).find((k) => cancerTypes[k].code === code);
}
