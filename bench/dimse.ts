/**
 * DIMSE benchmark: the synthetic corpus of bench/dicomweb.ts loaded in our node and in Orthanc;
 * the same study-level C-FIND queries sent by dcmtk's findscu to both (p50 side by side, ratio),
 * then C-GET of a series of large images by getscu (received, not written: `--ignore`), MB/s.
 * dcmtk runs in its own process with TCP_NODELAY=1 for both servers.
 *
 *   npx tsx bench/dimse.ts [instances=10000] [runs=15]
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { openDatabase } from '../src/db/database.js';
import type { NodeDB } from '../src/db/schema.js';
import { freePort, startOrthanc } from '../src/node/dicomweb/testing/orthanc.js';
import { ingestFolder } from '../src/node/ingest/ingest.service.js';
import { startScp } from '../src/node/pacs/pacs.scp.js';
import { createReceiver } from '../src/node/pacs/receiver.service.js';

const run = promisify(execFile);
const instances = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 15);
const bigCount = 100;
const bigSize = 512;
const env = { ...process.env, TCP_NODELAY: '1' };
process.env.TCP_NODELAY = '1';

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

interface Peer {
  aet: string;
  port: number;
}

async function timeFind(peer: Peer, keys: string[]): Promise<{ ms: number; count: number }> {
  const args = ['-S', '-v', '-aet', 'BENCH', '-aec', peer.aet, ...keys.flatMap((k) => ['-k', k])];
  const t0 = performance.now();
  const { stdout, stderr } = await run('findscu', [...args, '127.0.0.1', String(peer.port)], {
    env,
    maxBuffer: 1 << 28,
  });
  const ms = performance.now() - t0;
  return { ms, count: `${stdout}${stderr}`.split('(Pending)').length - 1 };
}

const dir = await mkdtemp(join(tmpdir(), 'cie-bench-dimse-'));
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
  const scp = await startScp({
    port: 0,
    host: '127.0.0.1',
    aeTitle: 'CIE',
    allowedCallingAeTitles: ['BENCH'],
    allowedHosts: [],
    receiver: createReceiver({ storeDir: join(dir, 'store') }),
    archive: { db: db.db, moveDestinations: {} },
  });
  const orthancPort = await freePort();
  const orthanc = await startOrthanc({
    config: {
      DicomServerEnabled: true,
      DicomAet: 'ORTHANC',
      DicomPort: orthancPort,
      DicomModalities: { bench: ['BENCH', '127.0.0.1', 1] },
    },
  });
  const ours: Peer = { aet: 'CIE', port: scp.port };
  const theirs: Peer = { aet: 'ORTHANC', port: orthancPort };
  try {
    const t0 = performance.now();
    const since = (): string => ((performance.now() - t0) / 1000).toFixed(1);
    const [loadOurs, loadOrthanc] = await Promise.all([
      ingestFolder(db.db, corpus).then(since),
      pool(files, 4, async (f) => void (await orthanc.upload(f))).then(since),
    ]);
    console.log(`corpus: ${files.length} instances; load: node ${loadOurs} s, Orthanc ${loadOrthanc} s`);

    const returned = ['StudyInstanceUID', 'PatientID', 'PatientName', 'StudyDate', 'StudyDescription'];
    const queries: Array<[string, string[]]> = [
      ['one study by StudyInstanceUID', ['StudyInstanceUID=1.2.826.0.1.3680043.10.1234.1.7']],
      ['studies in a date range', ['StudyDate=20150101-20151231']],
      ['studies by PatientID wildcard', ['PatientID=PAT0001*']],
      ['studies by modality', ['ModalitiesInStudy=MR']],
      ['all studies', []],
    ];
    console.log('\nC-FIND, Study Root, STUDY level (findscu per query):');
    console.log('| query | matches | node p50 ms | Orthanc p50 ms | Orthanc / node |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [name, match] of queries) {
      const keys = [
        'QueryRetrieveLevel=STUDY',
        ...match,
        ...returned.filter((k) => !match.some((m) => m.startsWith(`${k}=`))),
      ];
      const a: number[] = [];
      const b: number[] = [];
      let counts = [0, 0];
      for (let i = 0; i < runs; i++) {
        const x = await timeFind(ours, keys);
        const y = await timeFind(theirs, keys);
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
    let bytes = 0;
    for (const f of big) bytes += (await readFile(f)).length;
    const mb = bytes / 1e6;
    const getMbs = async (peer: Peer): Promise<number> => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const { stdout, stderr } = await run(
          'getscu',
          [
            '-S',
            '-v',
            '--ignore',
            '-aet',
            'BENCH',
            '-aec',
            peer.aet,
            '-k',
            'QueryRetrieveLevel=STUDY',
            '-k',
            `StudyInstanceUID=${bigStudy}`,
            '127.0.0.1',
            String(peer.port),
          ],
          { env, maxBuffer: 1 << 26 },
        );
        times.push(performance.now() - t);
        const n = `${stdout}${stderr}`.split('Received C-STORE Request').length - 1;
        if (n !== big.length) throw new Error(`${peer.aet}: ${n} of ${big.length} instances received`);
      }
      return mb / (p50(times) / 1000);
    };
    console.log(
      `\nC-GET of a study (${big.length} instances, ${mb.toFixed(1)} MB, getscu --ignore), p50 of 5:`,
    );
    console.log('| server | MB/s |\n|---|---:|');
    console.log(`| node | ${(await getMbs(ours)).toFixed(0)} |`);
    console.log(`| Orthanc | ${(await getMbs(theirs)).toFixed(0)} |`);
  } finally {
    await orthanc.stop();
    await scp.close();
    await db.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
