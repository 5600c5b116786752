import { sql, type Kysely } from 'kysely';

/** Versioned terms of use and provider rules, and who accepted which version when. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table terms_document (
      id bigserial primary key,
      kind text not null check (kind in ('terms-of-use', 'provider-rules')),
      version integer not null check (version > 0),
      body text not null,
      published_at timestamptz not null default now(),
      published_by bigint references hub_user (id),
      unique (kind, version)
    );
    create table terms_acceptance (
      user_id bigint not null references hub_user (id) on delete cascade,
      document_id bigint not null references terms_document (id),
      accepted_at timestamptz not null default now(),
      ip text,
      primary key (user_id, document_id)
    );
    create table provider_rules_acceptance (
      organisation_id bigint not null references organisation (id) on delete cascade,
      document_id bigint not null references terms_document (id),
      accepted_by bigint not null references hub_user (id),
      accepted_at timestamptz not null default now(),
      primary key (organisation_id, document_id)
    );
  `.execute(db);
}
