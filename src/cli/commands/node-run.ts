/**
 * `cie node run`: the one process that serves everything a site needs from its data dir: the
 * tunnel to the hub (search, dataset records, the DICOMweb relay), and on request the PACS
 * C-STORE SCP (`--pacs`), a local DICOMweb server (`--dicomweb`) and folder ingest (`--watch`).
 * An embedded database belongs to one process (src/db/data-dir-lock.ts), so these run together
 * here rather than as separate commands on one data dir. SIGINT/SIGTERM stop them in order: the
 * tunnel, then the receivers (the PACS indexes the studies still pending), then the database.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { createLogger, type Logger } from '../../log.js';
import { registerDatasetTasks } from '../../node/datasets/dataset.tasks.js';
import { startDicomwebServer } from '../../node/dicomweb/dicomweb.server.js';
import { watchFolder } from '../../node/ingest/folder-watch.js';
import { startPacs } from '../../node/pacs/pacs.runtime.js';
import { registerJobTasks } from '../../node/jobs/job.task.js';
import { registerRelayTask } from '../../node/relay/relay.task.js';
import { registerSiteSearch } from '../../node/search/search.task.js';
import { joinHub } from '../../node/tunnel/node-tunnel.service.js';
import { configFor, openNodeDatabase, printResult } from '../context.js';

interface RunOptions {
  hub?: string;
  enrol?: string;
  name?: string;
  local?: boolean;
  pacs?: boolean | string;
  dicomweb?: boolean | string;
  dicomwebHost: string;
  watch?: string;
  watchEvery: string;
}

/** Something running that stops on shutdown; `what` is printed in the result. */
interface Service {
  what: Record<string, unknown>;
  /** For people, e.g. "PACS on port 11112 (AE CIE)". */
  label: string;
  stop(): Promise<void>;
}

function portOf(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new CieError('BAD_REQUEST', `${flag} takes a TCP port (0-65535), not "${v}"`);
  return n;
}

async function startTunnel(d: Database<NodeDB>, config: Config, o: RunOptions, logger: Logger) {
  const { identity, client } = await joinHub({
    db: d.db,
    keyFile: join(config.dataDir, 'node', 'node-key.jwk'),
    logger,
    hubUrl: o.hub,
    enrolToken: o.enrol,
    name: o.name,
  });
  registerSiteSearch(client, { db: d.db, name: identity.nodeName, privacy: config.privacy });
  registerDatasetTasks(client, d.db, config.privacy);
  const tmpDir = join(config.dataDir, 'tmp');
  await mkdir(tmpDir, { recursive: true });
  registerRelayTask(client, { db: d.db, identity, logger, tmpDir });
  await registerJobTasks(client, {
    db: d.db,
    identity,
    logger,
    workDir: join(config.dataDir, 'jobs'),
    privacy: config.privacy,
    policy: config.jobs,
  });
  return { identity, client };
}

/** The site services asked for besides the tunnel, started in order (stopped in reverse). */
async function startServices(
  d: Database<NodeDB>,
  config: Config,
  o: RunOptions,
  logger: Logger,
  services: Service[],
): Promise<void> {
  if (o.pacs !== undefined && o.pacs !== false) {
    const pacs =
      typeof o.pacs === 'string' ? { ...config.pacs, port: portOf('--pacs', o.pacs) } : config.pacs;
    const { scp } = await startPacs({
      db: d.db,
      dataDir: config.dataDir,
      deid: config.deid,
      pacs,
      log: logger,
    });
    logger.info({ port: scp.port, aet: pacs.aeTitle, host: pacs.host }, 'C-STORE SCP listening');
    services.push({
      what: { pacs: { port: scp.port, aeTitle: pacs.aeTitle } },
      label: `PACS on port ${scp.port} (AE ${pacs.aeTitle})`,
      stop: () => scp.close(),
    });
  }
  if (o.dicomweb !== undefined && o.dicomweb !== false) {
    const port = typeof o.dicomweb === 'string' ? portOf('--dicomweb', o.dicomweb) : 8042;
    const server = await startDicomwebServer(d.db, config, {
      host: o.dicomwebHost,
      port,
      prefix: '/dicomweb',
    });
    logger.info({ url: server.url }, 'DICOMweb listening');
    services.push({
      what: { dicomweb: server.url },
      label: `DICOMweb at ${server.url}`,
      stop: () => server.close(),
    });
  }
  if (o.watch) {
    const everyMs = Number(o.watchEvery) * 1000;
    if (!(everyMs >= 1000)) throw new CieError('BAD_REQUEST', '--watch-every takes at least 1 (seconds)');
    const watch = watchFolder(d.db, o.watch, {
      everyMs,
      workers: config.workers,
      batchSize: config.ingestBatch,
      logger,
    });
    services.push({ what: { watch: o.watch }, label: `watching ${o.watch}`, stop: () => watch.stop() });
  }
}

