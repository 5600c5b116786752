import type { Kysely } from 'kysely';
import { createAuditTables } from '../../../audit/audit.migration.js';

/** The hub's hash-chained audit log (see docs/audit.md). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createAuditTables(db);
}
