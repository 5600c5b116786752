import { sql, type Kysely } from 'kysely';

/**
 * Access negotiation: requests with their datasets (each with its own decision), the timeline of
 * state changes, the message thread with its attachments, and the grants that approval creates.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table access_request (
      id bigserial primary key,
      requester_id bigint not null references hub_user (id),
      state text not null default 'DRAFT'
        check (state in ('DRAFT', 'SUBMITTED', 'UNDER_REVIEW', 'CONCLUDED', 'DECLINED', 'WITHDRAWN')),
      project_title text not null,
      project_summary text not null,
      principal_investigator text not null,
      institution text not null,
      purpose text[] not null,
      ethics_reference text not null,
      duration_days int not null check (duration_days between 1 and 3650),
      warnings jsonb not null default '[]',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      submitted_at timestamptz
    );
    create index access_request_requester on access_request (requester_id, id);
    create index access_request_state on access_request (state, id);
    create table access_request_dataset (
      request_id bigint not null references access_request (id) on delete cascade,
      catalogue_entry_id bigint not null references catalogue_entry (id),
      state text not null default 'PENDING'
        check (state in ('PENDING', 'APPROVED', 'DECLINED', 'NEEDS_INFORMATION')),
      decided_by bigint references hub_user (id),
      decided_at timestamptz,
      comment text,
      primary key (request_id, catalogue_entry_id)
    );
    create index access_request_dataset_entry on access_request_dataset (catalogue_entry_id);
    create table access_event (
      id bigserial primary key,
      request_id bigint not null references access_request (id) on delete cascade,
      catalogue_entry_id bigint references catalogue_entry (id),
      actor_id bigint references hub_user (id),
      from_state text,
      to_state text not null,
      comment text,
      at timestamptz not null default now()
    );
    create index access_event_request on access_event (request_id, id);
    create table access_message (
      id bigserial primary key,
      request_id bigint not null references access_request (id) on delete cascade,
      author_id bigint not null references hub_user (id),
      body text not null,
      created_at timestamptz not null default now()
    );
    create index access_message_request on access_message (request_id, id);
    create table access_attachment (
      id bigserial primary key,
      request_id bigint not null references access_request (id) on delete cascade,
      uploader_id bigint not null references hub_user (id),
      file_name text not null,
      media_type text not null check (media_type in ('application/pdf', 'image/png', 'image/jpeg')),
      size_bytes bigint not null,
      sha256 text not null,
      content bytea not null,
      created_at timestamptz not null default now()
    );
    create index access_attachment_request on access_attachment (request_id, id);
    create table access_grant (
      id bigserial primary key,
      user_id bigint not null references hub_user (id),
      catalogue_entry_id bigint not null references catalogue_entry (id),
      request_id bigint not null references access_request (id),
      purpose text[] not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      conditions text,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      revoked_by bigint references hub_user (id),
      revoke_reason text,
      check (ends_at > starts_at),
      unique (request_id, catalogue_entry_id)
    );
    create index access_grant_user_entry on access_grant (user_id, catalogue_entry_id, ends_at);
    create index access_grant_entry on access_grant (catalogue_entry_id);
  `.execute(db);
}
