import { sql, type Kysely } from 'kysely';

/** Datasets: named, versioned selections of the index with catalogue metadata, and their outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table dataset (
      id bigserial primary key,
      identifier text not null unique,
      revision int not null default 1,
      state text not null default 'draft' check (state in ('draft', 'published', 'withdrawn')),
      selection jsonb not null,
      metadata jsonb not null,
      stats jsonb,
      stats_computed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      published_at timestamptz,
      withdrawn_at timestamptz
    );
    create table dataset_pending_push (
      dataset_id bigint primary key references dataset(id) on delete cascade,
      revision int not null,
      reason text not null,
      enqueued_at timestamptz not null default now(),
      attempts int not null default 0,
      last_error text
    );
  `.execute(db);
}
