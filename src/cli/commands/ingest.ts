/** `cie ingest <dir>`: index every DICOM file under a folder into the node's database. */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { log } from '../../log.js';
import { ingestFolder } from '../../node/ingest/ingest.service.js';
import { refreshDatasetStats } from '../../node/datasets/dataset.service.js';
import type { IngestProgress, IngestSummary } from '../../node/ingest/ingest.types.js';
import { configFor, globalOptions, openNodeDatabase, printResult } from '../context.js';

interface IngestFlags {
  workers?: string;
  batch?: string;
}

function progressReporter(json: boolean): { update: (p: IngestProgress) => void; stop: () => void } {
  if (process.stderr.isTTY && !json) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'ingest [{bar}] {percentage}% | {value}/{total} files | {rate} files/s | ETA {eta_formatted}',
        etaBuffer: 200,
        hideCursor: true,
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1, 0, { rate: 0 });
    return {
      update: (p) => {
        bar.setTotal(p.total ?? Math.max(p.done + 1, 1));
        bar.update(p.done, { rate: Math.round((p.done / Math.max(p.elapsedMs, 1)) * 1000) });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update: (p) => {
      if (p.elapsedMs - last < 5000) return;
      last = p.elapsedMs;
      log.info(
        {
          done: p.done,
          total: p.total,
          new: p.new,
          updated: p.updated,
          unchanged: p.unchanged,
          rejected: p.rejected,
          filesPerSecond: Math.round((p.done / Math.max(p.elapsedMs, 1)) * 1000),
        },
        'ingest progress',
      );
    },
    stop: () => undefined,
  };
}

export function renderSummary(s: IngestSummary): string {
  const reasons = Object.entries(s.rejectedByReason)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `ingested ${s.root}`,
    `  files      ${s.files}`,
    `  new        ${s.new}`,
    `  updated    ${s.updated}`,
    `  moved      ${s.moved}`,
    `  unchanged  ${s.unchanged}`,
    `  removed    ${s.removed}`,
    `  rejected   ${s.rejected}${reasons ? ` (${reasons})` : ''}`,
    `  duration   ${(s.durationMs / 1000).toFixed(1)} s, ${s.instancesPerSecond} instances/s, ${s.megabytesPerSecond} MB/s`,
    ...(s.rejected ? ['  see the reasons per file: select * from ingest_rejection'] : []),
  ].join('\n');
}

export function registerIngestCommands(program: Command): void {
  program
    .command('ingest')
    .description('index every DICOM file under <dir> (recursive; re-runs skip unchanged files)')
    .argument('<dir>', 'folder to scan')
    .option('--workers <n>', 'parser threads (default: config workers, 0 = one per core)')
    .option('--batch <n>', 'files per database transaction (default: config ingestBatch)')
    .action(async (dir: string, flags: IngestFlags, cmd: Command) => {
      const config = configFor(cmd, {
        workers: flags.workers === undefined ? undefined : Number(flags.workers),
        ingestBatch: flags.batch === undefined ? undefined : Number(flags.batch),
      });
      const d = await openNodeDatabase(config);
      const reporter = progressReporter(!!globalOptions(cmd).json);
      try {
        const summary = await ingestFolder(d.db, dir, {
          workers: config.workers,
          batchSize: config.ingestBatch,
          onProgress: reporter.update,
          logger: log,
        });
        reporter.stop();
        // Datasets follow the index: changed statistics are queued for the hub.
        await refreshDatasetStats(d.db);
        printResult(cmd, summary, () => renderSummary(summary));
      } finally {
        reporter.stop();
        await d.close();
      }
    });
}
