import { sql, type Kysely } from 'kysely';

/**
 * Catalogue, second step:
 * - the node's index counts (studies, series, images, bytes) beside the record, and the last
 *   record the node sent (`node_metadata`), so hub edits survive later pushes (docs/catalogue.md);
 * - GIN indexes without a pending list: entries are few and written rarely, and a pending list
 *   makes the planner price the text index so high that it scans the whole table instead;
 * - the scheduled harvest's runs and their reports.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table catalogue_entry
      add column studies int,
      add column series int,
      add column instances bigint,
      add column size_bytes bigint,
      add column node_metadata jsonb;
    alter index catalogue_entry_search set (fastupdate = off);
    alter index catalogue_entry_modalities set (fastupdate = off);
    alter index catalogue_entry_cancer set (fastupdate = off);
    alter index catalogue_entry_body set (fastupdate = off);
    select gin_clean_pending_list('catalogue_entry_search'::regclass);
    select gin_clean_pending_list('catalogue_entry_modalities'::regclass);
    select gin_clean_pending_list('catalogue_entry_cancer'::regclass);
    select gin_clean_pending_list('catalogue_entry_body'::regclass);
    create table catalogue_harvest_run (
      id bigserial primary key,
      source text not null,
      trigger text not null check (trigger in ('schedule', 'manual')),
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      status text not null default 'running' check (status in ('running', 'ok', 'failed')),
      created int not null default 0,
      updated int not null default 0,
      unchanged int not null default 0,
      vanished int not null default 0,
      rejected int not null default 0,
      error text,
      report jsonb
    );
    create index catalogue_harvest_run_source on catalogue_harvest_run (source, started_at desc);
    create index catalogue_harvest_run_started on catalogue_harvest_run (started_at desc);
  `.execute(db);
}
