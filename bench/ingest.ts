/**
 * Ingest benchmark (not part of `npm test`). From one corpus on disk it measures and compares:
 *
 *  - raw baselines (`raw-read.ts`): a synchronous walk, then each file's first 64 KiB read with
 *    blocking calls into one reused buffer, on 1 thread and on `--workers` threads (the
 *    practical limit of reading the tree)
 *  - our ingest on PGlite and on PostgreSQL (fresh database; until the data is searchable)
 *  - Orthanc's ingest of the same files (4 parallel REST uploads, POST /instances)
 *  - each of these with the corpus in the page cache (warm) and/or from a cold cache (`sync` and
 *    drop_caches before each timed phase: needs root; skipped, and said so, otherwise)
 *  - peak RSS of the ingest at two corpus sizes on each backend (flat memory; a PGlite database
 *    is created in a process of its own first, as a first `cie db migrate` would), index size
 *    per million instances, and a modality × body part count query on the real index and on a
 *    1M-instance index made with generate_series.
 *
 *   node --import tsx bench/ingest.ts --instances 20000 [--cache warm|cold|both] [--workers N]
 *        [--memory 20000,100000] [--million] [--backends pglite,postgres] [--no-orthanc]
 *        [--database-url postgres://…]
 *
 * Each ingest runs in a child process (`--child`) so that its peak RSS is its own.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database.js';
import type { NodeDB } from '../src/db/schema.js';
import { ingestFolder } from '../src/node/ingest/ingest.service.js';
import { walkFiles } from '../src/node/ingest/walk.js';
import { TEST_FILES, writeCorpus } from '../test/support/dicom-corpus.js';
import { canDropCaches, dropCaches, rawBaseline, type RawResult } from './raw-read.js';

const { values: args } = parseArgs({
  options: {
    instances: { type: 'string', default: '20000' },
    memory: { type: 'string', default: '' },
    million: { type: 'boolean', default: false },
    backends: { type: 'string', default: 'pglite,postgres' },
    'no-orthanc': { type: 'boolean', default: false },
    workers: { type: 'string', default: String(availableParallelism()) },
    'database-url': {
      type: 'string',
      default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    },
    cache: { type: 'string', default: 'both' },
    child: { type: 'string' },
    cold: { type: 'boolean', default: false },
    'create-pglite': { type: 'string' },
    root: { type: 'string' },
    work: { type: 'string' },
  },
});

const SERVER = args['database-url'];
const TINY = join(TEST_FILES, 'dicomdirtests', 'TINY_ALPHA', 'PT000000', 'ST000000', 'SE000000', 'IM000000');

type Backend = 'pglite' | 'postgres';
/** warm: the corpus is in the page cache; cold: caches dropped before each timed phase. */
type Cache = 'warm' | 'cold';

interface ChildResult {
  backend: Backend;
  openMs: number;
  ingestMs: number;
  firstQueryMs: number;
  instances: number;
  bytes: number;
  /** RSS once the database is open, before the ingest. */
  rssOpenMb: number;
  maxRssMb: number;
  indexBytes: number;
  countQueryMs: number;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
/** Whole number with thousands separators. */
const whole = (n: number) => Math.round(n).toLocaleString('en');
const mb = (b: number) => b / 1e6;
const perSecond = (count: number, ms: number) => (count / ms) * 1000;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function admin<T>(fn: (db: Kysely<unknown>) => Promise<T>): Promise<T> {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: SERVER, max: 1 }) }),
  });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

function urlFor(database: string): string {
  const u = new URL(SERVER);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The count query a federated search runs: subjects/studies/series/instances per modality × body part. */
const countQuery = sql`
  select s.modality_code, s.body_part_code,
         count(distinct st.patient_id)::int as subjects, count(distinct s.study_id)::int as studies,
         count(*)::int as series, sum(s.instance_count)::float8 as instances
  from series s join study st on st.id = s.study_id
  group by s.modality_code, s.body_part_code`;

async function timeQuery(db: Kysely<NodeDB>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await countQuery.execute(db);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] ?? 0;
}

async function indexBytes(db: Kysely<NodeDB>): Promise<number> {
  const r = await sql<{ b: number }>`
    select (pg_total_relation_size('patient') + pg_total_relation_size('study') +
            pg_total_relation_size('series') + pg_total_relation_size('instance'))::float8 as b`.execute(db);
  return r.rows[0]?.b ?? 0;
}

/**
 * Child: one ingest into a fresh database, then a first query; prints a ChildResult. For PGlite
 * the empty database is created beforehand in another process (`--create-pglite`), as a first
 * `cie db migrate` would: creating one (initdb) grows PGlite's WebAssembly memory to ~900 MB in
 * that process, which is not what an ingest into an existing database costs.
 */
