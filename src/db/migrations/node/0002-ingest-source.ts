import { sql, type Kysely } from 'kysely';

/**
 * Ingest: remember the folder each instance was ingested from (the root given to `cie ingest`),
 * so that datasets can be defined by folder of origin.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table instance add column source_root text;
    create index instance_source_root on instance(source_root);
  `.execute(db);
}
