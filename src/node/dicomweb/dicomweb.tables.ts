/** Kysely types of the columns DICOMweb adds to the index (migrations 0400-dicomweb, 0410). */
import type { ColumnType } from 'kysely';

/** Nullable and optional on insert, so other writers of the index need not know about them. */
type Extra<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface DicomwebTables {
  study: {
    accession_number: Extra<string>;
    /** StudyTime (0008,0030) as the DICOM TM string (HHMMSS.FFFFFF). */
    study_time: Extra<string>;
    /** StudyID (0020,0010); `study_id` is the foreign-key name elsewhere. */
    study_id_text: Extra<string>;
    referring_physician: Extra<string>;
    /** PatientName (0010,0010) as in the files (0410). */
    patient_name: Extra<string>;
    /** PatientBirthDate (0010,0030) as a DICOM DA, YYYYMMDD (0410). */
    patient_birth_date: Extra<string>;
  };
  series: {
    series_number: Extra<number>;
  };
  instance: {
    /** BitsAllocated (0028,0100); null without pixel data (0410). */
    bits_allocated: Extra<number>;
  };
}