async function child(backend: Backend, root: string, work: string): Promise<void> {
  const t0 = performance.now();
  let database: string | undefined;
  let d: Database<NodeDB>;
  if (backend === 'postgres') {
    database = `bench_${randomBytes(4).toString('hex')}`;
    await admin((db) => sql`create database ${sql.id(database ?? '')}`.execute(db));
    d = await openDatabase<NodeDB>({
      role: 'node',
      name: 'node',
      dataDir: work,
      databaseUrl: urlFor(database),
    });
  } else {
    d = await openDatabase<NodeDB>({ role: 'node', name: 'node', dataDir: work });
  }
  const rssOpen = process.memoryUsage().rss / 1e6;
  if (args.cold) dropCaches();
  const t1 = performance.now();
  const s = await ingestFolder(d.db, root, { workers: Number(args.workers) });
  const t2 = performance.now();
  await countQuery.execute(d.db);
  const t3 = performance.now();
  const result: ChildResult = {
    backend,
    openMs: t1 - t0,
    ingestMs: t2 - t1,
    firstQueryMs: t3 - t2,
    instances: s.new + s.updated,
    bytes: s.bytes,
    rssOpenMb: rssOpen,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    indexBytes: await indexBytes(d.db),
    countQueryMs: await timeQuery(d.db),
  };
  await d.close();
  // The child's own database goes with it (also when it is run by hand).
  await dropDatabase(database);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runScript(argv: string[]): Promise<{ stdout: string }> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', import.meta.filename, ...argv], {
    maxBuffer: 1 << 20,
    env: { ...process.env, CIE_LOG_LEVEL: 'warn' },
  });
}

async function runChild(backend: Backend, root: string, work: string, cold = false): Promise<ChildResult> {
  const dir = backend === 'pglite' ? mkdtempSync(join(work, 'pglite-')) : work;
  try {
    if (backend === 'pglite') await runScript(['--create-pglite', dir]);
    const r = await runScript([
      '--child',
      backend,
      '--root',
      root,
      '--work',
      dir,
      '--database-url',
      SERVER,
      '--workers',
      args.workers,
      ...(cold ? ['--cold'] : []),
    ]);
    const last = r.stdout.trim().split('\n').at(-1) ?? '{}';
    return JSON.parse(last) as ChildResult;
  } finally {
    if (dir !== work) rmSync(dir, { recursive: true, force: true });
  }
}

