/**
 * `cie demo` (what `npm start` runs): the whole platform in one process — one hub and three
 * nodes on the embedded database — with demo data and demo accounts. Ctrl-C stops it cleanly.
 */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { startDemo, type RunningDemo } from '../../demo/demo.js';
import type { NodeProgress } from '../../demo/demo-node.js';
import type { DemoSite } from '../../demo/demo-sites.js';
import { buildWebApp, webAppBuilt } from '../../hub/web/build.js';
import { createLogger } from '../../log.js';
import { configFor, printResult } from '../context.js';

const phaseLabel: Record<NodeProgress['phase'], string> = {
  generate: 'generating images',
  ingest: 'indexing',
  datasets: 'publishing datasets',
};

function progressReporter(logger: ReturnType<typeof createLogger>) {
  if (!process.stderr.isTTY) {
    const last = new Map<string, number>();
    return {
      update(site: DemoSite, p: NodeProgress) {
        const key = `${site.slug}:${p.phase}`;
        const now = Date.now();
        if (p.done !== p.total && now - (last.get(key) ?? 0) < 2000) return;
        last.set(key, now);
        logger.info({ site: site.slug, phase: p.phase, done: p.done, total: p.total }, 'preparing demo node');
      },
      stop() {},
    };
  }
  const multi = new cliProgress.MultiBar(
    {
      format: ' {site} |{bar}| {percentage}% | {value}/{total} {phase} | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    update(site: DemoSite, p: NodeProgress) {
      let bar = bars.get(site.slug);
      if (!bar) {
        bar = multi.create(p.total, 0, { site: site.slug.padEnd(13), phase: phaseLabel[p.phase] });
        bars.set(site.slug, bar);
      }
      bar.setTotal(Math.max(1, p.total));
      bar.update(p.done, { phase: phaseLabel[p.phase] });
    },
    stop() {
      multi.stop();
    },
  };
}

function describe(demo: RunningDemo, mailMode: string): string {
  const lines = [
    '',
    `cie is running at ${demo.url}`,
    '',
    'Demo accounts (password for all: ' + (demo.accounts[0]?.password ?? '') + '):',
    ...demo.accounts.map(
      (a) => `  ${a.role.padEnd(15)} ${a.email}${a.organisation ? `  (${a.organisation})` : ''}`,
    ),
    '',
    'Nodes:',
    ...demo.nodes.map(
      (n) =>
        `  ${n.slug.padEnd(13)} ${n.country}  ${n.patients} patients, ${n.datasets} datasets${n.created ? ' (new)' : ''}`,
    ),
    '',
    mailMode === 'outbox'
      ? `E-mail: kept in the hub's outbox, not sent: ${demo.url}/admin/outbox (as admin)`
      : `E-mail: ${mailMode}`,
    `API docs: ${demo.url}/api/docs   Scripts: ${demo.demoFile} (URL, accounts, admin API token)`,
    'Press Ctrl-C to stop.',
  ];
  return lines.join('\n');
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the whole platform (hub + three demo nodes) with demo data and demo accounts')
    .option('--port <port>', 'HTTP port of the hub (env CIE_PORT)', '8080')
    .action(async (opts: { port: string }, cmd: Command) => {
      const config = configFor(cmd, { port: Number(opts.port) });
      const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
      if (!webAppBuilt()) {
        process.stderr.write('Building the web app…\n');
        await buildWebApp();
      }
      const progress = progressReporter(logger);
      let demo: RunningDemo;
      try {
        demo = await startDemo(config, { logger, onProgress: (site, p) => progress.update(site, p) });
      } finally {
        progress.stop();
      }
      printResult(
        cmd,
        { url: demo.url, accounts: demo.accounts, nodes: demo.nodes, demoFile: demo.demoFile },
        () => describe(demo, config.hub.mail.mode),
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('\nStopping…\n');
          demo.close().then(resolve, (err: unknown) => {
            logger.error({ err }, 'error while stopping');
            resolve();
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
