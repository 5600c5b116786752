/**
 * What every command shares: global options (--data-dir, --json, --log-level), the validated
 * configuration, and printing a result either for people or as one JSON document on stdout.
 */
import type { Command } from 'commander';
import { loadConfig, type Config, type ConfigOverrides } from '../config/config.js';
import { openDatabase, type Database } from '../db/database.js';
import type { HubDB, NodeDB } from '../db/schema.js';

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
  logLevel?: string;
}

/** The global options as seen from inside a subcommand's action. */
export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

export function configFor(cmd: Command, overrides: ConfigOverrides = {}): Config {
  const g = globalOptions(cmd);
  return loadConfig({
    dataDir: g.dataDir,
    logLevel: g.logLevel as Config['logLevel'] | undefined,
    ...overrides,
  });
}

/** The node's own database (PGlite in <data-dir>/node, or DATABASE_URL). */
export function openNodeDatabase(config: Config, name = 'node'): Promise<Database<NodeDB>> {
  return openDatabase<NodeDB>({
    role: 'node',
    name,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
  });
}

/** The hub's own database (PGlite in <data-dir>/hub, or DATABASE_URL). */
export function openHubDatabase(config: Config, name = 'hub'): Promise<Database<HubDB>> {
  return openDatabase<HubDB>({ role: 'hub', name, dataDir: config.dataDir, databaseUrl: config.databaseUrl });
}

/** Print a command's result: a JSON document with --json, else the human rendering. */
export function printResult(cmd: Command, result: unknown, human: () => string): void {
  if (globalOptions(cmd).json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${human()}\n`);
}

/** The `node` command group, created by whichever feature registers first. */
export function nodeCommandGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'node') ??
    program.command('node').description('run and inspect this site node')
  );
}
