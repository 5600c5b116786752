/**
 * The audit log's tables, the same in the hub and the node database (hub migration 0004-audit,
 * node migration 0600-audit). `audit_head` holds the last seq and hash: appends lock it, so the
 * chain never forks. A trigger refuses UPDATE and DELETE on the log; the hash chain catches
 * whoever bypasses it.
 */
import { sql, type Kysely } from 'kysely';

export async function createAuditTables(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_log (
      seq bigint primary key,
      at timestamptz not null,
      actor text not null,
      action text not null,
      target text,
      outcome text not null check (outcome in ('success', 'failure', 'denied')),
      ip text,
      details jsonb not null default '{}',
      prev_hash text not null,
      hash text not null
    );
    create index audit_log_actor on audit_log (actor, seq);
    create index audit_log_action on audit_log (action, seq);
    create index audit_log_at on audit_log (at);
    create table audit_head (
      id integer primary key check (id = 1),
      seq bigint not null,
      hash text not null
    );
    insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64));
    create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only';
      end;
    $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_append_only();
  `.execute(db);
}

/** Bursts of like events waiting to become one audit record (coalesce.ts). */
export async function createAuditPendingTable(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_pending (
      key text primary key,
      actor text not null,
      action text not null,
      target text,
      ip text,
      outcome text not null check (outcome in ('success', 'failure', 'denied')),
      counts jsonb not null default '{}',
      events integer not null default 0,
      first_at timestamptz not null,
      last_at timestamptz not null
    );
  `.execute(db);
}
