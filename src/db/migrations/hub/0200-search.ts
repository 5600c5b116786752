import { sql, type Kysely } from 'kysely';

/** Federated searches brokered by the hub: one row per search, one per (search, node) answer. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table search (
      id text primary key,
      user_id bigint not null,
      query jsonb not null,
      query_hash text not null,
      deadline_ms int not null,
      status text not null default 'running' check (status in ('running', 'done', 'cancelled')),
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index search_user_created on search(user_id, created_at desc);
    create table search_node (
      search_id text not null references search(id),
      node_id bigint not null,
      node_name text not null,
      state text not null check (state in ('pending', 'answered', 'offline', 'timed_out', 'failed', 'cancelled')),
      answer jsonb,
      reason text,
      elapsed_ms int,
      primary key (search_id, node_id)
    );
  `.execute(db);
}
