/** `cie hub`: run the hub server until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import { startHub } from '../../hub/server.js';
import { createLogger } from '../../log.js';
import { configFor } from '../context.js';

export function registerHubCommands(program: Command): void {
  program
    .command('hub')
    .description('run the hub: HTTP API, web UI, node tunnel (env CIE_PORT, CIE_HOST, CIE_HUB_*)')
    .option('--port <port>', 'HTTP port (env CIE_PORT, default 8080; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (env CIE_HOST, default 127.0.0.1)')
    .action(async (opts: { port?: string; host?: string }, cmd: Command) => {
      const config = configFor(cmd, {
        port: opts.port === undefined ? undefined : Number(opts.port),
        host: opts.host,
      });
      const logger = createLogger(config.logLevel);
      const hub = await startHub(config, logger);
      process.stdout.write(`hub listening on ${hub.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info({ signal }, 'hub stopping');
          hub.close().then(resolve, (err: unknown) => {
            logger.error({ err }, 'hub did not stop cleanly');
            process.exitCode = 1;
            resolve();
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
