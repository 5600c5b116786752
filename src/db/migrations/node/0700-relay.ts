import { sql, type Kysely } from 'kysely';

/**
 * The DICOMweb relay (docs/dicomweb.md): ids of the hub-signed assertions this node has accepted,
 * kept until they expire, so a replayed assertion is refused even across restarts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table relay_assertion_jti (
      jti text primary key,
      expires_at timestamptz not null
    );
    create index relay_assertion_jti_expires_idx on relay_assertion_jti (expires_at);
  `.execute(db);
}
