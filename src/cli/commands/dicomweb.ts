/**
 * `cie node dicomweb`: serve the node's index over DICOMweb on loopback for local tools (OHIF,
 * 3D Slicer, dicomweb-client, scripts) until SIGINT/SIGTERM. Grantees reach it through the hub.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import Fastify from 'fastify';
import { dicomwebPlugin } from '../../node/dicomweb/dicomweb.plugin.js';
import { createIndexingStore } from '../../node/dicomweb/instance-store.js';
import { createNodeReceiver } from '../../node/pacs/pacs.runtime.js';
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
      const tmpDir = join(config.dataDir, 'tmp');
      await mkdir(tmpDir, { recursive: true });
      const app = Fastify({ logger: false });
      try {
        await app.register(dicomwebPlugin, {
          db: d.db,
          // STOW-RS takes the node's receive path: de-identified on receipt per CIE_PACS_DEID.
          store: createIndexingStore(
            d.db,
            createNodeReceiver({ db: d.db, dataDir: config.dataDir, deid: config.deid, pacs: config.pacs }),
          ),
          tmpDir,
          cors: config.dicomwebCors,
          prefix: opts.prefix,
        });
        const address = await app.listen({ host: opts.host, port: Number(opts.port) });
        const url = `${address}${opts.prefix}`;
        console.error(`DICOMweb at ${url} (Ctrl-C to stop)`);
        const signal = await new Promise<string>((resolve) => {
          process.once('SIGINT', () => resolve('SIGINT'));
          process.once('SIGTERM', () => resolve('SIGTERM'));
        });
        printResult(cmd, { url, stoppedBy: signal }, () => `DICOMweb at ${url} stopped (${signal})`);
      } finally {
        await app.close();
        await d.close();
      }
    });
}
