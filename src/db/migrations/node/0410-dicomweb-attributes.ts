import { sql, type Kysely } from 'kysely';

/**
 * QIDO-RS returns PatientName and PatientBirthDate as the files carry them (WADO-RS metadata
 * shows the same values, and clients match PatientName with wildcards), and BitsAllocated at
 * instance level (PS3.18 Table 6.7.1-2a). Rows indexed before this migration get them when their
 * files are indexed again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table study add column patient_name text;
    alter table study add column patient_birth_date text;
    alter table instance add column bits_allocated int;
    create index study_patient_name_idx on study(lower(patient_name));
  `.execute(db);
}
