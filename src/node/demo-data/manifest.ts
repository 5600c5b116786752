/**
 * The ground truth of a generated corpus (manifest.json): every patient, study and series with
 * the values written into the files, the file paths (relative to the corpus directory), counts
 * and sizes. Tests elsewhere compute expected search results from it, so it must be exact.
 */
import type { CancerType } from '../../model/codes.js';

export interface ManifestSeries {
  seriesUid: string;
  seriesNumber: number;
  modality: string;
  /** RadLex code of the modality (`modalityFromDicom`), as the index stores it. */
  modalityCode: string;
  /** BodyPartExamined as written. */
  bodyPart: string;
  /** SNOMED CT code of the body part (`bodyPartFromDicom`). */
  bodyPartCode: string;
  description: string;
  manufacturer: string;
  /** Catalogue code of the manufacturer (`manufacturerFromDicom`). */
  manufacturerCode: string;
  model: string;
  /** mm; null for mammography and ultrasound, which have none. */
  sliceThickness: number | null;
  sopClassUid: string;
  rows: number;
  columns: number;
  instances: number;
  /** Sum of the file sizes. */
  bytes: number;
  /** Relative paths with forward slashes, in instance-number order. */
  files: string[];
  /** SOP Instance UIDs, in the same order as `files`. */
  sopInstanceUids: string[];
}

export interface ManifestStudy {
  studyUid: string;
  /** YYYY-MM-DD */
  studyDate: string;
  description: string;
  /** Whole years (PatientAge nnnY). */
  patientAge: number;
  series: ManifestSeries[];
}

export interface ManifestPatient {
  pseudonym: string;
  sex: 'M' | 'F';
  /** SNOMED CT code of the sex (catalogue criterion). */
  sexCode: string;
  birthYear: number;
  cancerType: CancerType;
  diagnosisCode: string;
  ageAtDiagnosis: number;
  yearOfDiagnosis: number;
  /** Clinical field key → criterion code or number (only the fields that apply). */
  clinical: Record<string, string | number>;
  studies: ManifestStudy[];
}

export interface DemoManifest {
  site: string;
  seed: number;
  generator: string;
  /** Relative paths of the non-DICOM files mixed in with --with-junk (besides this file and clinical.csv). */
  junk: string[];
  patients: ManifestPatient[];
}

export const demoGenerator = 'cie demo-data 1';
