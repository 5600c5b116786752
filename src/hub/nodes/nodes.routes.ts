/**
 * Node HTTP API: the hub's public key, enrolment (public: the one-time token is the credential),
 * and the admin routes to issue enrolment tokens, list nodes and revoke a node.
 */
import type { FastifyInstance } from 'fastify';
import { access } from '../auth/access.js';
import type { TunnelHub } from '../tunnel/tunnel.hub.js';
import type { HubKeys } from './hub-keys.js';
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import { enrolRequest, issueTokenRequest, nodeIdParams } from './nodes.schema.js';
import {
  enrolNode,
  issueEnrolmentToken,
  listNodes,
  revokeNode,
  type AuditFn,
  type ProviderRulesCheck,
} from './nodes.service.js';

export interface NodeRoutesDeps {
  db: Kysely<HubDB>;
  hubKeys: HubKeys;
  tunnel: TunnelHub;
  audit?: AuditFn | undefined;
  providerRulesAccepted?: ProviderRulesCheck | undefined;
}

export function registerNodeRoutes(app: FastifyInstance, deps: NodeRoutesDeps): void {
  app.get('/api/v1/hub/key', { config: { access: access.public } }, () => deps.hubKeys.publicJwk);

  app.post('/api/v1/nodes/enrol', { config: { access: access.public } }, async (req, reply) => {
    const enrolment = await enrolNode(deps, enrolRequest.parse(req.body));
    return reply.code(201).send(enrolment);
  });

  app.post('/api/v1/nodes/enrolment-tokens', { config: { access: access.admin } }, async (req, reply) => {
    const issued = await issueEnrolmentToken(deps.db, issueTokenRequest.parse(req.body));
    await deps.audit?.({
      action: 'node.enrolment-token.issue',
      outcome: 'success',
      subject: `organisation:${issued.organisationId}`,
    });
    return reply.code(201).send(issued);
  });

  app.get('/api/v1/nodes', { config: { access: access.admin } }, async () => ({
    nodes: await listNodes(deps.db, (id) => deps.tunnel.liveStatus(id)),
  }));

  app.post('/api/v1/nodes/:id/revoke', { config: { access: access.admin } }, async (req) =>
    revokeNode(
      { ...deps, disconnect: (id) => deps.tunnel.disconnect(id) },
      nodeIdParams.parse(req.params).id,
    ),
  );
}
