import { sql, type Kysely } from 'kysely';

/**
 * What an audit needs to see an attack and what the budgets count: per search the normalised
 * query, the client address and the organisation it is counted against; per node answer the
 * privacy loss (ε) it spent, summed per user and node over the budget period.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table search add column normalised_query jsonb;
    alter table search add column client_address text;
    alter table search add column organisation text;
    create index search_address_created on search(client_address, created_at desc);
    create index search_organisation_created on search(organisation, created_at desc);
    alter table search_node add column epsilon_spent double precision not null default 0;
  `.execute(db);
}
