import { sql, type Kysely } from 'kysely';

/**
 * Enrolled nodes, one-time enrolment tokens (only their SHA-256 is stored), and the ids (jti) of
 * node tunnel tokens already used, kept until they expire so a captured token cannot be replayed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table node (
      id bigserial primary key,
      organisation_id bigint not null references organisation (id),
      name text not null check (length(name) between 1 and 200),
      public_key jsonb not null,
      status text not null default 'active' check (status in ('active', 'revoked')),
      enrolled_at timestamptz not null default now(),
      revoked_at timestamptz,
      last_seen timestamptz,
      version text,
      rtt_ms double precision
    );
    create index node_organisation_idx on node (organisation_id);
    create table enrolment_token (
      id bigserial primary key,
      token_hash text not null unique,
      organisation_id bigint not null references organisation (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      node_id bigint references node (id)
    );
    create table node_token_jti (
      jti text primary key,
      node_id bigint not null references node (id),
      expires_at timestamptz not null
    );
    create index node_token_jti_expires_idx on node_token_jti (expires_at);
  `.execute(db);
}
