import { sql, type Kysely } from 'kysely';

/** Hub bookkeeping; the hub's feature tables follow in later migrations. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table hub_setting (key text primary key, value jsonb not null)`.execute(db);
}
