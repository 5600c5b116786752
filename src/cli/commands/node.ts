/**
 * `cie node`: the node's commands. `cie node --hub URL --enrol TOKEN` (the same as
 * `cie node run …`) enrols once, then keeps the tunnel to the hub open until stopped. Other
 * features add subcommands to the same group through `nodeCommandGroup(program)`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CieError } from '../../errors.js';
import { createLogger } from '../../log.js';
import { joinHub } from '../../node/tunnel/node-tunnel.service.js';
import { registerDatasetTasks } from '../../node/datasets/dataset.tasks.js';
import { registerRelayTask } from '../../node/relay/relay.task.js';
import { registerJobTasks } from '../../node/jobs/job.task.js';
import { registerSiteSearch } from '../../node/search/search.task.js';
import { configFor, openNodeDatabase, printResult } from '../context.js';

/** The `node` command group, created by whichever feature registers first. */
export function nodeCommandGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'node') ??
    program.command('node').description('run and inspect this site node')
  );
}

interface RunOptions {
  hub?: string;
  enrol?: string;
  name?: string;
}

export function registerNodeCommands(program: Command): void {
  nodeCommandGroup(program)
    .command('run', { isDefault: true })
    .description('enrol at a hub once (--enrol) and keep the tunnel to it open until stopped')
    .option('--hub <url>', 'base URL of the hub, e.g. https://hub.example.org')
    .option('--enrol <token>', 'one-time enrolment token from a hub admin (first start only)')
    .option('--name <name>', 'name of this node shown to hub admins (default: host name)')
    .action(async (opts: RunOptions, cmd: Command) => {
      const config = configFor(cmd);
      const logger = createLogger(config.logLevel);
      const d = await openNodeDatabase(config);
      try {
        const { identity, client } = await joinHub({
          db: d.db,
          keyFile: join(config.dataDir, 'node', 'node-key.jwk'),
          logger,
          hubUrl: opts.hub,
          enrolToken: opts.enrol,
          name: opts.name,
        });
        registerSiteSearch(client, { db: d.db, name: identity.nodeName, privacy: config.privacy });
        registerDatasetTasks(client, d.db);
        const tmpDir = join(config.dataDir, 'tmp');
        await mkdir(tmpDir, { recursive: true });
        registerRelayTask(client, { db: d.db, identity, logger, tmpDir });
        const workDir = join(config.dataDir, 'jobs');
        await registerJobTasks(client, {
          db: d.db,
          identity,
          logger,
          workDir,
          privacy: config.privacy,
          policy: config.jobs,
        });
        const outcome = await new Promise<{ stoppedBy: string } | CieError>((resolve) => {
          client.on('fatal', (err) => resolve(err));
          const stop = (signal: string) => {
            client.stop().then(
              () => resolve({ stoppedBy: signal }),
              () => resolve({ stoppedBy: signal }),
            );
          };
          process.once('SIGINT', () => stop('SIGINT'));
          process.once('SIGTERM', () => stop('SIGTERM'));
          client.start();
        });
        if (outcome instanceof CieError) throw outcome;
        printResult(
          cmd,
          { nodeId: identity.nodeId, hub: identity.hubUrl, connections: client.connections, ...outcome },
          () => `node ${identity.nodeId} disconnected from ${identity.hubUrl} (${outcome.stoppedBy})`,
        );
      } finally {
        await d.close();
      }
    });
}
