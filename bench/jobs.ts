/**
 * Federated processing benchmark, on one node with ~10k indexed instances (patched pydicom CT/MR
 * files): laying out a run's input (symbolic links, our way) beside copying the same files; the
 * built-in QC tool's throughput beside pydicom reading the same files with their pixel data
 * (python3, one process); and one whole job through the hub (POST → each site released → pooled).
 * Targets: layout of 10k ≤ 2 s, QC ≥ 2,000 instances/s, a built-in run ≤ 10 s.
 *
 *   node --import tsx bench/jobs.ts [--instances 10000]
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetQcTool } from '../src/model/jobs/builtin-tools.js';
import { builtinRunner } from '../src/node/jobs/builtin/builtin.runner.js';
import { layOutRunInput, removeRunDir } from '../src/node/jobs/run-layout.js';
import { startJobsWorld } from '../test/jobs/jobs-world.js';
import { PYTHON } from '../test/support/dicom.js';
import { waitFor } from '../test/support/tunnel-hub.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const INSTANCES = arg('instances', 10_000);
const SERIES_PER_STUDY = 10;
const perSeries = Math.ceil(INSTANCES / (3 * SERIES_PER_STUDY));

const pydicomScript = `
import sys, os, time, pydicom
files = [os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs if f.endswith('.dcm')]
t = time.perf_counter()
lo, hi = None, None
for f in files:
    ds = pydicom.dcmread(f)
    a = ds.pixel_array
    lo = a.min() if lo is None else min(lo, a.min())
    hi = a.max() if hi is None else max(hi, a.max())
print(len(files), time.perf_counter() - t)
`;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.isSymbolicLink() || e.isFile() ? [join(dir, e.name)] : [],
  );
}

const t0 = Date.now();
const w = await startJobsWorld({ seriesPerStudy: SERIES_PER_STUDY, instancesPerSeries: perSeries });
const total = Number(
  (
    await w.node.db
      .selectFrom('instance')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);
process.stdout.write(
  `corpus: ${total} instances indexed in ${((Date.now() - t0) / 1000).toFixed(1)} s; load ${loadavg()[0]?.toFixed(2)}\n`,
);
const scratch = mkdtempSync(join(tmpdir(), 'cie-bench-jobs-'));
try {
  // Layout: links (ours) beside copies of the same files.
  let t = performance.now();
  const manifest = await layOutRunInput(w.node.db, ['relay-a', 'relay-b'], join(scratch, 'run', 'input'));
  const linkMs = performance.now() - t;
  const links = walk(join(scratch, 'run', 'input')).filter((f) => f.endsWith('.dcm'));
  t = performance.now();
  const copyDir = join(scratch, 'copy');
  mkdirSync(copyDir);
  links.forEach((f, i) => copyFileSync(f, join(copyDir, `${i}.dcm`)));
  const copyMs = performance.now() - t;
  process.stdout.write(
    `layout of ${manifest.instances} instances: links ${linkMs.toFixed(0)} ms, copies ${copyMs.toFixed(0)} ms (links take ${(linkMs / copyMs).toFixed(2)}× the time of copies; target ≤ 2000 ms)\n`,
  );

  // QC: the built-in tool beside pydicom reading the same files with pixel data.
  const out = join(scratch, 'run', 'output');
  mkdirSync(out);
  t = performance.now();
  await builtinRunner.run({
    tool: datasetQcTool.spec,
    params: {},
    inputDir: join(scratch, 'run', 'input'),
    manifest,
    outputDir: out,
    signal: new AbortController().signal,
    log: () => undefined,
  });
  const qcRate = manifest.instances / ((performance.now() - t) / 1000);
  const [n = '0', secs = '1'] = (
    await promisify(execFile)(PYTHON, ['-c', pydicomScript, copyDir], { encoding: 'utf8' })
  ).stdout
    .trim()
    .split(' ');
  const pyRate = Number(n) / Number(secs);
  process.stdout.write(
    `QC: ${qcRate.toFixed(0)} instances/s; pydicom dcmread + pixel_array min/max: ${pyRate.toFixed(0)} instances/s (ratio ${(qcRate / pyRate).toFixed(2)}; target ≥ 2000/s)\n`,
  );
  removeRunDir(join(scratch, 'run'));

  // One whole job through the hub, click to pooled result (the node back online after the
  // copies above blocked its event loop past the test tunnel's short heartbeat).
  await waitFor('node online', () => w.tunnel.tunnel.onlineNodes().length === 1, 30_000);
  w.privacy.threshold = 1;
  const user = await w.newUser();
  await w.grant(user.id, w.entries.a.id);
  await w.grant(user.id, w.entries.b.id);
  t = performance.now();
  const view = await w.runJob(user.token, {
    tool: 'dataset-qc',
    datasets: [w.entries.a.slug, w.entries.b.slug],
  });
  const jobMs = performance.now() - t;
  process.stdout.write(
    `whole job (1 site, ${total} instances): ${view.sites.map((s) => `${s.status}${s.reason ? ` (${s.reason})` : ''}`).join(',')}, pooled ${view.pooled ? 'yes' : 'no'}, ${(jobMs / 1000).toFixed(2)} s (target ≤ 10 s)\n`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await w.close();
}
