/**
 * What noise per meaning costs a search: the node's answer with the query canonicalised over the
 * data (src/node/privacy/canonical-query.ts: data profile per index version, canonical query,
 * counts and noise keyed by meaning) beside the same answer keyed by spelling only (the path
 * before: normalise, count, noise per spelling hash), over the query table of the tests on a
 * seeded fixture index (PGlite), with ε set.
 *
 *   npx tsx bench/search-canonical.ts                      # 2,000 patients, 10 runs
 *   npx tsx bench/search-canonical.ts --patients 5000 --runs 5
 *
 * Prints p50/p95 per search of both paths and their ratio, twice: `cold` (the answer cache
 * emptied before each search, so each is executed) and `cached` (a repeated question, as the
 * answer cache meets it), and the cost of reading the data profile after the index changed.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { PrivacyConfig } from '../src/config/config.js';
import { normaliseQuery, queryHash } from '../src/model/query/normalise.js';
import { parseQuery } from '../src/model/query/validate.js';
import { dataProfile } from '../src/node/privacy/data-profile.repository.js';
import { cachedNoise } from '../src/node/privacy/noise.repository.js';
import { noiseKeysOf, releaseResult } from '../src/node/privacy/release.js';
import { countMatchesCached } from '../src/node/search/answer-cache.js';
import { wholeIndexCollections } from '../src/node/search/collections.js';
import { answerSearch, presentCollection } from '../src/node/search/search.service.js';
import { openTestNodeDb } from '../test/support/db.js';
import { generateSearchFixture, insertSearchFixture } from '../test/support/search-fixture.js';
import { searchQueryTable } from '../test/support/search-queries.js';

const argValue = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const PATIENTS = argValue('--patients', 2000);
const RUNS = argValue('--runs', 10);
const privacy: PrivacyConfig = { threshold: 10, roundTo: 10, epsilon: 1 };

const database = await openTestNodeDb('pglite');
const db = database.db;
process.stderr.write(`indexing ${PATIENTS} fixture patients…\n`);
await insertSearchFixture(db, generateSearchFixture(42, PATIENTS));
const collections = wholeIndexCollections('bench');
const deps = { db, provider: 'bench', privacy, collections };

/** The answer keyed by spelling: the path before canonicalisation. */
async function bySpelling(ast: unknown): Promise<void> {
  const query = normaliseQuery(parseQuery(ast));
  const hash = queryHash(query);
  for (const c of await collections.collectionsOf(db)) {
    const raw = await countMatchesCached(db, query, hash, c);
    const { draws } = await cachedNoise(db, hash, c.id, noiseKeysOf(raw));
    presentCollection(c, releaseResult(raw, privacy, (k) => draws.get(k) ?? 0));
  }
}

const byMeaning = async (ast: unknown): Promise<void> => {
  await answerSearch(deps, ast);
};

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function time(run: (ast: unknown) => Promise<void>, cold: boolean): Promise<number[]> {
  const ms: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    for (const { query } of searchQueryTable) {
      if (cold) await sql`delete from search_answer_cache`.execute(db);
      const t = performance.now();
      await run(query);
      ms.push(performance.now() - t);
    }
  }
  return ms;
}

const fmt = (x: number): string => x.toFixed(2).padStart(7);
for (const mode of ['cold', 'cached'] as const) {
  // warm-up: fill the noise and answer caches and the data profile for both paths
  await time(bySpelling, false);
  await time(byMeaning, false);
  const before = await time(bySpelling, mode === 'cold');
  const after = await time(byMeaning, mode === 'cold');
  const [b50, b95, a50, a95] = [pct(before, 50), pct(before, 95), pct(after, 50), pct(after, 95)];
  console.log(
    `${mode.padEnd(6)} ${searchQueryTable.length} queries × ${RUNS}: by spelling p50 ${fmt(b50)} ms p95 ${fmt(b95)} ms | by meaning p50 ${fmt(a50)} ms p95 ${fmt(a95)} ms | ratio p50 ${(a50 / b50).toFixed(2)} p95 ${(a95 / b95).toFixed(2)}`,
  );
}

// the first search after the index changed reads the data profile again
const profileMs: number[] = [];
for (let r = 0; r < RUNS; r++) {
  await sql`update search_state set version = version + 1 where id = 1`.execute(db);
  const t = performance.now();
  await dataProfile(db);
  profileMs.push(performance.now() - t);
}
console.log(`data profile after an index change: p50 ${fmt(pct(profileMs, 50))} ms (once per index version)`);
await database.close();
