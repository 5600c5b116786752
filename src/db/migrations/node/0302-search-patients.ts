import { sql, type Kysely } from 'kysely';

/**
 * Per-patient aggregates of `search_row` (migration 0301), for searches whose every condition is
 * on the patient (sex, diagnosis, age, year, clinical observations) over the whole index: such a
 * search matches all of a patient's rows or none, so its counts are sums of per-patient figures —
 * `search_patient` (one row per patient: its searched columns, number of studies and of series)
 * and `search_patient_stratum` (per patient and modality or body part: the studies holding a
 * series of it, and those series). A broad search then reads ~patients rows, not ~series rows.
 * Kept exact by statement-level triggers on `search_row` itself, which recompute the patients a
 * statement touched from their rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table search_patient (
      patient_id bigint primary key,
      sex_code text not null,
      diagnosis_code text,
      age_at_diagnosis int,
      year_of_diagnosis int,
      studies int not null,
      series int not null
    );
    create table search_patient_stratum (
      patient_id bigint not null,
      dimension text not null,
      value text not null,
      studies int not null,
      series int not null,
      primary key (patient_id, dimension, value)
    );

    create function search_patients_refresh(pids bigint[]) returns void language plpgsql as $$
    begin
      delete from search_patient where patient_id = any(pids);
      delete from search_patient_stratum where patient_id = any(pids);
      insert into search_patient
        select patient_id, min(sex_code), min(diagnosis_code), min(age_at_diagnosis), min(year_of_diagnosis),
               count(distinct study_id), count(series_id)
        from search_row where patient_id = any(pids) group by patient_id;
      insert into search_patient_stratum
        select r.patient_id, x.dimension, x.value, count(distinct r.study_id), count(*)
        from search_row r
        cross join lateral (values ('modality', r.modality_code), ('body_part', r.body_part_code)) x(dimension, value)
        where r.patient_id = any(pids) and x.value is not null
        group by 1, 2, 3;
    end $$;

    create function search_on_row() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'INSERT' then
        perform search_patients_refresh(array(select distinct patient_id from n));
      elsif TG_OP = 'UPDATE' then
        perform search_patients_refresh(array(select patient_id from n union select patient_id from o));
      else
        perform search_patients_refresh(array(select distinct patient_id from o));
      end if;
      return null;
    end $$;

    create trigger search_row_ins after insert on search_row referencing new table as n
      for each statement execute function search_on_row();
    create trigger search_row_upd after update on search_row referencing old table as o new table as n
      for each statement execute function search_on_row();
    create trigger search_row_del after delete on search_row referencing old table as o
      for each statement execute function search_on_row();

    select search_patients_refresh(array(select distinct patient_id from search_row));
    analyze search_patient;
    analyze search_patient_stratum;
  `.execute(db);
}
