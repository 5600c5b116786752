/**
 * DICOMweb benchmark: the same synthetic corpus loaded in our node and in Orthanc (+ DICOMweb
 * plugin); the same QIDO-RS queries against both (p50 side by side, ratio); then WADO-RS series
 * retrieval throughput from the node vs reading the same files from disk.
 *
 *   npx tsx bench/dicomweb.ts [instances=10000] [runs=25]
 *
 * The node's database is PGlite on disk (DATABASE_URL selects a PostgreSQL server instead).
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { openDatabase } from '../src/db/database.js';
import type { NodeDB } from '../src/db/schema.js';
import { dicomwebPlugin } from '../src/node/dicomweb/dicomweb.plugin.js';
import { createIndexingStore } from '../src/node/dicomweb/instance-store.js';
import { ingestFolder } from '../src/node/ingest/ingest.service.js';
import { createReceiver } from '../src/node/pacs/receiver.service.js';
import { startOrthanc } from '../src/node/dicomweb/testing/orthanc.js';

const run = promisify(execFile);
const instances = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 25);
const bigCount = 100;
const bigSize = 512;

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

function p50(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function timeQuery(url: string): Promise<{ ms: number; count: number }> {
  const t0 = performance.now();
  const r = await fetch(url, { headers: { accept: 'application/dicom+json' } });
  const body = r.status === 204 ? [] : ((await r.json()) as unknown[]);
  return { ms: performance.now() - t0, count: body.length };
}

const dir = await mkdtemp(join(tmpdir(), 'cie-bench-dicomweb-'));
try {
  const corpus = join(dir, 'corpus');
  console.error(`generating ${instances} instances + ${bigCount} × ${bigSize}² images …`);
  execFileSync('/usr/bin/python3', [
    join(import.meta.dirname, 'dicomweb-corpus.py'),
    corpus,
    String(instances),
    String(bigCount),
    String(bigSize),
  ]);
  const small = (await readdir(corpus)).filter((f) => f.endsWith('.dcm')).map((f) => join(corpus, f));
  const big = (await readdir(join(corpus, 'big'))).map((f) => join(corpus, 'big', f));
  const files = [...small, ...big];

  const db = await openDatabase<NodeDB>({
    role: 'node',
    name: 'node',
    dataDir: join(dir, 'node'),
    databaseUrl: process.env.DATABASE_URL,
    schema: process.env.DATABASE_URL ? `bench_${process.pid}` : undefined,
  });
  const store = createIndexingStore(db.db, createReceiver({ storeDir: join(dir, 'store') }));
  const orthanc = await startOrthanc();
  const app = Fastify({ logger: false });
  await app.register(dicomwebPlugin, {
    db: db.db,
    store,
    tmpDir: dir,
    maxResults: 100_000,
    prefix: '/dicomweb',
  });
  const ours = `${await app.listen({ host: '127.0.0.1', port: 0 })}/dicomweb`;
  try {
    // Loading is not what is measured: the node indexes the folder in place (`cie ingest`) while
    // Orthanc receives the same files over REST, both at once.
    const t0 = performance.now();
    const since = (): string => ((performance.now() - t0) / 1000).toFixed(1);
    const [loadOurs, loadOrthanc] = await Promise.all([
      ingestFolder(db.db, corpus).then(since),
      pool(files, 4, async (f) => void (await orthanc.upload(f))).then(since),
    ]);
    console.log(`corpus: ${files.length} instances; load: node ${loadOurs} s, Orthanc ${loadOrthanc} s`);

    const queries = [
      ['studies by modality', '/studies?ModalitiesInStudy=MR'],
      ['series by body part', '/series?BodyPartExamined=HEAD'],
      ['studies in a date range', '/studies?StudyDate=20150101-20151231'],
      ['all studies, limit 100', '/studies?limit=100'],
      ['studies by PatientID wildcard', '/studies?PatientID=PAT0001*'],
      [
        'instances of one series',
        '/studies/1.2.826.0.1.3680043.10.1234.1.7/series/1.2.826.0.1.3680043.10.1234.2.7.1/instances',
      ],
    ] as const;
    console.log('\n| query | results | node p50 ms | Orthanc p50 ms | Orthanc / node |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [name, q] of queries) {
      const a: number[] = [];
      const b: number[] = [];
      let counts = [0, 0];
      for (let i = 0; i < runs; i++) {
        const x = await timeQuery(ours + q);
        const y = await timeQuery(orthanc.dicomweb + q);
        a.push(x.ms);
        b.push(y.ms);
        counts = [x.count, y.count];
      }
      const same = counts[0] === counts[1] ? `${counts[0]}` : `${counts[0]} vs ${counts[1]} (!)`;
      console.log(
        `| ${name} | ${same} | ${p50(a).toFixed(1)} | ${p50(b).toFixed(1)} | ${(p50(b) / p50(a)).toFixed(1)}× |`,
      );
    }

    const bigStudy = '1.2.826.0.1.3680043.10.1234.1.999999';
    const bigSeries = '1.2.826.0.1.3680043.10.1234.2.999999.1';
    let bytes = 0;
    for (const f of big) bytes += (await readFile(f)).length;
    const mb = bytes / 1e6;
    const measure = async (fn: () => Promise<number>): Promise<number> => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const n = await fn();
        if (n < bytes) throw new Error(`short read ${n} < ${bytes}`);
        times.push(performance.now() - t);
      }
      return mb / (p50(times) / 1000);
    };
    // curl in its own process is the client for both servers, so the node's figure does not
    // include a JS client sharing its event loop.
    const retrieve = (base: string) => async () => {
      const { stdout: out } = await run('curl', [
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{size_download}',
        '-H',
        'Accept: multipart/related; type="application/dicom"; transfer-syntax=*',
        `${base}/studies/${bigStudy}/series/${bigSeries}`,
      ]);
      return Number(out);
    };
    const disk = async () => {
      let n = 0;
      for (const f of big) n += (await readFile(f)).length;
      return n;
    };
    console.log(`\nWADO-RS series retrieval (${big.length} instances, ${mb.toFixed(1)} MB), p50 of 5:`);
    console.log(`| path | MB/s |\n|---|---:|`);
    console.log(`| read the files from disk | ${(await measure(disk)).toFixed(0)} |`);
    console.log(`| node WADO-RS | ${(await measure(retrieve(ours))).toFixed(0)} |`);
    console.log(`| Orthanc WADO-RS | ${(await measure(retrieve(orthanc.dicomweb))).toFixed(0)} |`);
  } finally {
    await app.close();
    await orthanc.stop();
    await db.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
