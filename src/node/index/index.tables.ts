/** Kysely types of the node's DICOM index tables (migration 0001-index). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PatientTable {
  id: Generated<number>;
  pseudonym: string;
  sex: 'M' | 'F' | 'O' | 'U';
  sex_code: string;
  birth_year: number | null;
}

export interface StudyTable {
  id: Generated<number>;
  patient_id: number;
  study_uid: string;
  /** ISO date (YYYY-MM-DD) */
  study_date: ColumnType<Date | null, string | null, string | null>;
  description: string | null;
  patient_age: number | null;
  created_at: Timestamp;
}

export interface SeriesTable {
  id: Generated<number>;
  study_id: number;
  series_uid: string;
  modality: string | null;
  modality_code: string | null;
  body_part: string | null;
  body_part_code: string | null;
  manufacturer: string | null;
  manufacturer_code: string | null;
  model: string | null;
  description: string | null;
  slice_thickness: number | null;
  instance_count: Generated<number>;
  size_bytes: Generated<number>;
}

export interface InstanceTable {
  id: Generated<number>;
  series_id: number;
  sop_instance_uid: string;
  sop_class_uid: string;
  transfer_syntax_uid: string;
  instance_number: number | null;
  rows: number | null;
  columns: number | null;
  frames: number | null;
  file_path: string;
  file_size: number;
  file_mtime_ms: number;
  checksum: string;
}

export interface IngestRunTable {
  id: Generated<number>;
  root: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  summary: unknown;
}

export interface IngestRejectionTable {
  file_path: string;
  file_size: number;
  file_mtime_ms: number;
  reason_code: string;
  reason: string;
  run_id: number | null;
  recorded_at: Timestamp;
}

export interface PatientClinicalTable {
  patient_id: number;
  diagnosis_code: string | null;
  age_at_diagnosis: number | null;
  year_of_diagnosis: number | null;
}

export interface ClinicalObservationTable {
  patient_id: number;
  key: string;
  value_code: string | null;
  value_num: number | null;
}

export interface IndexTables {
  patient: PatientTable;
  study: StudyTable;
  series: SeriesTable;
  instance: InstanceTable;
  ingest_run: IngestRunTable;
  ingest_rejection: IngestRejectionTable;
  patient_clinical: PatientClinicalTable;
  clinical_observation: ClinicalObservationTable;
}
