/**
 * `cie download <datasetSlug> <dir> --hub <url> --token <api token>`: fetch a granted dataset
 * through the hub's DICOMweb relay, N transfers at once, verified, resumable (run it again after
 * an interruption). See docs/cli.md.
 */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { downloadDataset, type DownloadSummary } from '../download/download.service.js';
import { CieError } from '../../errors.js';
import { globalOptions, printResult } from '../context.js';

interface DownloadFlags {
  hub?: string;
  token?: string;
  parallel: string;
}

function renderSummary(s: DownloadSummary): string {
  return [
    `dataset ${s.dataset} → ${s.dir}`,
    `  instances   ${s.instances}`,
    `  downloaded  ${s.downloaded}`,
    `  resumed     ${s.resumed}`,
    `  skipped     ${s.skipped} (already complete)`,
    `  failed      ${s.failed.length}`,
    ...s.failed.slice(0, 20).map((f) => `    ${f.sopInstanceUid}: ${f.error}`),
    `  received    ${(s.bytes / 1e6).toFixed(1)} MB in ${(s.durationMs / 1000).toFixed(1)} s (${s.megabytesPerSecond} MB/s)`,
    ...(s.failed.length ? ['  run the same command again to retry the failed ones'] : []),
  ].join('\n');
}

export function registerDownloadCommand(program: Command): void {
  program
    .command('download')
    .description('download a dataset you hold a grant for, through the hub (resumable)')
    .argument('<datasetSlug>', 'the dataset as in its catalogue URL, e.g. oslo-uh.prostate-mr-2024')
    .argument('<dir>', 'folder to write <study>/<series>/<sop>.dcm into')
    .option('--hub <url>', 'base URL of the hub (or CIE_HUB_URL)')
    .option('--token <token>', 'your API token (or CIE_TOKEN); make one on your account page')
    .option('--parallel <n>', 'transfers at once', '4')
    .action(async (slug: string, dir: string, flags: DownloadFlags, cmd: Command) => {
      const hubUrl = flags.hub ?? process.env.CIE_HUB_URL;
      const token = flags.token ?? process.env.CIE_TOKEN;
      if (!hubUrl) throw new CieError('BAD_REQUEST', 'give the hub with --hub <url> (or CIE_HUB_URL)');
      if (!token) throw new CieError('BAD_REQUEST', 'give an API token with --token (or CIE_TOKEN)');
      const parallel = Number(flags.parallel);
      if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64)
        throw new CieError('BAD_REQUEST', `--parallel must be 1-64, not "${flags.parallel}"`);
      const showBar = process.stderr.isTTY && !globalOptions(cmd).json;
      const bar = new cliProgress.SingleBar(
        {
          format:
            'download [{bar}] {percentage}% | {value}/{total} instances | {mb} MB | ETA {eta_formatted}',
          hideCursor: true,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      );
      const aborted = new AbortController();
      const onSignal = () =>
        aborted.abort(new CieError('INTERNAL', 'interrupted: run the command again to resume'));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let started = false;
      try {
        const summary = await downloadDataset({
          hubUrl,
          token,
          slug,
          dir,
          parallel,
          signal: aborted.signal,
          onProgress: (p) => {
            if (!showBar) return;
            if (!started) bar.start(p.total, 0, { mb: '0.0' });
            started = true;
            bar.update(p.done, { mb: (p.bytes / 1e6).toFixed(1) });
          },
        });
        if (started) bar.stop();
        printResult(cmd, summary, () => renderSummary(summary));
        if (summary.failed.length > 0) process.exitCode = 1;
      } finally {
        if (started) bar.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
