/**
 * Benchmark of the node search executor: an index of ~20k patients, ~50k studies, ~100k series
 * and 1M instances synthesised in SQL (generate_series, seeded random, realistic mixes of cancer
 * types, modalities and body parts), then the 30+ query table of the tests, timed.
 *
 *   npx tsx bench/search-executor.ts                 # PostgreSQL (BENCH_DATABASE_URL or local) + PGlite
 *   npx tsx bench/search-executor.ts --postgres-only
 *   npx tsx bench/search-executor.ts --pglite-only
 *   npx tsx bench/search-executor.ts --runs 3 --verbose   # fewer runs, every query's figures
 *   npx tsx bench/search-executor.ts --no-indexes    # without migration 0300's clinical_observation indexes
 *
 * Prints p50/p95 per backend over all queries, each run 10 times after a warm-up, twice: `cold`
 * (the answer cache emptied before every run, so each search is executed) and `cached` (the
 * answer cache of src/node/search/answer-cache.ts as a repeated query meets it), with the
 * slowest queries of each.
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database.js';
import type { NodeDB } from '../src/db/schema.js';
import { normaliseQuery } from '../src/model/query/normalise.js';
import { parseQuery } from '../src/model/query/validate.js';
import { wholeIndexCollections } from '../src/node/search/collections.js';
import { answerSearch } from '../src/node/search/search.service.js';
import { searchQueryTable } from '../test/support/search-queries.js';

const H = 'EUCAIM_Hyper-Ontology_V1.0.';
const args = new Set(process.argv.slice(2));
const argValue = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = argValue('--runs', 10);

/** Cancer-type profiles: share (per mille), modalities, body parts, age range, sex. */
const profiles = `
  (0, 'SNOMEDCT254837009', 0, 250, '{RID10357,RID10357,RID10312,RID10326}'::text[], '{SNOMEDCT76752008}'::text[], 35, 85, 'F'),
  (1, 'SNOMEDCT399068003', 250, 450, '{RID10312}', '{SNOMEDCT41216001,SNOMEDCT41216001,SNOMEDCT12921003}', 48, 85, 'M'),
  (2, 'SNOMEDCT363358000', 450, 600, '{RID10321,RID10321,RID10337}', '{SNOMEDCT39607008,SNOMEDCT51185008}', 45, 88, null),
  (3, 'SNOMEDCT363406005', 600, 700, '{RID10321}', '{SNOMEDCT71854001,SNOMEDCT818983003}', 45, 90, null),
  (4, 'SNOMEDCT363351006', 700, 780, '{RID10312,RID10321}', '{SNOMEDCT34402009,SNOMEDCT12921003}', 40, 88, null),
  (5, 'SNOMEDCT93870000', 780, 850, '{RID10321,RID10312}', '{SNOMEDCT10200004,SNOMEDCT818983003}', 40, 85, null),
  (6, 'SNOMEDCT393564001', 850, 910, '{RID10312}', '{SNOMEDCT12738006,SNOMEDCT69536005}', 18, 75, null),
  (7, 'SNOMEDCT393563007', 910, 960, '{RID10312}', '{SNOMEDCT12738006}', 30, 85, null),
  (8, 'SNOMEDCT432328008', 960, 1000, '{RID10312,RID10321,RID10334}', '{SNOMEDCT23451007,SNOMEDCT818983003}', 0, 9, null)`;

const pick = (arr: string) => `(${arr})[1 + floor(random() * cardinality(${arr}))::int]`;

