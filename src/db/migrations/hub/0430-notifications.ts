import { sql, type Kysely } from 'kysely';

/**
 * In-app notifications (one row per recipient) and the durable mail queue: a mail is a row until
 * the server accepted it, so a failing mail server loses nothing (docs/notifications.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notification (
      id bigserial primary key,
      user_id bigint not null references hub_user (id) on delete cascade,
      kind text not null,
      subject text not null,
      body text not null,
      link text,
      created_at timestamptz not null default now(),
      read_at timestamptz
    );
    create index notification_user_idx on notification (user_id, id desc);
    create index notification_unread_idx on notification (user_id) where read_at is null;
    create table mail_queue (
      id bigserial primary key,
      notification_id bigint references notification (id) on delete set null,
      to_address text not null,
      subject text not null,
      body text not null,
      status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    );
    create index mail_queue_due_idx on mail_queue (next_attempt_at) where status = 'pending';
  `.execute(db);
}
