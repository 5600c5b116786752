/**
 * The node's `search` tunnel task: the hub sends `{query: <Lens AST>}` and gets the node's
 * Focus answer (privacy policy applied). Register it on the tunnel client next to the built-in
 * tasks: `registerSearchTask(client, { db, provider, privacy, collections })`.
 */
import type { TunnelClient } from '../tunnel/tunnel.client.js';
import type { Kysely } from 'kysely';
import type { PrivacyConfig } from '../../config/config.js';
import type { NodeDB } from '../../db/schema.js';
import { siteAndDatasetCollections } from '../datasets/dataset-collections.js';
import { searchTaskHandler, type SearchNodeDeps } from './search.service.js';
import { SEARCH_TASK } from '../../model/search-answer.js';

export function registerSearchTask(
  client: Pick<TunnelClient, 'registerTaskHandler'>,
  deps: SearchNodeDeps,
): void {
  const handle = searchTaskHandler(deps);
  client.registerTaskHandler(SEARCH_TASK, (payload) => handle(payload));
}

/** What `cie node` and the demo nodes answer: the whole site, and each published dataset. */
export function registerSiteSearch(
  client: Pick<TunnelClient, 'registerTaskHandler'>,
  site: { db: Kysely<NodeDB>; name: string; privacy: PrivacyConfig },
): void {
  registerSearchTask(client, {
    db: site.db,
    provider: site.name,
    privacy: site.privacy,
    collections: siteAndDatasetCollections(site.name),
  });
}
