import { sql, type Kysely } from 'kysely';

/**
 * The hub's public catalogue: one entry per dataset (published by a node or harvested from
 * another catalogue), every version kept, full-text search over a generated tsvector and facet
 * columns kept beside the JSON record.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table catalogue_entry (
      id bigserial primary key,
      slug text not null unique,
      origin text not null check (origin in ('node', 'harvest')),
      organisation_id bigint references organisation(id),
      harvest_source text,
      original_iri text,
      identifier text not null,
      state text not null check (state in ('published', 'withdrawn', 'vanished')),
      version int not null default 1,
      metadata jsonb not null,
      title text not null,
      provider text not null,
      country text,
      access_rights text not null,
      licence text not null,
      cancer_types text[] not null default '{}',
      modalities text[] not null default '{}',
      body_parts text[] not null default '{}',
      sexes text[] not null default '{}',
      min_age int,
      max_age int,
      subjects int,
      search_text text not null,
      search tsvector generated always as (to_tsvector('english', search_text)) stored,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((origin = 'node') = (organisation_id is not null)),
      check ((origin = 'harvest') = (harvest_source is not null and original_iri is not null)),
      unique (organisation_id, identifier),
      unique (harvest_source, original_iri)
    );
    create index catalogue_entry_search on catalogue_entry using gin (search);
    create index catalogue_entry_state on catalogue_entry (state, title);
    create index catalogue_entry_modalities on catalogue_entry using gin (modalities);
    create index catalogue_entry_cancer on catalogue_entry using gin (cancer_types);
    create index catalogue_entry_body on catalogue_entry using gin (body_parts);
    create table catalogue_entry_version (
      entry_id bigint not null references catalogue_entry(id) on delete cascade,
      version int not null,
      state text not null,
      metadata jsonb not null,
      recorded_at timestamptz not null default now(),
      primary key (entry_id, version)
    );
  `.execute(db);
}
