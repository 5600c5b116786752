import { sql, type Kysely } from 'kysely';

/**
 * The node's identity at its hub: one row, written at enrolment. The hub's public key is pinned
 * here; the node's private key lives in a 0600 file in the data dir, never in the database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table node_identity (
      id int primary key default 1 check (id = 1),
      hub_url text not null,
      node_id bigint not null,
      node_name text not null,
      hub_public_key jsonb not null,
      enrolled_at timestamptz not null default now()
    );
  `.execute(db);
}
