/**
 * Header parsing micro-benchmark (not part of `npm test`): time per file of `parseHeader` on the
 * ingest bench's templates (CT_small, MR_small: what every bench instance is a copy of) and on
 * all of Debian pydicom's test files, from memory (no I/O, no hashing). CPU time of this thread,
 * not wall time, so that a busy machine (other processes) disturbs the figures less.
 *
 * With `--corpus <dir>` it also times the ingest worker's whole job per file on one thread
 * (blocking read, SHA-256 of the whole file, header parse: `ingest.worker.ts`) over every file
 * under the folder, e.g. the ingest bench's corpus in the page cache.
 *
 *   node --import tsx bench/parse-header.ts [--rounds 5] [--min-ms 200] [--corpus /tmp/cie-bench/corpus-20000]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseHeader } from '../src/dicom/parse-header.js';
import examine from '../src/node/ingest/ingest.worker.js';
import { TEST_FILES, templates } from '../test/support/dicom-corpus.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    'min-ms': { type: 'string', default: '200' },
    corpus: { type: 'string' },
  },
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const cpuUs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return u.user + u.system;
};

/** Median over rounds of the mean CPU µs per file, each round using at least `min-ms` of CPU. */
function time(files: Uint8Array[]): number {
  const rounds: number[] = [];
  for (let r = 0; r < Number(args.rounds); r++) {
    let n = 0;
    const t0 = process.cpuUsage();
    while (cpuUs(t0) < Number(args['min-ms']) * 1000) {
      for (const f of files) parseHeader(f);
      n += files.length;
    }
    rounds.push(cpuUs(t0) / n);
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)] ?? NaN;
}

const sets: Array<[string, Uint8Array[]]> = [
  ['CT_small.dcm', [readFileSync(templates.ct)]],
  ['MR_small.dcm', [readFileSync(templates.mr)]],
  ['pydicom test_files (all)', walk(TEST_FILES).map((p) => readFileSync(p))],
];
for (const [name, files] of sets) {
  const kb = files.reduce((s, f) => s + f.length, 0) / files.length / 1024;
  console.log(
    `${name.padEnd(26)} ${String(files.length).padStart(4)} files, mean ${kb.toFixed(1)} KB: ${time(files).toFixed(1)} µs/file`,
  );
}

if (args.corpus) {
  const paths = walk(args.corpus);
  const rounds: number[] = [];
  for (let r = 0; r < Number(args.rounds); r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < paths.length; i += 64) await examine({ paths: paths.slice(i, i + 64) });
    rounds.push(cpuUs(t0) / paths.length);
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(rounds.length / 2)] ?? NaN;
  console.log(
    `ingest worker job (read + SHA-256 + parse), ${paths.length} files: ${median.toFixed(1)} µs/file of CPU`,
  );
}