export function registerNodeRun(group: Command): void {
  group
    .command('run', { isDefault: true })
    .description(
      'run this site node: the tunnel to the hub (enrol once with --enrol), and with --pacs, --dicomweb, --watch the PACS receiver, a local DICOMweb server and folder ingest, in one process',
    )
    .option('--hub <url>', 'base URL of the hub, e.g. https://hub.example.org')
    .option('--enrol <token>', 'one-time enrolment token from a hub admin (first start only)')
    .option('--name <name>', 'name of this node shown to hub admins (default: host name)')
    .option('--local', 'no tunnel to a hub: serve only the local services asked for')
    .option(
      '--pacs [port]',
      'receive DICOM by C-STORE (port: CIE_PACS_PORT, default 11112; other CIE_PACS_* settings apply)',
    )
    .option('--dicomweb [port]', 'serve DICOMweb for local tools at /dicomweb (default port 8042)')
    .option(
      '--dicomweb-host <host>',
      'address of the DICOMweb server (no access control: keep it local)',
      '127.0.0.1',
    )
    .option('--watch <folder>', 'index the DICOM files under <folder> now and whenever they change')
    .option('--watch-every <seconds>', 'how often --watch rescans the folder', '60')
    .action(async (o: RunOptions, cmd: Command) => {
      const config = configFor(cmd);
      const logger = createLogger(config.logLevel);
      const d = await openNodeDatabase(config);
      const services: Service[] = [];
      try {
        const tunnel = o.local ? undefined : await startTunnel(d, config, o, logger);
        await startServices(d, config, o, logger, services);
        const outcome = await new Promise<{ stoppedBy: string } | CieError>((resolve) => {
          tunnel?.client.on('fatal', (err) => resolve(err));
          process.once('SIGINT', () => resolve({ stoppedBy: 'SIGINT' }));
          process.once('SIGTERM', () => resolve({ stoppedBy: 'SIGTERM' }));
          tunnel?.client.start();
          const parts = [
            tunnel
              ? `tunnel to ${tunnel.identity.hubUrl} as node ${tunnel.identity.nodeId}`
              : 'no hub (--local)',
            ...services.map((x) => x.label),
          ];
          console.error(`node running: ${parts.join(', ')} (Ctrl-C to stop)`);
        });
        await tunnel?.client.stop().catch(() => undefined);
        if (outcome instanceof CieError) throw outcome;
        printResult(
          cmd,
          {
            ...(tunnel
              ? {
                  nodeId: tunnel.identity.nodeId,
                  hub: tunnel.identity.hubUrl,
                  connections: tunnel.client.connections,
                }
              : {}),
            ...Object.assign({}, ...services.map((s) => s.what)),
            ...outcome,
          },
          () => `node stopped (${outcome.stoppedBy})`,
        );
      } finally {
        for (const s of services.reverse()) {
          await s
            .stop()
            .catch((err: unknown) => logger.error({ err: String(err) }, 'stopping a service failed'));
        }
        await d.close();
      }
    });
}
