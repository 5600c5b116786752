/**
 * Running the hub: open its database, build the app, listen. `close()` stops accepting requests,
 * lets those in flight finish, then closes the database.
 */
import type { Config } from '../config/config.js';
import { openHubDatabase } from '../cli/context.js';
import type { Logger } from '../log.js';
import { buildHubApp, type HubAppDeps, type HubPlugin } from './app.js';
import { hubFeatures } from './features.js';

export interface RunningHub {
  url: string;
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
    const app = await buildHubApp({ db: database.db, config: config.hub, logger, ...extra }, plugins);
    const address = await app.listen({ port: config.port, host: config.host });
    logger.info({ address, backend: database.backend }, 'hub listening');
    return {
      url: address,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
