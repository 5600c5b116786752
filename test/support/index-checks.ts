/** Checks on a node's index shared by the ingest tests. */
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import type { NodeDB } from '../../src/db/schema.js';

export async function countRows(
  db: Kysely<NodeDB>,
  table: 'patient' | 'study' | 'series' | 'instance' | 'ingest_rejection',
): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return r.n;
}

/** Every series' instance_count and size_bytes equal what its instance rows say; none is empty. */
export async function assertSeriesTotals(db: Kysely<NodeDB>): Promise<void> {
  const bad = await sql<{ series_uid: string }>`
    select s.series_uid from series s
    left join (select series_id, count(*)::int n, sum(file_size)::bigint b from instance group by series_id) i
      on i.series_id = s.id
    where s.instance_count <> coalesce(i.n, 0) or s.size_bytes <> coalesce(i.b, 0) or coalesce(i.n, 0) = 0
  `.execute(db);
  assert.deepEqual(bad.rows, [], 'series totals disagree with their instances (or a series is empty)');
}
