import { sql, type Kysely } from 'kysely';

/**
 * De-identification at the node: recorded overrides of PHI scan findings (a representative
 * publishes a dataset despite findings, with a reason), and the optional pseudonym key table
 * (pseudonym → original PatientID, AES-256-GCM encrypted, never leaves the node).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table phi_override (
      id bigserial primary key,
      dataset_id text not null,
      user_id text not null,
      reason text not null check (length(trim(reason)) >= 10),
      findings int not null default 0,
      created_at timestamptz not null default now()
    );
    create index phi_override_dataset on phi_override(dataset_id, created_at);
    create table pseudonym_key_kdf (
      id int primary key check (id = 1),
      salt bytea not null,
      check_iv bytea not null,
      check_ct bytea not null,
      created_at timestamptz not null default now()
    );
    create table pseudonym_key (
      pseudonym text primary key,
      iv bytea not null,
      ciphertext bytea not null,
      created_at timestamptz not null default now()
    );
  `.execute(db);
}
