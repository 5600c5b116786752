/**
 * Cached Laplace noise. Each (normalised query hash, dataset, stratum) gets one unit Laplace draw,
 * stored the first time it is needed and reused ever after, so asking the same question again —
 * or the same question reordered — returns the same noisy answer instead of a fresh sample that
 * could be averaged. Concurrent first askers converge on the stored draw (insert … on conflict
 * do nothing, then read). The query hash is the hash of the query's meaning over the node's data
 * (canonical-query.ts), so every spelling of one question shares its draws.
 */
import { getRandomValues } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';

/** A sample of Laplace(0, 1) from a cryptographic source. */
export function unitLaplace(): number {
  const [hi = 0, lo = 0] = getRandomValues(new Uint32Array(2));
  // uniform in (0, 1), never 0 or 1: 53 random bits, offset by half a step
  const u = ((hi >>> 5) * 67108864 + (lo >>> 6) + 0.5) / 9007199254740992;
  return u < 0.5 ? Math.log(2 * u) : -Math.log(2 * (1 - u));
}

/** The cached draws, and whether any was drawn now (a release that spends privacy budget). */
export async function cachedNoise(
  db: Kysely<NodeDB>,
  queryHash: string,
  dataset: string,
  strata: string[],
): Promise<{ draws: Map<string, number>; fresh: boolean }> {
  const read = async (keys: string[]): Promise<Array<{ stratum: string; draw: number }>> =>
    keys.length === 0
      ? []
      : db
          .selectFrom('search_noise')
          .select(['stratum', 'draw'])
          .where('query_hash', '=', queryHash)
          .where('dataset', '=', dataset)
          .where('stratum', 'in', keys)
          .execute();
  const draws = new Map((await read(strata)).map((r) => [r.stratum, r.draw]));
  const missing = strata.filter((s) => !draws.has(s));
  if (missing.length > 0) {
    await db
      .insertInto('search_noise')
      .values(missing.map((stratum) => ({ query_hash: queryHash, dataset, stratum, draw: unitLaplace() })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    for (const r of await read(missing)) draws.set(r.stratum, r.draw);
  }
  return { draws, fresh: missing.length > 0 };
}
