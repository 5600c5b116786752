/**
 * The tunnel as a Fastify plugin: the node API routes and the tunnel WebSocket
 * (`GET /api/v1/nodes/tunnel`, `access.node`). The node's EdDSA JWT (Authorization: Bearer) is
 * checked before the upgrade — by the hub's access hook with `createNodeAuthenticator`, or by this
 * plugin's own preValidation hook on a bare Fastify instance — so a refusal is a plain HTTP 401/403.
 */
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { CieError } from '../../errors.js';
import type { HubDB } from '../../db/schema.js';
import { access } from '../auth/access.js';
import type { HubKeys } from '../nodes/hub-keys.js';
import { registerNodeRoutes } from '../nodes/nodes.routes.js';
import { TUNNEL_PATH, type AuditFn, type ProviderRulesCheck } from '../nodes/nodes.service.js';
import { createNodeAuthenticator } from './node-authenticator.js';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { toCieError } from '../http/errors.js';
import type { TunnelHub } from './tunnel.hub.js';

export interface TunnelPluginOptions {
  db: Kysely<HubDB>;
  hubKeys: HubKeys;
  /** The hub's tunnel (create it with `new TunnelHub(…)` so other features can send tasks). */
  tunnel: TunnelHub;
  audit?: AuditFn | undefined;
  /** `hasAcceptedProviderRules` in the hub; default: the organisation is a provider. */
  providerRulesAccepted?: ProviderRulesCheck | undefined;
  /** On a bare Fastify instance (tests, benchmark): map CieErrors to responses here. */
  standalone?: boolean;
}

export const tunnelPlugin: FastifyPluginAsync<TunnelPluginOptions> = async (app, opts) => {
  const { tunnel } = opts;
  if (!app.hasDecorator('websocketServer')) {
    await app.register(websocket, {
      options: { maxPayload: tunnel.settings.maxFrameBytes },
      preClose: (done) => {
        tunnel.close();
        done();
      },
    });
  }
  app.addHook('preClose', (done) => {
    tunnel.close();
    done();
  });
  if (opts.standalone) {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler((err, _req, reply) => {
      const cie = toCieError(err);
      return reply.code(cie.status).send(cie.toJSON());
    });
  }
  registerNodeRoutes(app, opts);
  registerTunnelRoute(app, opts);
};

function registerTunnelRoute(app: FastifyInstance, opts: TunnelPluginOptions): void {
  const authenticate = createNodeAuthenticator(opts);
  app.get(
    TUNNEL_PATH,
    {
      websocket: true,
      config: { access: access.node },
      // In the hub app the access hook has already authenticated the node (onRequest); on a bare
      // Fastify instance this hook does it. Either way, before the upgrade.
      preValidation: async (req) => {
        if (req.principal?.kind === 'node') return;
        const node = await authenticate(req);
        if (!node)
          throw new CieError('UNAUTHENTICATED', 'the tunnel needs a node token (Authorization: Bearer …)');
        req.principal = node;
      },
    },
    (socket, req) => {
      const p = req.principal;
      if (p?.kind !== 'node') {
        socket.close(1008, 'not authenticated');
        return;
      }
      opts.tunnel.attach(socket, { nodeId: p.nodeId, organisationId: p.organisationId });
    },
  );
}
