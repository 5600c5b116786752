/** The patient key of an instance in the index. */
import { createHash } from 'node:crypto';
import type { DicomHeader } from '../../dicom/parse-header.js';

/**
 * PatientID as found (a de-identified archive carries its pseudonym there). A file without
 * PatientID gets a stable key derived from its StudyInstanceUID, so its study is not merged with
 * other patients' studies under one empty ID.
 */
export function pseudonymOf(h: Pick<DicomHeader, 'patientId' | 'studyInstanceUid'>): string {
  if (h.patientId) return h.patientId;
  return `NOID-${createHash('sha256').update(h.studyInstanceUid).digest('hex').slice(0, 16)}`;
}
