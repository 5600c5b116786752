import { sql, type Kysely } from 'kysely';

/**
 * The search executor's denormalised table: one row per (patient, study, series) of the index —
 * a patient without studies gives one row (patient, –, –), a study without series one row
 * (patient, study, –) — carrying every column a search filters or stratifies on, so a search
 * reads one table with no joins. Kept exact by statement-level triggers on patient,
 * patient_clinical, study and series (whatever writes them: ingest, re-ingest, clinical import,
 * deletions, test fixtures), which refresh only the studies or patients a statement changed, and
 * only when a searched column changed (ingest's no-op upserts and instance recounts cost a join
 * of the transition tables, nothing more).
 *
 * `search_state.version` grows once per transaction that changes anything a search reads
 * (including clinical_observation); `search_answer_cache` keeps raw counts per (query,
 * collection) with the version they were computed at, valid only while it is unchanged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table search_row (
      patient_id bigint not null,
      study_id bigint,
      series_id bigint,
      sex_code text not null,
      diagnosis_code text,
      age_at_diagnosis int,
      year_of_diagnosis int,
      modality_code text,
      body_part_code text,
      manufacturer_code text
    );
    create index search_row_patient on search_row(patient_id, study_id);
    create index search_row_study on search_row(study_id);
    create index search_row_diagnosis on search_row(diagnosis_code);
    create index search_row_age on search_row(age_at_diagnosis);
    create index search_row_year on search_row(year_of_diagnosis);
    create index search_row_modality on search_row(modality_code, body_part_code);
    create index search_row_body_part on search_row(body_part_code);
    create index search_row_manufacturer on search_row(manufacturer_code);

    create table search_state (id int primary key check (id = 1), version bigint not null);
    insert into search_state values (1, 0);
    create table search_answer_cache (
      cache_key text primary key,
      version bigint not null,
      answer jsonb not null,
      computed_at timestamptz not null default now()
    );
    create index search_answer_cache_version on search_answer_cache(version);

    create function search_touch() returns void language plpgsql as $$
    begin
      if current_setting('cie.search_touched', true) is distinct from txid_current()::text then
        update search_state set version = version + 1 where id = 1;
        perform set_config('cie.search_touched', txid_current()::text, true);
      end if;
    end $$;

    create function search_rows_placeholders(pids bigint[]) returns void language plpgsql as $$
    begin
      delete from search_row where patient_id = any(pids) and study_id is null;
      insert into search_row (patient_id, sex_code, diagnosis_code, age_at_diagnosis, year_of_diagnosis)
        select p.id, p.sex_code, pc.diagnosis_code, pc.age_at_diagnosis, pc.year_of_diagnosis
        from patient p left join patient_clinical pc on pc.patient_id = p.id
        where p.id = any(pids) and not exists (select 1 from study st where st.patient_id = p.id);
    end $$;

    create function search_rows_studies(sids bigint[]) returns void language plpgsql as $$
    begin
      delete from search_row where study_id = any(sids);
      insert into search_row
        select p.id, st.id, s.id, p.sex_code, pc.diagnosis_code, pc.age_at_diagnosis, pc.year_of_diagnosis,
               s.modality_code, s.body_part_code, s.manufacturer_code
        from study st join patient p on p.id = st.patient_id
        left join patient_clinical pc on pc.patient_id = p.id
        left join series s on s.study_id = st.id
        where st.id = any(sids);
      perform search_touch();
    end $$;

    create function search_rows_patients(pids bigint[]) returns void language plpgsql as $$
    begin
      delete from search_row where patient_id = any(pids);
      perform search_rows_studies(array(select id from study where patient_id = any(pids)));
      perform search_rows_placeholders(pids);
      perform search_touch();
    end $$;

    create function search_rows_clinical(pids bigint[]) returns void language plpgsql as $$
    begin
      update search_row r set diagnosis_code = pc.diagnosis_code, age_at_diagnosis = pc.age_at_diagnosis,
                              year_of_diagnosis = pc.year_of_diagnosis
      from (select a.id, c.diagnosis_code, c.age_at_diagnosis, c.year_of_diagnosis
            from unnest(pids) a(id) left join patient_clinical c on c.patient_id = a.id) pc
      where r.patient_id = pc.id;
      perform search_touch();
    end $$;

    create function search_on_patient() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'INSERT' then
        perform search_rows_placeholders(array(select id from n));
        perform search_touch();
      elsif TG_OP = 'UPDATE' then
        if exists (select 1 from n join o on o.id = n.id where n.sex_code is distinct from o.sex_code) then
          update search_row r set sex_code = n.sex_code from n where r.patient_id = n.id and r.sex_code <> n.sex_code;
          perform search_touch();
        end if;
      else
        delete from search_row where patient_id in (select id from o);
        perform search_touch();
      end if;
      return null;
    end $$;

    create function search_on_clinical() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'INSERT' then
        perform search_rows_clinical(array(select patient_id from n));
      elsif TG_OP = 'UPDATE' then
        perform search_rows_clinical(array(
          select n.patient_id from n join o on o.patient_id = n.patient_id
          where (n.diagnosis_code, n.age_at_diagnosis, n.year_of_diagnosis)
                is distinct from (o.diagnosis_code, o.age_at_diagnosis, o.year_of_diagnosis)));
      else
        perform search_rows_clinical(array(select patient_id from o));
      end if;
      return null;
    end $$;

    create function search_on_study() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'INSERT' then
        perform search_rows_studies(array(select id from n));
        perform search_rows_placeholders(array(select distinct patient_id from n));
      elsif TG_OP = 'UPDATE' then
        if exists (select 1 from n join o on o.id = n.id where n.patient_id <> o.patient_id) then
          perform search_rows_patients(array(
            select n.patient_id from n join o on o.id = n.id where n.patient_id <> o.patient_id
            union select o.patient_id from n join o on o.id = n.id where n.patient_id <> o.patient_id));
        end if;
      else
        delete from search_row where study_id in (select id from o);
        perform search_rows_placeholders(array(select distinct patient_id from o));
        perform search_touch();
      end if;
      return null;
    end $$;

    create function search_on_series() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'INSERT' then
        perform search_rows_studies(array(select distinct study_id from n));
      elsif TG_OP = 'UPDATE' then
        perform search_rows_studies(array(
          select n.study_id from n join o on o.id = n.id
          where (n.study_id, n.modality_code, n.body_part_code, n.manufacturer_code)
                is distinct from (o.study_id, o.modality_code, o.body_part_code, o.manufacturer_code)
          union select o.study_id from n join o on o.id = n.id where n.study_id <> o.study_id));
      else
        perform search_rows_studies(array(select distinct study_id from o));
      end if;
      return null;
    end $$;

    create function search_on_observation() returns trigger language plpgsql as $$
    begin
      perform search_touch();
      return null;
    end $$;

    create trigger search_patient_ins after insert on patient referencing new table as n
      for each statement execute function search_on_patient();
    create trigger search_patient_upd after update on patient referencing old table as o new table as n
      for each statement execute function search_on_patient();
    create trigger search_patient_del after delete on patient referencing old table as o
      for each statement execute function search_on_patient();
    create trigger search_clinical_ins after insert on patient_clinical referencing new table as n
      for each statement execute function search_on_clinical();
    create trigger search_clinical_upd after update on patient_clinical referencing old table as o new table as n
      for each statement execute function search_on_clinical();
    create trigger search_clinical_del after delete on patient_clinical referencing old table as o
      for each statement execute function search_on_clinical();
    create trigger search_study_ins after insert on study referencing new table as n
      for each statement execute function search_on_study();
    create trigger search_study_upd after update on study referencing old table as o new table as n
      for each statement execute function search_on_study();
    create trigger search_study_del after delete on study referencing old table as o
      for each statement execute function search_on_study();
    create trigger search_series_ins after insert on series referencing new table as n
      for each statement execute function search_on_series();
    create trigger search_series_upd after update on series referencing old table as o new table as n
      for each statement execute function search_on_series();
    create trigger search_series_del after delete on series referencing old table as o
      for each statement execute function search_on_series();
    create trigger search_observation_change after insert or update or delete on clinical_observation
      for each statement execute function search_on_observation();

    select search_rows_patients(array(select id from patient));
  `.execute(db);
}
