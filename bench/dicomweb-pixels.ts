/**
 * DICOMweb pixel benchmark, our node beside Orthanc (+ DICOMweb and GDCM plugins: Orthanc's own
 * DCMTK cannot decode JPEG 2000) on the same files in the same run:
 *  1. frames of a JPEG 2000 (lossless, gdcmconv) 512×512 CT series decoded to
 *     application/octet-stream: frames/s with one client (request after request) for both, and
 *     with 4 concurrent clients for ours (Orthanc 1.10 + GDCM 1.5 crashes under concurrent
 *     JPEG 2000 transcoding here, see docs/dicomweb.md);
 *  2. /rendered image/jpeg of one 512×512 CT frame (uncompressed): p50 ms.
 *
 *   node --import tsx bench/dicomweb-pixels.ts [--instances 40] [--runs 30]
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { openDatabase } from '../src/db/database.js';
import type { NodeDB } from '../src/db/schema.js';
import { dicomwebPlugin } from '../src/node/dicomweb/dicomweb.plugin.js';
import { createIndexingStore } from '../src/node/dicomweb/instance-store.js';
import { startOrthanc } from '../src/node/dicomweb/testing/orthanc.js';
import { ingestFolder } from '../src/node/ingest/ingest.service.js';
import { createReceiver } from '../src/node/pacs/receiver.service.js';

const run = promisify(execFile);
const { values } = parseArgs({
  options: { instances: { type: 'string', default: '40' }, runs: { type: 'string', default: '30' } },
});
const count = Number(values.instances);
const runs = Number(values.runs);
const root = '1.2.826.0.1.3680043.10.4242';
const octet = 'multipart/related; type="application/octet-stream"';

const p50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * One frame, fetched by curl in its own process for both servers (a new connection each time: with
 * keep-alive connections Orthanc 1.10 + GDCM 1.5 segfaulted here in libgdcmMSFF).
 */
async function frame(base: string, k: number): Promise<number> {
  const url = `${base}/studies/${root}.1/series/${root}.2/instances/${root}.3.${k}/frames/1`;
  const { stdout } = await run('curl', [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code} %{size_download}',
    '-H',
    `Accept: ${octet}`,
    url,
  ]);
  const [status, size] = stdout.split(' ').map(Number);
  if (status !== 200 || (size ?? 0) < 512 * 512 * 2)
    throw new Error(`${base}: frame ${k}: HTTP ${status}, ${size} bytes`);
  return size ?? 0;
}

async function framesPerSecond(base: string, clients: number): Promise<number> {
  let next = 1;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next <= count) await frame(base, next++);
    }),
  );
  return count / ((performance.now() - t) / 1000);
}

async function renderedP50(base: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await fetch(`${base}/studies/${root}.1/series/${root}.2/instances/${root}.3.1/rendered`, {
      headers: { accept: 'image/jpeg' },
    });
    await r.arrayBuffer();
    if (r.status !== 200 || !(r.headers.get('content-type') ?? '').startsWith('image/jpeg'))
      throw new Error(`${base}: rendered ${r.status}`);
    times.push(performance.now() - t);
  }
  return p50(times);
}

const dir = await mkdtemp(join(tmpdir(), 'cie-bench-pixels-'));
try {
  console.error(`generating ${count} CT slices 512×512 and their JPEG 2000 copies (gdcmconv) …`);
  execFileSync('/usr/bin/python3', [
    join(import.meta.dirname, 'ct-phantom.py'),
    join(dir, 'native'),
    String(count),
  ]);
  const natives = (await readdir(join(dir, 'native'))).sort();
  execFileSync('mkdir', ['-p', join(dir, 'j2k'), join(dir, 'render')]);
  for (const f of natives) execFileSync('gdcmconv', ['--j2k', join(dir, 'native', f), join(dir, 'j2k', f)]);

  const open = (name: string) =>
    openDatabase<NodeDB>({
      role: 'node',
      name,
      dataDir: join(dir, name),
      databaseUrl: undefined,
      schema: undefined,
    });
  // Two node servers: the JPEG 2000 series, and the same series uncompressed for /rendered.
  const servers = [];
  for (const [name, folder] of [
    ['j2k', 'j2k'],
    ['native', 'native'],
  ] as const) {
    const db = await open(`db-${name}`);
    await ingestFolder(db.db, join(dir, folder));
    const app = Fastify({ logger: false });
    await app.register(dicomwebPlugin, {
      db: db.db,
      store: createIndexingStore(db.db, createReceiver({ storeDir: join(dir, `store-${name}`) })),
      tmpDir: dir,
      prefix: '/dicomweb',
    });
    servers.push({ db, app, url: `${await app.listen({ host: '127.0.0.1', port: 0 })}/dicomweb` });
  }
  const [j2kNode, nativeNode] = servers;
  const j2kOrthanc = await startOrthanc({ gdcm: true });
  const nativeOrthanc = await startOrthanc({ gdcm: true });
  try {
    for (const f of natives) {
      await j2kOrthanc.upload(join(dir, 'j2k', f));
      await nativeOrthanc.upload(join(dir, 'native', f));
    }
    if (!j2kNode || !nativeNode) throw new Error('servers did not start');
    // Warm-up: worker threads and WebAssembly compiled, Orthanc's plugins loaded.
    await frame(j2kNode.url, 1);
    const ours1 = await framesPerSecond(j2kNode.url, 1);
    let theirs1 = NaN;
    try {
      await frame(j2kOrthanc.dicomweb, 1);
      theirs1 = await framesPerSecond(j2kOrthanc.dicomweb, 1);
    } catch (err) {
      console.log(
        `Orthanc failed while decoding JPEG 2000 frames: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const ours4 = await framesPerSecond(j2kNode.url, 4);
    console.log(`\nJPEG 2000 CT frames (${count} × 512×512) decoded to application/octet-stream:`);
    console.log('| client | node frames/s | Orthanc+GDCM frames/s | node / Orthanc |\n|---|---:|---:|---:|');
    console.log(
      `| 1 at a time | ${ours1.toFixed(1)} | ${theirs1.toFixed(1)} | ${(ours1 / theirs1).toFixed(2)}× |`,
    );
    console.log(
      `| 4 concurrent (node) vs 1 at a time (Orthanc) | ${ours4.toFixed(1)} | ${theirs1.toFixed(1)} | ${(ours4 / theirs1).toFixed(2)}× |`,
    );

    await renderedP50(nativeNode.url);
    const r1 = await renderedP50(nativeNode.url);
    const r2 = await renderedP50(nativeOrthanc.dicomweb);
    console.log(`\n/rendered image/jpeg of a 512×512 CT frame, p50 of ${runs}:`);
    console.log(
      `| node | ${r1.toFixed(1)} ms |\n| Orthanc | ${r2.toFixed(1)} ms |\n| Orthanc / node | ${(r2 / r1).toFixed(2)}× |`,
    );
  } finally {
    await Promise.all([j2kOrthanc.stop(), nativeOrthanc.stop()]);
    for (const s of servers) {
      await s.app.close();
      await s.db.close();
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
