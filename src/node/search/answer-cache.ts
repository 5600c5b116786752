/**
 * Raw search counts cached per (normalised query, collection) and index version (migration
 * 0301): `search_state.version` grows in the same transaction as every change a search reads, and
 * the version and the counts are read in one REPEATABLE READ snapshot, so a cached answer is
 * exactly what the executor would compute now — repeating a query (or a popular one asked by
 * another user) costs one primary-key look-up. Raw counts never leave the node; the privacy
 * policy is applied to cached and fresh counts alike.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import type { QueryNode } from '../../model/query/query.schema.js';
import type { SearchCollection } from './collections.js';
import { countMatches, type RawSearchResult } from './search.repository.js';

function cacheKey(db: Kysely<NodeDB>, queryHash: string, c: SearchCollection): string {
  const filter = c.patientFilter.compile(db);
  return createHash('sha256')
    .update(JSON.stringify([queryHash, c.id, filter.sql, filter.parameters]))
    .digest('hex');
}

/** `countMatches`, answered from the cache while the index is unchanged. */
export async function countMatchesCached(
  db: Kysely<NodeDB>,
  query: QueryNode,
  queryHash: string,
  collection: SearchCollection,
): Promise<RawSearchResult> {
  const key = cacheKey(db, queryHash, collection);
  const read = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const { rows } = await sql<{ version: string; answer: RawSearchResult | null }>`
        select s.version::text as version, c.answer
        from search_state s left join search_answer_cache c on c.cache_key = ${key} and c.version = s.version
        where s.id = 1`.execute(tx);
      const state = rows[0];
      if (!state) throw new Error('search_state is missing (migration 0301)');
      return {
        version: state.version,
        cached: state.answer !== null,
        answer: state.answer ?? (await countMatches(tx, query, collection)),
      };
    });
  if (!read.cached) {
    // Outside the snapshot: the answer is tied to the version it was read with, and a newer
    // version's entry (another search that saw a later index) is never overwritten.
    await sql`
      with gone as (delete from search_answer_cache where version < ${read.version}::bigint and cache_key <> ${key})
      insert into search_answer_cache (cache_key, version, answer)
      values (${key}, ${read.version}::bigint, ${JSON.stringify(read.answer)}::jsonb)
      on conflict (cache_key) do update set version = excluded.version, answer = excluded.answer, computed_at = now()
        where search_answer_cache.version <= excluded.version`.execute(db);
  }
  return read.answer;
}
