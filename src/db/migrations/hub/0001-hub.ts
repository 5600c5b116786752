import { sql, type Kysely } from 'kysely';

/** Hub settings and provider organisations (the data holders whose nodes join the hub). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table hub_setting (key text primary key, value jsonb not null);
    create table organisation (
      id bigserial primary key,
      slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name text not null,
      country char(2) not null check (country ~ '^[A-Z]{2}$'),
      kind text not null default 'provider' check (kind in ('provider', 'platform')),
      created_at timestamptz not null default now()
    );
  `.execute(db);
}
