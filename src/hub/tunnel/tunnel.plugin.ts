/**
 * The tunnel as a Fastify plugin: the node API routes and the tunnel WebSocket
 * (`GET /api/v1/nodes/tunnel`). The WebSocket route is declared `access.public` because it checks
 * its own credential before the upgrade: the node's EdDSA JWT (Authorization: Bearer), verified in
 * a preValidation hook that answers 401/403 over plain HTTP and sets `request.principal` to the node.
 */
import websocket from '@fastify/websocket';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { ZodError } from 'zod';
import { CieError } from '../../errors.js';
import type { HubDB } from '../../db/schema.js';
import { access } from '../auth/access.js';
import type { HubKeys } from '../nodes/hub-keys.js';
import { registerNodeRoutes } from '../nodes/nodes.routes.js';
import { TUNNEL_PATH, type AuditFn, type ProviderRulesCheck } from '../nodes/nodes.service.js';
import { authenticateNode } from './node-auth.js';
import type { TunnelHub } from './tunnel.hub.js';

export interface TunnelPluginOptions {
  db: Kysely<HubDB>;
  hubKeys: HubKeys;
  /** The hub's tunnel (create it with `new TunnelHub(…)` so other features can send tasks). */
  tunnel: TunnelHub;
  audit?: AuditFn | undefined;
  /** hubcore's `hasAcceptedProviderRules` once merged; default: the organisation is a provider. */
  providerRulesAccepted?: ProviderRulesCheck | undefined;
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
  app.setErrorHandler(tunnelErrorHandler);
  registerNodeRoutes(app, opts);
  registerTunnelRoute(app, opts);
};

function registerTunnelRoute(app: FastifyInstance, opts: TunnelPluginOptions): void {
  app.get(
    TUNNEL_PATH,
    {
      websocket: true,
      config: { access: access.public },
      preValidation: async (req) => {
        const header = req.headers.authorization ?? '';
        const m = /^Bearer (\S+)$/.exec(header);
        if (!m?.[1])
          throw new CieError('UNAUTHENTICATED', 'the tunnel needs a node token (Authorization: Bearer …)');
        try {
          const node = await authenticateNode(opts.db, opts.hubKeys, m[1]);
          req.principal = { kind: 'node', ...node };
        } catch (err) {
          if (err instanceof CieError) {
            await opts.audit?.({
              action: 'node.connect',
              outcome: 'refused',
              details: { reason: err.message },
            });
          }
          throw err;
        }
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

function tunnelErrorHandler(err: FastifyError | Error, _req: unknown, reply: FastifyReply) {
  if (err instanceof CieError) return reply.code(err.status).send(err.toJSON());
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    return reply
      .code(400)
      .send(new CieError('VALIDATION_FAILED', `invalid request: ${issues.join('; ')}`).toJSON());
  }
  const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
  return reply
    .code(status)
    .send({ error: { code: status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', message: err.message } });
}
