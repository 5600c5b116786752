/**
 * The feature plugins of the hub, in registration order. `cie hub` (server.ts) registers these
 * after the core ones (identity, terms, admin, audit), and the role-matrix test
 * (src/hub/auth/access.test.ts) calls every route they add: add your plugin here and its routes'
 * expected access in src/hub/auth/route-access.table.ts.
 */
import type { HubPlugin } from './app.js';
import { tunnelFeature } from './tunnel/tunnel.feature.js';
import { webAppPlugin } from './web/web.plugin.js';
import { cataloguePlugin } from './catalogue/catalogue.plugin.js';
import { searchFeature } from './search/search.feature.js';
import { relayFeature } from './relay/relay.feature.js';
import { accessPlugin } from './access/access.plugin.js';
import { jobsFeature } from './jobs/jobs.feature.js';

// One plugin a line (keeps merges trivial); the web app's catch-all route is public.
export const hubFeatures: HubPlugin[] = [
  tunnelFeature,
  cataloguePlugin,
  searchFeature,
  accessPlugin,
  relayFeature,
  jobsFeature,
  webAppPlugin,
];
