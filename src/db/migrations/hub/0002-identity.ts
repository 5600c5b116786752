import { sql, type Kysely } from 'kysely';

/** Users, roles, external identities, sessions, API tokens, representatives, OIDC flows. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table hub_user (
      id bigserial primary key,
      email text not null unique check (email = lower(email) and email like '%_@_%'),
      display_name text not null,
      password_hash text,
      disabled boolean not null default false,
      failed_signins integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now()
    );
    create table user_role (
      user_id bigint not null references hub_user (id) on delete cascade,
      role text not null check (role in ('admin', 'committee')),
      source text not null default 'local',
      primary key (user_id, role, source)
    );
    create table user_identity (
      issuer text not null,
      subject text not null,
      provider text not null,
      user_id bigint not null references hub_user (id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (issuer, subject)
    );
    create table hub_session (
      id_hash text primary key,
      user_id bigint not null references hub_user (id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index hub_session_user on hub_session (user_id);
    create table api_token (
      id bigserial primary key,
      user_id bigint not null references hub_user (id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      expires_at timestamptz,
      revoked_at timestamptz
    );
    create index api_token_user on api_token (user_id);
    create table organisation_representative (
      organisation_id bigint not null references organisation (id) on delete cascade,
      user_id bigint not null references hub_user (id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (organisation_id, user_id)
    );
    create table oidc_flow (
      state text primary key,
      provider text not null,
      code_verifier text not null,
      nonce text not null,
      return_to text not null,
      expires_at timestamptz not null
    );
  `.execute(db);
}
