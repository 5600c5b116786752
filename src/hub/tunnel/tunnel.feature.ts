/**
 * The tunnel in the hub app: `createHubTunnel` (at start-up, before the app is built) makes the
 * hub key pair, the `TunnelHub` other features send tasks through, and the node authenticator the
 * access hook uses for `access.node` routes; `tunnelFeature` adds the node routes and the tunnel
 * WebSocket, wired to the audit log and the provider-rules check.
 */
import type { Kysely } from 'kysely';
import { audit } from '../../audit/audit.js';
import type { HubDB } from '../../db/schema.js';
import type { Logger } from '../../log.js';
import type { HubPlugin } from '../app.js';
import { loadOrCreateHubKeys, type HubKeys } from '../nodes/hub-keys.js';
import type { AuditFn } from '../nodes/nodes.service.js';
import { hasAcceptedProviderRules } from '../terms/terms.repository.js';
import { createNodeAuthenticator, type NodeAuthenticator } from './node-authenticator.js';
import { TunnelHub, type TunnelHubOptions } from './tunnel.hub.js';
import { tunnelPlugin } from './tunnel.plugin.js';

export interface HubTunnel {
  hubKeys: HubKeys;
  tunnel: TunnelHub;
  /** Pass to buildHubApp as `authenticateNode`. */
  authenticateNode: NodeAuthenticator;
}

export function auditLogOf(db: Kysely<HubDB>): AuditFn {
  return async (e) => {
    await audit(db, {
      actor: e.actor,
      action: e.action,
      outcome: e.outcome,
      target: e.target,
      ip: e.ip,
      details: e.details,
    });
  };
}

export async function createHubTunnel(
  db: Kysely<HubDB>,
  logger: Logger,
  settings: Omit<TunnelHubOptions, 'db' | 'logger'> = {},
): Promise<HubTunnel> {
  const hubKeys = await loadOrCreateHubKeys(db);
  const tunnel = new TunnelHub({ db, logger, ...settings });
  return {
    hubKeys,
    tunnel,
    authenticateNode: createNodeAuthenticator({ db, hubKeys, audit: auditLogOf(db) }),
  };
}

/** Routes at their full paths (/api/v1/nodes…, /api/v1/hub/key). */
export const tunnelFeature: HubPlugin = {
  name: 'tunnel',
  prefix: '',
  async register(app, ctx) {
    const t = ctx.tunnel ?? (await createHubTunnel(ctx.db, ctx.logger));
    await app.register(tunnelPlugin, {
      db: ctx.db,
      hubKeys: t.hubKeys,
      tunnel: t.tunnel,
      audit: auditLogOf(ctx.db),
      providerRulesAccepted: hasAcceptedProviderRules,
    });
  },
};
