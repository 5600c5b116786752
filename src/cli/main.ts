/**
 * The `cie` command. Each feature registers its subcommands from its own file in ./commands.
 */
import { Command, CommanderError } from 'commander';
import { CieError, errorMessage } from '../errors.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerDbCommands } from './commands/db.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerCatalogueCommands } from './commands/catalogue.js';
import { registerDatasetCommands } from './commands/dataset.js';
import { registerIngestCommands } from './commands/ingest.js';
import { registerDeidCommands } from './commands/deid.js';
import { registerNodeCommands } from './commands/node.js';
import { registerHubCommands } from './commands/hub.js';
import { registerUsersCommands } from './commands/users.js';
import { registerDemoDataCommands } from './commands/demo-data.js';
import { registerClinicalCommands } from './commands/clinical.js';
import { registerNodeStatsCommand } from './commands/node-stats.js';
import { registerPacsCommands } from './commands/pacs.js';
import { registerDicomwebCommands } from './commands/dicomweb.js';
import { registerSearchCommand } from './commands/search.js';
import { registerDownloadCommand } from './commands/download.js';
import { registerJobsCommands } from './commands/jobs.js';

export function buildProgram(): Command {
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
  registerDbCommands(program);
  registerDemoCommand(program);
  registerDatasetCommands(program);
  registerCatalogueCommands(program);
  registerIngestCommands(program);
  registerDeidCommands(program);
  registerNodeCommands(program);
  registerHubCommands(program);
  registerAuditCommands(program);
  registerUsersCommands(program);
  registerDemoDataCommands(program);
  registerNodeStatsCommand(program);
  registerClinicalCommands(program);
  registerPacsCommands(program);
  registerDicomwebCommands(program);
  registerSearchCommand(program);
  registerDownloadCommand(program);
  registerJobsCommands(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
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

await main(process.argv);
