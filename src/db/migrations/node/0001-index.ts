import { sql, type Kysely } from 'kysely';

/** The node's DICOM index: patient → study → series → instance, plus ingest bookkeeping. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table patient (
      id bigserial primary key,
      pseudonym text not null unique,
      sex char(1) not null default 'U' check (sex in ('M','F','O','U')),
      sex_code text not null,
      birth_year int
    );
    create table study (
      id bigserial primary key,
      patient_id bigint not null references patient(id),
      study_uid text not null unique,
      study_date date,
      description text,
      patient_age int,
      created_at timestamptz not null default now()
    );
    create index study_patient on study(patient_id);
    create index study_date_idx on study(study_date);
    create table series (
      id bigserial primary key,
      study_id bigint not null references study(id),
      series_uid text not null unique,
      modality text,
      modality_code text,
      body_part text,
      body_part_code text,
      manufacturer text,
      manufacturer_code text,
      model text,
      description text,
      slice_thickness double precision,
      instance_count int not null default 0,
      size_bytes bigint not null default 0
    );
    create index series_study on series(study_id);
    create index series_modality_body on series(modality_code, body_part_code);
    create table instance (
      id bigserial primary key,
      series_id bigint not null references series(id),
      sop_instance_uid text not null unique,
      sop_class_uid text not null,
      transfer_syntax_uid text not null,
      instance_number int,
      rows int,
      columns int,
      frames int,
      file_path text not null unique,
      file_size bigint not null,
      file_mtime_ms bigint not null,
      checksum text not null
    );
    create index instance_series on instance(series_id);
    create table ingest_run (
      id bigserial primary key,
      root text not null,
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      summary jsonb
    );
    create table ingest_rejection (
      file_path text primary key,
      file_size bigint not null,
      file_mtime_ms bigint not null,
      reason_code text not null,
      reason text not null,
      run_id bigint references ingest_run(id),
      recorded_at timestamptz not null default now()
    );
    create table patient_clinical (
      patient_id bigint primary key references patient(id),
      diagnosis_code text,
      age_at_diagnosis int,
      year_of_diagnosis int
    );
    create index patient_clinical_diag on patient_clinical(diagnosis_code);
    create table clinical_observation (
      patient_id bigint not null references patient(id),
      key text not null,
      value_code text,
      value_num double precision,
      primary key (patient_id, key)
    );
  `.execute(db);
}