async function synthesise(db: Kysely<NodeDB>, patients: number): Promise<void> {
  await sql
    .raw(
      `
    select setseed(0.42);
    create temp table bench_profile (ct int, code text, w_lo int, w_hi int, mods text[], parts text[], age_lo int, age_hi int, sex char(1));
    insert into bench_profile values ${profiles};
    create temp table bench_pt as
      select g as id, pr.*, r.* from generate_series(1, ${patients}) g
      cross join lateral (select g as gg, floor(random() * 1000)::int as b, random() as rs, random() as ra,
                                 random() as rc, random() as ry) r
      join bench_profile pr on r.b >= pr.w_lo and r.b < pr.w_hi;
    insert into patient (id, pseudonym, sex, sex_code)
      select id, 'B' || id, s, case s when 'M' then 'SNOMEDCT248153007' when 'F' then 'SNOMEDCT248152002'
                                      when 'O' then 'SNOMEDCT74964007' else 'SNOMEDCT261665006' end
      from (select id, coalesce(sex, case when rs < 0.48 then 'M' when rs < 0.97 then 'F' when rs < 0.985 then 'O' else 'U' end) as s
            from bench_pt) x;
    insert into patient_clinical (patient_id, diagnosis_code, age_at_diagnosis, year_of_diagnosis)
      select id, code, age_lo + floor(ra * (age_hi - age_lo + 1))::int, 2005 + floor(ry * 20)::int from bench_pt where rc > 0.05;
    insert into clinical_observation (patient_id, key, value_code)
      select id, '${H}CLIN1037294', ${pick(`array['${H}CLIN1026200','${H}CLIN1026298','${H}CLIN1026397','${H}CLIN1026497']`)} from bench_pt where ct = 1 and random() < 0.8;
    insert into clinical_observation (patient_id, key, value_code)
      select id, 'cie.PIRADS', ${pick(`array['${H}IMG1005479','${H}IMG1005478','${H}IMG1005477','${H}IMG1005476','${H}IMG1005475']`)} from bench_pt where ct = 1 and random() < 0.7;
    insert into clinical_observation (patient_id, key, value_num)
      select id, '${H}CLIN1033410', round((random() * 40)::numeric, 1) from bench_pt where ct = 1 and random() < 0.8;
    insert into clinical_observation (patient_id, key, value_code)
      select id, '${H}CLIN1045815', ${pick(`array['${H}COM1001310','${H}COM1001332']`)} from bench_pt where ct = 0 and random() < 0.8;
    insert into clinical_observation (patient_id, key, value_code)
      select id, '${H}CLIN1045851', ${pick(`array['${H}COM1002257','${H}COM1001877','${H}COM1001879','${H}COM1001882']`)} from bench_pt where ct = 0 and random() < 0.8;
    insert into clinical_observation (patient_id, key, value_code)
      select id, '${H}IMG1005459', ${pick(`array['${H}IMG1005469','${H}IMG1005468','${H}IMG1005466','${H}IMG1005465','${H}IMG1005464']`)} from bench_pt where ct = 0 and random() < 0.8;
    insert into clinical_observation (patient_id, key, value_num)
      select id, '${H}CLIN1045913', floor(random() * 90)::int + 1 from bench_pt where ct = 0 and random() < 0.7;
    insert into clinical_observation (patient_id, key, value_code)
      select id, '${H}CLIN1033379', ${pick(`array['${H}COM1000333','${H}COM1000351','${H}COM1000433','${H}COM1000505']`)} from bench_pt where ct <> 8 and random() < 0.5;
    insert into study (patient_id, study_uid, study_date)
      select p.id, 'S.' || p.id || '.' || k, date '2005-01-01' + floor(random() * 7000)::int
      from bench_pt p cross join lateral generate_series(1, 1 + floor(random() * 4 + p.id * 0)::int) k;
    insert into series (study_id, series_uid, modality_code, body_part_code, manufacturer_code, instance_count)
      select st.id, 'R.' || st.id || '.' || k,
             case when random() < 0.1 then ${pick(`array['RID10312','RID10321','RID10337','RID10326']`)} else ${pick('p.mods')} end,
             case when random() < 0.05 then null else ${pick('p.parts')} end,
             ${pick(`array['C200140','birnlex_3066','birnlex_12833','birnlex_3065','birnlex_3067']`)}, 10
      from study st join bench_pt p on p.id = st.patient_id
      cross join lateral generate_series(1, 1 + floor(random() * 3 + st.id * 0)::int) k;
    insert into instance (series_id, sop_instance_uid, sop_class_uid, transfer_syntax_uid, instance_number, file_path, file_size, file_mtime_ms, checksum)
      select s.id, s.series_uid || '.' || k, '1.2.840.10008.5.1.4.1.1.4', '1.2.840.10008.1.2.1', k,
             '/data/' || s.series_uid || '/' || k || '.dcm', 524288, 0, md5(s.series_uid || k)
      from series s cross join generate_series(1, 10) k;
    analyze;
  `,
    )
    .execute(db);
}

interface Sizes {
  patients: number;
  studies: number;
  series: number;
  instances: number;
}

