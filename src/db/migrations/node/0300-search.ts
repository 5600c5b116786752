import { sql, type Kysely } from 'kysely';

/**
 * Federated search: the cache of privacy-noise draws (one per normalised query, dataset and
 * stratum, so repeating or reordering a query cannot average the noise away), and indexes for
 * the search executor's joins and observation look-ups.
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
    create index clinical_observation_key_code on clinical_observation(key, value_code, patient_id);
    create index clinical_observation_key_num on clinical_observation(key, value_num, patient_id);
  `.execute(db);
}