/** Corpus of `n` instances (rounded up to whole patients of 200), written once and reused. */
function corpus(dir: string, n: number, templates?: string[]): { root: string; files: number } {
  const patients = Math.ceil(n / 200);
  const root = join(dir, `corpus-${patients * 200}${templates ? '-tiny' : ''}`);
  // the marker sits beside the corpus, not in it (the ingest would count it as a rejected file)
  const marker = `${root}.complete`;
  if (existsSync(marker)) return { root, files: Number(readFileSync(marker, 'utf8')) };
  rmSync(root, { recursive: true, force: true });
  const t = performance.now();
  const files = writeCorpus(root, {
    patients,
    studiesPerPatient: 1,
    seriesPerStudy: 4,
    instancesPerSeries: 50,
    ...(templates ? { templates } : {}),
  });
  writeFileSync(marker, String(files));
  console.log(`wrote ${files} files in ${round((performance.now() - t) / 1000)} s under ${root}`);
  return { root, files };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** Orthanc from its own config in a temp dir; 4 parallel REST uploads of every file. */
async function orthanc(root: string, work: string, cold: boolean): Promise<{ ms: number; stored: number }> {
  const dir = mkdtempSync(join(work, 'orthanc-'));
  const [http, dicom] = [await freePort(), await freePort()];
  const config = {
    Name: 'bench',
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'index'),
    HttpPort: http,
    DicomPort: dicom,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    Plugins: [],
    StorageCompression: false,
    HttpCompressionEnabled: false,
    ConcurrentJobs: 2,
    SaveJobs: false,
  };
  writeFileSync(join(dir, 'orthanc.json'), JSON.stringify(config));
  const proc = spawn('/usr/sbin/Orthanc', [join(dir, 'orthanc.json')], {
    env: { ...process.env, TCP_NODELAY: '1' },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${http}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/system`)).ok) break;
      } catch {
        if (i > 300) throw new Error('Orthanc did not start');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const paths: string[] = [];
    for await (const p of walkFiles(root)) paths.push(p);
    if (cold) dropCaches();
    const t = performance.now();
    let next = 0;
    const uploader = async () => {
      while (next < paths.length) {
        const p = paths[next++] as string;
        const res = await fetch(`${base}/instances`, {
          method: 'POST',
          body: await readFile(p),
          headers: { 'content-type': 'application/dicom' },
        });
        if (!res.ok) throw new Error(`Orthanc refused ${p}: ${res.status}`);
        await res.arrayBuffer();
      }
    };
    await Promise.all([uploader(), uploader(), uploader(), uploader()]);
    const ms = performance.now() - t;
    const stats = (await (await fetch(`${base}/statistics`)).json()) as { CountInstances: number };
    return { ms, stored: stats.CountInstances };
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A 1M-instance index made directly in SQL: 10,000 patients, 10,000 studies, 10,000 series. */
async function millionIndex(): Promise<{ buildMs: number; queryMs: number; indexBytes: number }> {
  const database = `bench_1m_${randomBytes(4).toString('hex')}`;
  await admin((db) => sql`create database ${sql.id(database)}`.execute(db));
  const d = await openDatabase<NodeDB>({
    role: 'node',
    name: 'node',
    dataDir: '',
    databaseUrl: urlFor(database),
  });
  try {
    const t = performance.now();
    await sql`
      insert into patient (pseudonym, sex, sex_code, birth_year)
        select 'P' || i, 'U', 'SNOMEDCT261665006', 1940 + i % 60 from generate_series(1, 10000) i;
      insert into study (patient_id, study_uid, study_date)
        select i, '2.25.1.' || i, date '2010-01-01' + (i % 4000) from generate_series(1, 10000) i;
      insert into series (study_id, series_uid, modality, modality_code, body_part, body_part_code, instance_count, size_bytes)
        select i, '2.25.2.' || i,
               (array['CT','MR','PT','MG','US','CR'])[1 + i % 6],
               (array['RID10321','RID10312','RID10337','RID10357','RID10326','RID10345'])[1 + i % 6],
               (array['CHEST','BRAIN','PROSTATE','BREAST','LIVER','COLON','LUNG','PELVIS'])[1 + (i / 7) % 8],
               (array['SNOMEDCT51185008','SNOMEDCT12738006','SNOMEDCT41216001','SNOMEDCT76752008','SNOMEDCT10200004','SNOMEDCT71854001','SNOMEDCT39607008','SNOMEDCT12921003'])[1 + (i / 7) % 8],
               100, 100 * 30000
        from generate_series(1, 10000) i;
      insert into instance (series_id, sop_instance_uid, sop_class_uid, transfer_syntax_uid, instance_number,
                            rows, columns, file_path, file_size, file_mtime_ms, checksum, source_root)
        select 1 + (k - 1) / 100, '2.25.3.' || k, '1.2.840.10008.5.1.4.1.1.2', '1.2.840.10008.1.2.1', k % 100,
               512, 512, '/data/archive/p' || ((k - 1) / 100) || '/' || k || '.dcm', 30000, 1700000000000,
               md5(k::text) || md5((k + 1)::text), '/data/archive'
        from generate_series(1, 1000000) k;
      analyze;
    `.execute(d.db);
    const buildMs = performance.now() - t;
    return { buildMs, queryMs: await timeQuery(d.db), indexBytes: await indexBytes(d.db) };
  } finally {
    await d.close();
    await admin((db) => sql`drop database if exists ${sql.id(database)} with (force)`.execute(db));
  }
}

async function dropDatabase(name: string | undefined): Promise<void> {
  if (name) await admin((db) => sql`drop database if exists ${sql.id(name)} with (force)`.execute(db));
}

/** The raw baseline on `threads` threads, from a cold cache when asked. */
function raw(root: string, threads: number, cache: Cache): Promise<RawResult> {
  if (cache === 'cold') dropCaches();
  return rawBaseline(root, threads);
}

/**
 * One cache mode: the raw baselines on 1 and on `--workers` threads, each before AND after our
 * ingests (the machine may be shared: our rates are compared with the mean of the two), our
 * ingest on each backend, then Orthanc.
 */
async function compare(cache: Cache, root: string, work: string): Promise<void> {
  const cold = cache === 'cold';
  console.log(
    `\n== ${cold ? 'cold: sync + drop_caches before each timed phase' : 'warm: corpus in the page cache'} ` +
      `(load ${load()}) ==`,
  );
  // untimed: bring the corpus into the page cache
  if (!cold) await rawBaseline(root, 1);
  const threads = [...new Set([1, Number(args.workers)])];
  const before: RawResult[] = [];
  for (const t of threads) before.push(await raw(root, t, cache));
  const ours: ChildResult[] = [];
  for (const backend of args.backends.split(',') as Backend[])
    ours.push(await runChild(backend, root, work, cold));
  const baselines: Array<{ threads: number; rate: number }> = [];
  for (const [i, t] of threads.entries()) {
    const b = before[i] as RawResult;
    const a = await raw(root, t, cache);
    const [rb, ra] = [perSecond(b.files, b.ms), perSecond(a.files, a.ms)];
    const rate = (rb + ra) / 2;
    baselines.push({ threads: t, rate });
    console.log(
      `raw walk + read 64 KiB, ${t} thread${t > 1 ? 's' : ''}: ${whole(rate)} files/s, ` +
        `${whole((mb(b.bytes) / b.files) * rate)} MB/s (before ${whole(rb)}, after ${whole(ra)})`,
    );
  }
  for (const r of ours) {
    const rate = perSecond(r.instances, r.ingestMs);
    const ofRaw = baselines.map((b) => `${round((100 * rate) / b.rate, 0)}% of raw ${b.threads}T`).join(', ');
    console.log(
      `cie ingest on ${r.backend}: ${whole(rate)} inst/s, ${round(mb(r.bytes) / (r.ingestMs / 1000))} MB/s = ${ofRaw}\n` +
        `  searchable in ${round((r.openMs + r.ingestMs + r.firstQueryMs) / 1000)} s (open ${round(r.openMs / 1000)} s + ` +
        `ingest ${round(r.ingestMs / 1000)} s + first query ${round(r.firstQueryMs)} ms); ` +
        `RSS ${whole(r.rssOpenMb)} MB open, ${whole(r.maxRssMb)} MB peak; index ${round(mb(r.indexBytes))} MB = ` +
        `${round(((mb(r.indexBytes) / r.instances) * 1e6) / 1000, 2)} GB per million; count query ${round(r.countQueryMs, 2)} ms`,
    );
  }
  if (!args['no-orthanc']) {
    const o = await orthanc(root, work, cold);
    const oRate = perSecond(o.stored, o.ms);
    const times = ours
      .map((r) => `${r.backend} ${round(perSecond(r.instances, r.ingestMs) / oRate, 1)}×`)
      .join(', ');
    console.log(
      `Orthanc 4×REST POST /instances: ${whole(oRate)} inst/s (${o.stored} stored in ${round(o.ms / 1000)} s); ` +
        `cie = ${times} Orthanc`,
    );
  }
  console.log(`(load now ${load()})`);
}

async function main(): Promise<void> {
  if (args['create-pglite']) {
    await (
      await openDatabase<NodeDB>({ role: 'node', name: 'node', dataDir: args['create-pglite'] })
    ).close();
    return;
  }
  if (args.child) {
    await child(args.child as Backend, args.root ?? '', args.work ?? tmpdir());
    return;
  }
  const n = Number(args.instances);
  const work = join(tmpdir(), 'cie-bench');
  mkdirSync(work, { recursive: true });
  const { root, files } = corpus(work, n);
  console.log(
    `\ncorpus: ${files} instances (patched copies of CT_small/MR_small), ${availableParallelism()} cores, ` +
      `${args.workers} ingest workers`,
  );
  const wanted: Cache[] = args.cache === 'both' ? ['warm', 'cold'] : [args.cache as Cache];
  for (const cache of wanted) {
    if (cache === 'cold' && !canDropCaches()) {
      console.log(`\ncold cache: skipped (cannot write /proc/sys/vm/drop_caches; needs root on Linux)`);
      continue;
    }
    await compare(cache, root, work);
  }
  if (args.memory) {
    for (const size of args.memory.split(',').map(Number)) {
      const tiny = corpus(work, size, [TINY]);
      for (const backend of args.backends.split(',') as Backend[]) {
        const r = await runChild(backend, tiny.root, work);
        console.log(
          `memory at ${r.instances} instances (740-byte files, ${backend}): RSS ${round(r.rssOpenMb, 0)} MB open, ` +
            `${round(r.maxRssMb, 0)} MB peak; ${round((r.instances / r.ingestMs) * 1000, 0)} instances/s; ` +
            `index ${round(((mb(r.indexBytes) / r.instances) * 1e6) / 1000, 2)} GB per million; ` +
            `count query ${round(r.countQueryMs, 2)} ms`,
        );
      }
    }
  }

  if (args.million) {
    const m = await millionIndex();
    console.log(
      `1M-instance index (generate_series, PostgreSQL): built in ${round(m.buildMs / 1000)} s, ` +
        `${round(mb(m.indexBytes) / 1000, 2)} GB; count query ${round(m.queryMs, 1)} ms`,
    );
  }
}

await main();
