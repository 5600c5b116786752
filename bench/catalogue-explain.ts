/**
 * EXPLAIN ANALYZE of the catalogue search on a catalogue left by `BENCH_SCHEMA=x bench/catalogue.ts`.
 * Run: BENCH_SCHEMA=x node --import tsx bench/catalogue-explain.ts ['{"q":"lung staging","modality":"RID10312"}']
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { HubDB } from '../src/db/schema.js';
import { searchCatalogue } from '../src/hub/catalogue/catalogue-search.service.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = process.env.BENCH_SCHEMA ?? 'catbench';
const params: unknown = JSON.parse(
  process.argv[2] ?? '{"q":"lung staging","modality":"RID10312","country":"NO"}',
);
const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 1 });
let captured: { sql: string; parameters: readonly unknown[] } | undefined;
const db = new Kysely<HubDB>({
  dialect: new PostgresDialect({ pool }),
  log: (e) => {
    if (e.level === 'query' && !captured) captured = { sql: e.query.sql, parameters: e.query.parameters };
  },
});
try {
  for (let i = 0; i < 3; i++) await searchCatalogue(db, params); // warm the cache
  if (!captured) throw new Error('no query captured');
  const plan = await pool.query(`explain (analyze, buffers) ${captured.sql}`, [...captured.parameters]);
  for (const r of plan.rows as Array<Record<string, string>>) console.log(r['QUERY PLAN']);
  const t = performance.now();
  for (let i = 0; i < 20; i++) await searchCatalogue(db, params);
  console.log(`mean of 20: ${((performance.now() - t) / 20).toFixed(1)} ms`);
} finally {
  await db.destroy();
}
