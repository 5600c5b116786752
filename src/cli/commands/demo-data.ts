/**
 * `cie demo-data <dir>`: write a realistic, deterministic synthetic DICOM corpus (with
 * clinical.csv and a ground-truth manifest.json). A progress bar on a terminal, log lines
 * otherwise, and a summary (or one JSON document with --json) at the end.
 */
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { CieError } from '../../errors.js';
import { log } from '../../log.js';
import { generateDemoData, type DemoDataProgress } from '../../node/demo-data/demo-data.service.js';
import { globalOptions, printResult } from '../context.js';

function integer(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value))
      throw new CieError('VALIDATION_FAILED', `${name} must be a whole number, not "${value}"`);
    return Number(value);
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

interface DemoDataCliOptions {
  site: string;
  seed: number;
  instances: number;
  patients?: number;
  withJunk?: boolean;
}

export function registerDemoDataCommands(program: Command): void {
  program
    .command('demo-data')
    .description(
      'generate a realistic, deterministic synthetic DICOM corpus with clinical.csv and manifest.json',
    )
    .argument('<dir>', 'target directory (must not exist, or be empty)')
    .requiredOption('--site <name>', 'site name; pseudonyms are <SITE>-000001, ...')
    .addOption(
      new Option('--seed <n>', 'random seed: the same seed gives byte-identical files')
        .argParser(integer('--seed'))
        .default(1),
    )
    .addOption(
      new Option('--instances <n>', 'approximate total number of images')
        .argParser(integer('--instances'))
        .default(1000),
    )
    .addOption(
      new Option('--patients <n>', 'exact number of patients (overrides --instances)').argParser(
        integer('--patients'),
      ),
    )
    .option('--with-junk', 'mix a few non-DICOM files (README.txt, .DS_Store) into the tree')
    .action(async (dir: string, opts: DemoDataCliOptions, cmd: Command) => {
      const json = globalOptions(cmd).json === true;
      const tty = process.stderr.isTTY && !json;
      const bar = tty
        ? new cliProgress.SingleBar(
            {
              format:
                'demo-data [{bar}] {percentage}% | {value}/{total} images | {mb} | {rate}/s | ETA {eta}s',
              stream: process.stderr,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      const started = Date.now();
      let lastLog = 0;
      let barStarted = false;
      const onProgress = (p: DemoDataProgress) => {
        const elapsed = (Date.now() - started) / 1000;
        const rate = Math.round(p.instancesDone / Math.max(elapsed, 0.001));
        if (bar) {
          if (!barStarted) {
            bar.start(p.instancesTotal, 0, { mb: '0 MB', rate: 0 });
            barStarted = true;
          }
          bar.update(p.instancesDone, { mb: megabytes(p.bytes), rate });
        } else if (Date.now() - lastLog >= 2000 || p.instancesDone === p.instancesTotal) {
          lastLog = Date.now();
          log.info(
            { done: p.instancesDone, total: p.instancesTotal, bytes: p.bytes, rate },
            'demo-data progress',
          );
        }
      };
      // Ctrl-C stops between series and removes the partial corpus.
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const summary = await generateDemoData(
          {
            dir,
            site: opts.site,
            seed: opts.seed,
            instances: opts.instances,
            patients: opts.patients,
            withJunk: opts.withJunk === true,
            signal: abort.signal,
          },
          onProgress,
        );
        bar?.stop();
        printResult(
          cmd,
          summary,
          () =>
            `wrote ${summary.dir}: ${summary.patients} patients, ${summary.studies} studies, ${summary.series} series, ` +
            `${summary.instances} instances, ${megabytes(summary.bytes)} in ${summary.seconds.toFixed(1)} s ` +
            `(${summary.instancesPerSecond} instances/s)`,
        );
      } finally {
        bar?.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
