import { sql, type Kysely } from 'kysely';

/** Each user's basket of catalogue entries (kept on the hub, not in a shared browser). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table basket_item (
      user_id bigint not null references hub_user (id) on delete cascade,
      entry_id bigint not null references catalogue_entry (id) on delete cascade,
      added_at timestamptz not null default now(),
      primary key (user_id, entry_id)
    );
  `.execute(db);
}
