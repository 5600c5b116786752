import { sql, type Kysely } from 'kysely';

/**
 * Federated processing (docs/jobs.md): the tool registry (tools, their versions with review
 * state), jobs, and each job's per-site status and released results.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tool (
      id bigserial primary key,
      slug text not null unique,
      name text not null,
      description text not null,
      created_at timestamptz not null default now()
    );
    create table tool_version (
      id bigserial primary key,
      tool_id bigint not null references tool (id) on delete cascade,
      version text not null,
      spec jsonb not null,
      state text not null default 'pending' check (state in ('pending', 'approved', 'rejected')),
      submitted_by text not null,
      reviewed_by text,
      reviewed_at timestamptz,
      review_note text,
      created_at timestamptz not null default now(),
      unique (tool_id, version)
    );
    create table job (
      id bigserial primary key,
      user_id bigint not null references hub_user (id),
      tool_version_id bigint not null references tool_version (id),
      params jsonb not null,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index job_user_idx on job (user_id, id desc);
    create table job_site (
      job_id bigint not null references job (id) on delete cascade,
      organisation_id bigint not null references organisation (id),
      datasets jsonb not null,
      status text not null default 'queued',
      reason text,
      node_run bigint,
      outcome jsonb,
      updated_at timestamptz not null default now(),
      primary key (job_id, organisation_id)
    );
  `.execute(db);
}
