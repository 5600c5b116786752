/**
 * DICOMweb relay benchmark: WADO-RS retrieval of one series (multipart/related, every instance)
 * through the hub relay (HTTP → hub → tunnel stream → node) vs directly from the node's own
 * DICOMweb server vs reading the same files from disk, in the same run. Target: relay ≥ 70 % of
 * direct. Prints MB/s (median of the runs) and the ratios.
 *
 *   node --import tsx bench/relay.ts [--instances 300] [--runs 7]
 */
import { createReadStream } from 'node:fs';
import { loadavg } from 'node:os';
import Fastify from 'fastify';
import { dicomwebPlugin } from '../src/node/dicomweb/dicomweb.plugin.js';
import { createIndexingStore } from '../src/node/dicomweb/instance-store.js';
import { createReceiver } from '../src/node/pacs/receiver.service.js';
import { templates } from '../test/support/dicom-corpus.js';
import { startRelayWorld } from '../test/support/relay-world.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const INSTANCES = arg('instances', 300);
const RUNS = arg('runs', 7);

async function drain(res: Response): Promise<number> {
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  let bytes = 0;
  const reader = res.body?.getReader();
  if (!reader) return 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += (r.value as Uint8Array).length;
  return bytes;
}

async function readFiles(paths: string[]): Promise<number> {
  let bytes = 0;
  for (const p of paths) for await (const c of createReadStream(p)) bytes += (c as Buffer).length;
  return bytes;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

type Way = { what: string; run: () => Promise<number> };

/** Runs the ways round-robin (so load changes hit all alike); median MB/s of each. */
async function measure(ways: Way[]): Promise<{ what: string; mbps: number; bytes: number }[]> {
  for (const w of ways) await w.run(); // warm-up
  const rates = ways.map(() => [] as number[]);
  const bytes = ways.map(() => 0);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, w] of ways.entries()) {
      const t0 = performance.now();
      bytes[k] = await w.run();
      rates[k]?.push((bytes[k] ?? 0) / 1e6 / ((performance.now() - t0) / 1000));
    }
  }
  return ways.map((w, k) => ({ what: w.what, mbps: median(rates[k] ?? []), bytes: bytes[k] ?? 0 }));
}

async function main(): Promise<void> {
  console.log(`setting up: 3 studies × 1 series × ${INSTANCES} CT instances …`);
  const w = await startRelayWorld({
    seriesPerStudy: 1,
    instancesPerSeries: INSTANCES,
    templates: [templates.ct],
  });
  const direct = Fastify({ logger: false });
  try {
    const user = await w.newUser();
    await w.grant(user.id, w.entries.a.id);
    const study = w.studies.a[0] ?? '';
    const series = await w.node.db
      .selectFrom('series as se')
      .innerJoin('study as st', 'st.id', 'se.study_id')
      .select('se.series_uid')
      .where('st.study_uid', '=', study)
      .executeTakeFirstOrThrow();
    const files = await w.node.db
      .selectFrom('instance as i')
      .innerJoin('series as se', 'se.id', 'i.series_id')
      .select('i.file_path')
      .where('se.series_uid', '=', series.series_uid)
      .orderBy('i.instance_number')
      .execute();
    await direct.register(dicomwebPlugin, {
      db: w.node.db,
      store: createIndexingStore(w.node.db, createReceiver({ storeDir: '/nonexistent' })),
      tmpDir: '/tmp',
      prefix: '/dicomweb',
    });
    const directUrl = `${await direct.listen({ host: '127.0.0.1', port: 0 })}/dicomweb`;
    const path = `/studies/${study}/series/${series.series_uid}`;
    const accept = { accept: 'multipart/related; type="application/dicom"' };

    const [disk, node, relay] = await measure([
      { what: 'disk (read the files)', run: () => readFiles(files.map((f) => f.file_path)) },
      {
        what: 'node DICOMweb (direct)',
        run: async () => drain(await fetch(`${directUrl}${path}`, { headers: accept })),
      },
      {
        what: 'hub relay (tunnel)',
        run: async () => drain(await w.get(user.token, w.entries.a.slug, path, accept)),
      },
    ]);
    if (!disk || !node || !relay) throw new Error('nothing measured');

    console.log(
      `\nWADO-RS series retrieval, ${files.length} instances, ${(relay.bytes / 1e6).toFixed(1)} MB, median of ${RUNS} runs`,
    );
    for (const r of [disk, node, relay])
      console.log(`  ${r.what.padEnd(26)} ${r.mbps.toFixed(1).padStart(8)} MB/s`);
    console.log(`\n  relay / direct = ${((relay.mbps / node.mbps) * 100).toFixed(0)} % (target ≥ 70 %)`);
    console.log(`  direct / disk  = ${((node.mbps / disk.mbps) * 100).toFixed(0)} %`);
    console.log(
      `  load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await direct.close();
    await w.close();
  }
}

await main();
