import type { Kysely } from 'kysely';
import { createAuditPendingTable } from '../../../audit/audit.migration.js';

/** Bursts of like events (relay downloads) waiting to become one audit record (src/audit/coalesce.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createAuditPendingTable(db);
}
