/**
 * When does the de-identification pool pay for itself? For trees of several sizes, `cie deid`'s
 * `deidentifyTree` on the calling thread alone, then with 1 and with 2 worker threads beside it
 * (alternated, each timed `--rounds` times, output removed between runs). The pool's default
 * (`POOL_MIN_FILES`, and one worker per core but one) in src/dicom/deid/deid.service.ts follows
 * from this table.
 *
 *   node --import tsx bench/deid-pool.ts [--sizes 1000,2000,8000] [--rounds 3] [--workers 0,1,2]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DeidConfig } from '../src/dicom/deid/deid.config.js';
import { deidentifyTree } from '../src/dicom/deid/deid.service.js';
import { writeCorpus } from '../test/support/dicom-corpus.js';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,2000,8000' },
    rounds: { type: 'string', default: '3' },
    workers: { type: 'string', default: '0,1,2' },
  },
});
const config: DeidConfig = {
  secret: 'bench-deid-pool-secret',
  sitePrefix: 'BENCH',
  options: [],
  quarantineBurnedIn: false,
  keepPseudonymKey: false,
};
const workerCounts = args.workers.split(',').map(Number);
const rounds = Number(args.rounds);
const ms = (values: number[]) => values.map((v) => Math.round(v)).join(' / ');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

console.log(`${availableParallelism()} cores, load ${loadavg()[0]?.toFixed(2)}; ms per run (${rounds} runs)`);
const work = mkdtempSync(join(tmpdir(), 'cie-deid-pool-'));
try {
  for (const size of args.sizes.split(',').map(Number)) {
    const input = join(work, `in-${size}`);
    // 50 instances per series, 4 series per study, CT and MR copies (~25 KB each).
    const files = writeCorpus(input, {
      patients: Math.max(1, Math.ceil(size / 200)),
      studiesPerPatient: 1,
      seriesPerStudy: 4,
      instancesPerSeries: Math.min(50, size),
    });
    const times = new Map<number, number[]>(workerCounts.map((w) => [w, []]));
    for (let r = 0; r < rounds; r++) {
      for (const workers of workerCounts) {
        const output = mkdtempSync(join(work, 'out-'));
        const t = performance.now();
        const report = await deidentifyTree({ input, output, config, workers });
        times.get(workers)?.push(performance.now() - t);
        if (report.written !== files) throw new Error(`${report.written} of ${files} files written`);
        rmSync(output, { recursive: true, force: true });
      }
    }
    const alone = median(times.get(0) ?? []);
    const cells = workerCounts.map((w) => {
      const t = times.get(w) ?? [];
      const ratio = w === 0 || !alone ? '' : ` (×${(alone / median(t)).toFixed(2)})`;
      return `${w === 0 ? 'this thread alone' : `+${w} worker${w > 1 ? 's' : ''}`}: ${ms(t)}${ratio}`;
    });
    console.log(`${files} files: ${cells.join('; ')}`);
    rmSync(input, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
