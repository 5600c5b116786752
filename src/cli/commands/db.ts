/** `cie db migrate`: bring a database to the latest schema (normally done on every start). */
import type { Command } from 'commander';
import { configFor, openHubDatabase, openNodeDatabase, printResult } from '../context.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending migrations to the node or hub database')
    .option('--role <role>', 'which database: node or hub', 'node')
    .action(async (opts: { role: string }, cmd: Command) => {
      const config = configFor(cmd);
      if (opts.role !== 'node' && opts.role !== 'hub') {
        throw new Error(`--role must be "node" or "hub", not "${opts.role}"`);
      }
      const d = opts.role === 'node' ? await openNodeDatabase(config) : await openHubDatabase(config);
      await d.close();
      printResult(
        cmd,
        { role: opts.role, backend: d.backend, ok: true },
        () => `${opts.role} database is up to date (${d.backend})`,
      );
    });
}
