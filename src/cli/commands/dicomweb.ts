/**
 * `cie node dicomweb`: serve the node's index over DICOMweb on loopback for local tools (OHIF,
 * 3D Slicer, dicomweb-client, scripts) until SIGINT/SIGTERM. Grantees reach it through the hub.
 */
import type { Command } from 'commander';
import { startDicomwebServer } from '../../node/dicomweb/dicomweb.server.js';
import { configFor, nodeCommandGroup, openNodeDatabase, printResult } from '../context.js';

interface DicomwebOptions {
  host: string;
  port: string;
  prefix: string;
}

export function registerDicomwebCommands(program: Command): void {
  nodeCommandGroup(program)
    .command('dicomweb')
    .description('serve this node over DICOMweb (QIDO-RS, WADO-RS, STOW-RS) until stopped')
    .option(
      '--host <host>',
      'address to listen on (loopback by default: no access control here)',
      '127.0.0.1',
    )
    .option('--port <port>', 'TCP port', '8042')
    .option('--prefix <path>', 'URL prefix of the DICOMweb root', '/dicomweb')
    .action(async (opts: DicomwebOptions, cmd: Command) => {
      const config = configFor(cmd);
      const d = await openNodeDatabase(config);
      try {
        const server = await startDicomwebServer(d.db, config, {
          host: opts.host,
          port: Number(opts.port),
          prefix: opts.prefix,
        });
        try {
          // Listen before saying we are up: a signal that came first would end the process.
          const signal = await new Promise<string>((resolve) => {
            process.once('SIGINT', () => resolve('SIGINT'));
            process.once('SIGTERM', () => resolve('SIGTERM'));
            console.error(`DICOMweb at ${server.url} (Ctrl-C to stop)`);
          });
          printResult(
            cmd,
            { url: server.url, stoppedBy: signal },
            () => `DICOMweb at ${server.url} stopped (${signal})`,
          );
        } finally {
          await server.close();
        }
      } finally {
        await d.close();
      }
    });
}
