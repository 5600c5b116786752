/**
 * Federated search in the running hub: builds the broker over the hub's node tunnel
 * (`ctx.tunnel`), adds the search routes and the field-catalogue route the web app's query
 * builder reads and the EUCAIM Lens-compatible Spot routes (spot.routes.ts), and closes the broker with the app. Without a tunnel (bare test hubs) every
 * node counts as offline.
 */
import { CieError } from '../../errors.js';
import type { HubPlugin } from '../app.js';
import { hubAuditSink } from './audit-sink.js';
import { registerFieldCatalogueRoute } from './search-fields.routes.js';
import { SearchBroker } from './search-broker.service.js';
import { registerSearchRoutes } from './search.routes.js';
import { registerSpotRoutes } from './spot.routes.js';
import { tunnelNodeDispatcher } from './tunnel-dispatcher.js';

const noTunnel = {
  onlineNodes: () => [],
  sendTask: () => Promise.reject(new CieError('NODE_UNAVAILABLE', 'this hub runs no node tunnel')),
};

export const searchFeature: HubPlugin = {
  name: 'search',
  prefix: '',
  register(app, ctx) {
    const broker = new SearchBroker({
      db: ctx.db,
      dispatcher: tunnelNodeDispatcher(ctx.db, ctx.tunnel?.tunnel ?? noTunnel),
      audit: hubAuditSink(ctx.db),
      searchesPerHour: ctx.config.searchesPerHour,
      searchesPerHourPerOrganisation: ctx.config.searchesPerHourPerOrganisation,
      searchesPerHourPerAddress: ctx.config.searchesPerHourPerAddress,
      privacyBudgetEpsilon: ctx.config.privacyBudgetEpsilon,
      privacyBudgetHours: ctx.config.privacyBudgetHours,
    });
    app.addHook('onClose', (_app, done) => {
      broker.close();
      done();
    });
    registerSearchRoutes(app, broker);
    registerFieldCatalogueRoute(app);
    registerSpotRoutes(app, broker, {
      basePath: ctx.config.spotBasePath,
      allowOrigin: ctx.config.spotOrigin,
      nodeIdsByName: async (names) =>
        (await ctx.db.selectFrom('node').select('id').where('name', 'in', names).execute()).map((r) =>
          Number(r.id),
        ),
    });
  },
};
