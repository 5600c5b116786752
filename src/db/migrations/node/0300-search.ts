import { sql, type Kysely } from 'kysely';

/**
 * Federated search: the cache of privacy-noise draws (one per normalised query, dataset and
 * stratum, so repeating or reordering a query cannot average the noise away). No extra index:
 * those of 0001-index serve the executor's joins, and indexes on clinical_observation
 * (key, value) made no measurable difference on the 20k-patient benchmark (docs/search.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table search_noise (
      query_hash text not null,
      dataset text not null,
      stratum text not null,
      draw double precision not null,
      created_at timestamptz not null default now(),
      primary key (query_hash, dataset, stratum)
    );
  `.execute(db);
}
