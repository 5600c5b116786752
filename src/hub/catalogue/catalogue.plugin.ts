/** The catalogue as a hub feature: its routes at the root (DCAT IRIs) and under /api/v1. */
import type { HubPlugin } from '../app.js';
import { registerCatalogueRoutes } from './catalogue.routes.js';
import { registerHarvestRoutes } from './harvest/harvest.routes.js';

export const cataloguePlugin: HubPlugin = {
  name: 'catalogue',
  prefix: '',
  register(app, ctx) {
    // Dataset IRIs must resolve here: set CIE_HUB_PUBLIC_URL in production.
    const baseUrl = ctx.config.publicUrl ?? `http://127.0.0.1:${process.env.CIE_PORT ?? 8080}`;
    registerCatalogueRoutes(app, { db: ctx.db, baseUrl, tunnel: ctx.tunnel?.tunnel });
    registerHarvestRoutes(app, { db: ctx.db, sources: ctx.config.harvestSources, logger: ctx.logger });
  },
};
