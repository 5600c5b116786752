import { sql, type Kysely } from 'kysely';

/**
 * Refresh a patient's search masks (`search_patient`, migrations 0302–0303) once per
 * transaction, at commit, instead of after every statement on `search_row`.
 *
 * One ingest batch changes a patient's search rows five or six times (placeholder rows, study
 * rows, then series rows, each a delete and an insert), and every statement on `search_row` fired
 * the whole mask computation, also for statements that changed nothing. Now a statement only
 * records the patients it touched in `search_patient_pending`; the first of them queued in a
 * transaction fires a deferred trigger at commit, which takes every pending patient and refreshes
 * them in one pass. The patients' masks are exact again when the transaction commits (searches
 * run in transactions of their own), and a failed refresh fails the commit, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table search_patient_pending (patient_id bigint primary key);

    create or replace function search_on_row() returns trigger language plpgsql as $$
    begin
      -- In patient order, so that two writers queueing the same patients wait for each other
      -- rather than deadlock.
      if TG_OP = 'INSERT' then
        insert into search_patient_pending select distinct patient_id from n order by 1 on conflict do nothing;
      elsif TG_OP = 'UPDATE' then
        insert into search_patient_pending select patient_id from n union select patient_id from o order by 1
          on conflict do nothing;
      else
        insert into search_patient_pending select distinct patient_id from o order by 1 on conflict do nothing;
      end if;
      return null;
    end $$;

    create function search_refresh_pending() returns trigger language plpgsql as $$
    declare
      pids bigint[];
    begin
      -- The first firing of the transaction takes every pending patient; later ones find none.
      with taken as (delete from search_patient_pending returning patient_id)
        select array_agg(patient_id) into pids from taken;
      if pids is not null then
        perform search_patients_refresh(pids);
      end if;
      return null;
    end $$;

    create constraint trigger search_patient_pending_refresh after insert on search_patient_pending
      deferrable initially deferred for each row execute function search_refresh_pending();
  `.execute(db);
}
