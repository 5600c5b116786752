import { sql, type Kysely } from 'kysely';

/**
 * DICOMweb (QIDO-RS) needs a few study/series attributes that PS3.18 Table 6.7.1-2 returns by
 * default and that clients (OHIF's study list) show and match on: AccessionNumber, StudyTime,
 * StudyID, ReferringPhysicianName and SeriesNumber. The indexes serve the QIDO match keys that
 * filter on raw DICOM values (the codes already have their own index).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table study add column accession_number text;
    alter table study add column study_time text;
    alter table study add column study_id_text text;
    alter table study add column referring_physician text;
    alter table series add column series_number int;
    create index study_accession_idx on study(accession_number);
    create index series_modality_idx on series(modality);
    create index series_body_part_idx on series(body_part);
    create index instance_sop_class_idx on instance(sop_class_uid);
  `.execute(db);
}
