/** A small, known node index for dataset tests: patients, studies, series and instance files. */
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../src/db/schema.js';
import {
  bodyPartFromDicom,
  manufacturerFromDicom,
  modalityFromDicom,
  sexCodes,
  type SexLetter,
} from '../../src/model/codes.js';

export interface StudySpec {
  pseudonym: string;
  sex: SexLetter;
  diagnosis?: string;
  ageAtDiagnosis?: number;
  patientAge?: number;
  studyUid: string;
  modality: string;
  bodyPart: string;
  manufacturer: string;
  /** Folder of the instance files; one file per entry of `sizes`. */
  folder: string;
  sizes: number[];
}

let uid = 0;

export async function addStudy(db: Kysely<NodeDB>, s: StudySpec): Promise<void> {
  let patient = await db
    .selectFrom('patient')
    .select('id')
    .where('pseudonym', '=', s.pseudonym)
    .executeTakeFirst();
  if (!patient) {
    patient = await db
      .insertInto('patient')
      .values({ pseudonym: s.pseudonym, sex: s.sex, sex_code: sexCodes[s.sex].code, birth_year: 1960 })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (s.diagnosis) {
      await db
        .insertInto('patient_clinical')
        .values({
          patient_id: patient.id,
          diagnosis_code: s.diagnosis,
          age_at_diagnosis: s.ageAtDiagnosis ?? null,
        })
        .execute();
    }
  }
  const study = await db
    .insertInto('study')
    .values({
      patient_id: patient.id,
      study_uid: s.studyUid,
      study_date: '2020-01-01',
      patient_age: s.patientAge ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const series = await db
    .insertInto('series')
    .values({
      study_id: study.id,
      series_uid: `${s.studyUid}.1`,
      modality: s.modality,
      modality_code: modalityFromDicom(s.modality)?.code ?? null,
      body_part: s.bodyPart,
      body_part_code: bodyPartFromDicom(s.bodyPart)?.code ?? null,
      manufacturer: s.manufacturer,
      manufacturer_code: manufacturerFromDicom(s.manufacturer)?.code ?? null,
      instance_count: s.sizes.length,
      size_bytes: s.sizes.reduce((a, b) => a + b, 0),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [n, size] of s.sizes.entries()) {
    uid += 1;
    await db
      .insertInto('instance')
      .values({
        series_id: series.id,
        sop_instance_uid: `${s.studyUid}.1.${n + 1}`,
        sop_class_uid: '1.2.840.10008.5.1.4.1.1.4',
        transfer_syntax_uid: '1.2.840.10008.1.2.1',
        file_path: `${s.folder}/${s.studyUid}-${n + 1}-${uid}.dcm`,
        file_size: size,
        file_mtime_ms: 0,
        checksum: `c${uid}`,
      })
      .execute();
  }
}

/** Three patients at two sites: breast MG and prostate MR in Oslo, lung CT in Bergen. */
export const knownIndex: StudySpec[] = [
  {
    pseudonym: 'P1',
    sex: 'F',
    diagnosis: 'SNOMEDCT254837009',
    ageAtDiagnosis: 58,
    studyUid: '1.2.1',
    modality: 'MG',
    bodyPart: 'BREAST',
    manufacturer: 'SIEMENS',
    folder: '/data/oslo/breast',
    sizes: [100, 100],
  },
  {
    pseudonym: 'P2',
    sex: 'M',
    diagnosis: 'SNOMEDCT399068003',
    ageAtDiagnosis: 66,
    studyUid: '1.2.2',
    modality: 'MR',
    bodyPart: 'PROSTATE',
    manufacturer: 'Philips',
    folder: '/data/oslo/prostate',
    sizes: [200, 200, 200],
  },
  {
    pseudonym: 'P3',
    sex: 'M',
    patientAge: 71,
    studyUid: '1.2.3',
    modality: 'CT',
    bodyPart: 'CHEST',
    manufacturer: 'GE MEDICAL SYSTEMS',
    folder: '/data/bergen/lung',
    sizes: [50],
  },
];

export async function fillKnownIndex(db: Kysely<NodeDB>): Promise<void> {
  for (const s of knownIndex) await addStudy(db, s);
}
