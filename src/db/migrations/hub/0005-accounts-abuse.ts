import { sql, type Kysely } from 'kysely';

/**
 * Accounts that resist abuse: sign-in throttling per client address and per account (growing
 * delays instead of a lock anyone could trigger), the addresses an account signed in from before
 * (exempt from its account throttle), and invitations (an admin's, or a self sign-up's
 * confirmation) that let the holder of an e-mailed link create the account for that address.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table signin_throttle (
      scope text not null check (scope in ('address', 'account')),
      key text not null,
      failures integer not null default 0,
      last_failure_at timestamptz not null,
      not_before timestamptz not null,
      primary key (scope, key)
    );
    create table signin_known_address (
      user_id bigint not null references hub_user (id) on delete cascade,
      address text not null,
      last_seen_at timestamptz not null default now(),
      primary key (user_id, address)
    );
    create table account_invitation (
      id bigserial primary key,
      token_hash text not null unique,
      email text not null check (email = lower(email)),
      roles text[] not null default '{}',
      invited_by bigint references hub_user (id) on delete set null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index account_invitation_email on account_invitation (email);
  `.execute(db);
}
