/**
 * Running the hub: open its database, build the app, listen. `close()` stops accepting requests,
 * lets those in flight finish, then closes the database.
 */
import type { Config } from '../config/config.js';
import { openHubDatabase } from '../cli/context.js';
import type { Logger } from '../log.js';
import { buildHubApp, type HubAppDeps, type HubPlugin } from './app.js';
import { hubFeatures } from './features.js';
import { CatalogueNodeSync } from './catalogue/node-sync.service.js';
import { HarvestScheduler } from './catalogue/harvest/harvest-scheduler.js';
import { createHubTunnel, type HubTunnel } from './tunnel/tunnel.feature.js';
import type { Database } from '../db/database.js';
import type { HubDB } from '../db/schema.js';

export interface RunningHub {
  url: string;
  db: Database<HubDB>['db'];
  tunnel: HubTunnel;
  close(): Promise<void>;
}

export async function startHub(
  config: Config,
  logger: Logger,
  plugins: readonly HubPlugin[] = hubFeatures,
  extra: Pick<HubAppDeps, 'authenticateNode'> = {},
): Promise<RunningHub> {
  const database = await openHubDatabase(config);
  try {
    const tunnel = await createHubTunnel(database.db, logger);
    const app = await buildHubApp(
      {
        db: database.db,
        config: config.hub,
        logger,
        authenticateNode: tunnel.authenticateNode,
        tunnel,
        ...extra,
      },
      plugins,
    );
    const address = await app.listen({ port: config.port, host: config.host });
    logger.info({ address, backend: database.backend }, 'hub listening');
    // Node dataset records reach the catalogue through the tunnel (docs/catalogue.md).
    const nodeSync = new CatalogueNodeSync({ db: database.db, tunnel: tunnel.tunnel, logger });
    nodeSync.start();
    // Configured catalogues are harvested on their schedule (docs/catalogue.md, "Harvest").
    const harvests = new HarvestScheduler({ db: database.db, sources: config.hub.harvestSources, logger });
    harvests.start();
    return {
      url: address,
      db: database.db,
      tunnel,
      close: async () => {
        const syncStopped = nodeSync.stop(); // rounds in flight end when the tunnel closes
        const harvestsStopped = harvests.stop();
        await app.close();
        await syncStopped;
        await harvestsStopped;
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
