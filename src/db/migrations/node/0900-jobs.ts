import { sql, type Kysely } from 'kysely';

/**
 * Federated processing at the node (docs/jobs.md): each run of a hub job (its verified envelope,
 * status), its outputs with the gate's checks and the airlock's decisions, and the node's own
 * approvals of tool versions (used when its policy does not trust the hub's).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table job_run (
      id bigserial primary key,
      hub_job bigint not null,
      jti text not null unique,
      user_id bigint not null,
      tool text not null,
      tool_version text not null,
      digest text not null,
      datasets jsonb not null,
      status text not null default 'running',
      reason text,
      started_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create table job_output (
      run_id bigint not null references job_run (id) on delete cascade,
      name text not null,
      kind text not null,
      media_type text not null,
      content bytea not null,
      state text not null check (state in ('released', 'held', 'rejected')),
      reasons jsonb not null,
      approvals jsonb not null default '[]',
      primary key (run_id, name)
    );
    create table job_tool_approval (
      tool text not null,
      tool_version text not null,
      digest text not null,
      approved_by text not null,
      approved_at timestamptz not null default now(),
      primary key (tool, tool_version, digest)
    );
  `.execute(db);
}
