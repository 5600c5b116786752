/**
 * The `cie` command. Each feature registers its subcommands from its own file in ./commands,
 * imported only when a command line needs it (the compiled bundle keeps each in its own chunk).
 */
import { Command, CommanderError } from 'commander';
import { CieError, errorMessage } from '../errors.js';
import { nameLockHolder } from '../db/data-dir-lock.js';

type Register = (program: Command) => void;
type Loader = () => Promise<Register>;

const audit: Loader = async () => (await import('./commands/audit.js')).registerAuditCommands;
const db: Loader = async () => (await import('./commands/db.js')).registerDbCommands;
const demo: Loader = async () => (await import('./commands/demo.js')).registerDemoCommand;
const catalogue: Loader = async () => (await import('./commands/catalogue.js')).registerCatalogueCommands;
const dataset: Loader = async () => (await import('./commands/dataset.js')).registerDatasetCommands;
const ingest: Loader = async () => (await import('./commands/ingest.js')).registerIngestCommands;
const deid: Loader = async () => (await import('./commands/deid.js')).registerDeidCommands;
const node: Loader = async () => (await import('./commands/node.js')).registerNodeCommands;
const hub: Loader = async () => (await import('./commands/hub.js')).registerHubCommands;
const users: Loader = async () => (await import('./commands/users.js')).registerUsersCommands;
const demoData: Loader = async () => (await import('./commands/demo-data.js')).registerDemoDataCommands;
const clinical: Loader = async () => (await import('./commands/clinical.js')).registerClinicalCommands;
const nodeStats: Loader = async () => (await import('./commands/node-stats.js')).registerNodeStatsCommand;
const pacs: Loader = async () => (await import('./commands/pacs.js')).registerPacsCommands;
const dicomweb: Loader = async () => (await import('./commands/dicomweb.js')).registerDicomwebCommands;
const search: Loader = async () => (await import('./commands/search.js')).registerSearchCommand;
const download: Loader = async () => (await import('./commands/download.js')).registerDownloadCommand;
const jobs: Loader = async () => (await import('./commands/jobs.js')).registerJobsCommands;

/** Every command module, in the order of the help. */
const all = [
  db,
  demo,
  dataset,
  catalogue,
  ingest,
  deid,
  node,
  hub,
  audit,
  users,
  demoData,
  nodeStats,
  clinical,
  pacs,
  dicomweb,
  search,
  download,
  jobs,
];

/**
 * The modules that register each command path. A command line loads only those of the longest
 * path it starts with (so `cie node stats` loads neither the hub nor the DICOMweb server); any
 * other line loads them all, for commander's help and errors.
 */
const byPath: Record<string, Loader[]> = {
  audit: [audit],
  catalogue: [catalogue],
  clinical: [clinical],
  dataset: [dataset],
  db: [db],
  deid: [deid],
  'phi-scan': [deid],
  demo: [demo],
  'demo-data': [demoData],
  download: [download],
  hub: [hub],
  ingest: [ingest],
  jobs: [jobs],
  node: [node, nodeStats, dicomweb],
  'node run': [node],
  'node stats': [nodeStats],
  'node dicomweb': [dicomweb],
  pacs: [pacs],
  search: [search],
  users: [users],
};

const globalsWithValue = new Set(['--data-dir', '--log-level']);

function loadersFor(args: string[]): Loader[] {
  const words: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i] ?? '';
    if (globalsWithValue.has(a)) i += 1;
    else if (a.startsWith('-')) {
      if (!a.startsWith('--data-dir=') && !a.startsWith('--log-level=') && a !== '--json') break;
    } else words.push(a);
  }
  for (let n = words.length; n > 0; n -= 1) {
    const found = byPath[words.slice(0, n).join(' ')];
    if (found) return found;
  }
  return all;
}

/** The program with the commands these arguments need (default: every command). */
export async function buildProgram(args: string[] = []): Promise<Command> {
  const program = new Command('cie')
    .description('cie: a federated platform for cancer imaging data (hub, nodes, catalogue, search)')
    .option(
      '--data-dir <dir>',
      'directory for embedded databases and local state (env CIE_DATA_DIR)',
      undefined,
    )
    .option('--json', 'print results as one JSON document on stdout (logs go to stderr)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (env CIE_LOG_LEVEL)')
    .showHelpAfterError()
    .exitOverride();
  for (const register of await Promise.all(loadersFor(args).map((load) => load()))) register(program);
  // Named in the lock of each embedded data dir it opens, so a second process can say who holds it.
  program.hook('preAction', (_root, action) => nameLockHolder(commandPath(action)));
  return program;
}

function commandPath(c: Command): string {
  return c.parent ? `${commandPath(c.parent)} ${c.name()}` : c.name();
}

/** Runs the command line (the bundle's entry: bin/cie.mjs calls this). */
export async function main(argv: string[]): Promise<void> {
  const program = await buildProgram(argv.slice(2));
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    const code = err instanceof CieError ? err.code : 'ERROR';
    process.stderr.write(`cie: ${code}: ${errorMessage(err)}\n`);
    process.exitCode = 1;
  }
}
