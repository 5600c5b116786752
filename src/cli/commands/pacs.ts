/**
 * `cie pacs`: run the node's DICOM SCP until interrupted. Received studies are stored in
 * <data-dir>/store (de-identified first when CIE_PACS_DEID is on) and indexed when complete;
 * C-FIND, C-GET and C-MOVE (to CIE_PACS_MOVE_DESTINATIONS) are answered from the index.
 */
import type { Command } from 'commander';
import { log } from '../../log.js';
import { startPacs } from '../../node/pacs/pacs.runtime.js';
import { configFor, openNodeDatabase, printResult } from '../context.js';

export function registerPacsCommands(program: Command): void {
  program
    .command('pacs')
    .description(
      'DICOM SCP: receive from a PACS or modality into <data-dir>/store (C-STORE, C-ECHO); query/retrieve (C-FIND, C-GET, C-MOVE)',
    )
    .option('--port <port>', 'TCP port (env CIE_PACS_PORT, default 11112)')
    .option('--aet <title>', 'our AE title (env CIE_PACS_AET, default CIE)')
    .option('--host <address>', 'address to bind (env CIE_PACS_HOST, default 127.0.0.1)')
    .option('--allow <aets>', 'comma-separated calling AE titles allowed (env CIE_PACS_ALLOWED_AETS)')
    .option('--deid', 'de-identify on receipt (env CIE_PACS_DEID)')
    .action(
      async (
        o: { port?: string; aet?: string; host?: string; allow?: string; deid?: boolean },
        cmd: Command,
      ) => {
        const base = configFor(cmd);
        const pacs = {
          ...base.pacs,
          ...(o.port !== undefined ? { port: Number(o.port) } : {}),
          ...(o.aet !== undefined ? { aeTitle: o.aet } : {}),
          ...(o.host !== undefined ? { host: o.host } : {}),
          ...(o.allow !== undefined
            ? { allowedCallingAeTitles: o.allow.split(',').map((s) => s.trim()) }
            : {}),
          ...(o.deid ? { deidentifyOnReceive: true } : {}),
        };
        const config = configFor(cmd, { pacs });
        const d = await openNodeDatabase(config);
        const { scp, receiver } = await startPacs({
          db: d.db,
          dataDir: config.dataDir,
          deid: config.deid,
          pacs: config.pacs,
          log,
        }).catch(async (err: unknown) => {
          await d.close();
          throw err;
        });
        log.info(
          { port: scp.port, aet: config.pacs.aeTitle, host: config.pacs.host },
          'C-STORE SCP listening',
        );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
        try {
          await scp.close(); // indexes the studies still pending
        } finally {
          await d.close();
        }
        printResult(cmd, receiver.stats(), () => {
          const s = receiver.stats();
          return `received ${s.received} instances (${(s.bytes / 1e6).toFixed(1)} MB), ${s.quarantined} quarantined`;
        });
      },
    );
}