async function sizes(db: Kysely<NodeDB>): Promise<Sizes> {
  const { rows } = await sql<Sizes>`
    select (select count(*) from patient)::int as patients, (select count(*) from study)::int as studies,
           (select count(*) from series)::int as series, (select count(*) from instance)::int as instances`.execute(
    db,
  );
  return rows[0] as Sizes;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

/** CPU time (ms) a PostgreSQL backend on this host has used: unaffected by other load on the box. */
function backendCpuMs(pid: number): number {
  try {
    const f = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

async function run(label: string, d: Database<NodeDB>, backendPid?: number): Promise<void> {
  const t0 = performance.now();
  if (args.has('--observation-indexes')) {
    // candidate indexes, measured with and without (they made no difference at this scale)
    await sql`create index if not exists clinical_observation_key_code on clinical_observation(key, value_code, patient_id);
      create index if not exists clinical_observation_key_num on clinical_observation(key, value_num, patient_id)`.execute(
      d.db,
    );
  }
  if ((await sizes(d.db)).patients === 0) await synthesise(d.db, 20_000);
  const n = await sizes(d.db);
  console.log(
    `${label}: synthesised ${JSON.stringify(n)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const deps = {
    db: d.db,
    provider: 'bench',
    privacy: { threshold: 10, roundTo: 10, epsilon: 1 },
    collections: wholeIndexCollections('bench'),
  };
  const clearCache = (): Promise<unknown> => sql`delete from search_answer_cache`.execute(d.db);
  for (const mode of ['cold', 'cached'] as const) {
    const all: number[] = [];
    const cpu: number[] = [];
    const perQuery: Array<{ name: string; p95: number; cpu: number }> = [];
    for (const { name, query } of searchQueryTable) {
      normaliseQuery(parseQuery(query));
      await answerSearch(deps, query); // warm-up (also stores the noise draws and the cached answer)
      const times: number[] = [];
      const qcpu: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        if (mode === 'cold') await clearCache();
        const t = performance.now();
        const c = backendPid ? backendCpuMs(backendPid) : 0;
        await answerSearch(deps, query);
        times.push(performance.now() - t);
        if (backendPid) qcpu.push(backendCpuMs(backendPid) - c);
      }
      all.push(...times);
      cpu.push(...qcpu);
      perQuery.push({ name, p95: percentile(times, 95), cpu: percentile(qcpu, 50) });
    }
    perQuery.sort((a, b) => b.p95 - a.p95);
    console.log(
      `${label} ${mode}: ${searchQueryTable.length} queries x ${RUNS} runs: p50 ${percentile(all, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(all, 95).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms`,
    );
    if (cpu.length) {
      console.log(
        `${label} ${mode}: database CPU per search (10 ms clock ticks): p50 ${percentile(cpu, 50)} ms, p95 ${percentile(cpu, 95)} ms`,
      );
    }
    for (const q of args.has('--verbose') ? perQuery : perQuery.slice(0, 5)) {
      const cpuText = backendPid ? `, ${String(q.cpu).padStart(4)} ms median db CPU` : '';
      console.log(`  ${q.p95.toFixed(1).padStart(8)} ms p95 wall${cpuText}  ${q.name}`);
    }
  }
  console.log(
    `${label}: load average during the run: ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const keep = process.env.BENCH_KEEP_SCHEMA;
const schema = keep ?? `bench_search_${randomBytes(4).toString('hex')}`;
if (!args.has('--pglite-only')) await benchPostgres();

async function benchPostgres(): Promise<void> {
  const migrated = await openDatabase<NodeDB>({
    role: 'node',
    name: 'bench',
    dataDir: '',
    databaseUrl: url,
    schema,
  });
  await migrated.close();
  // one connection, so the backend whose CPU time is read is the one that runs every search
  const single = new Kysely<NodeDB>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` }),
    }),
  });
  const pgDb: Database<NodeDB> = {
    db: single,
    backend: 'postgres',
    pglite: undefined,
    close: () => single.destroy(),
  };
  try {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(single);
    await run('postgresql', pgDb, rows[0]?.pid);
  } finally {
    if (!keep) await sql`drop schema ${sql.id(schema)} cascade`.execute(pgDb.db);
    await pgDb.close();
  }
}
if (!args.has('--postgres-only')) {
  const lite = await openDatabase<NodeDB>({ role: 'node', name: 'bench', dataDir: '', memory: {} });
  try {
    await run('pglite', lite);
  } finally {
    await lite.close();
  }
}
