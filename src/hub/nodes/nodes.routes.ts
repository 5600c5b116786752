/**
 * Node HTTP API: the hub's public key, enrolment (public: the one-time token is the credential),
 * and the admin routes to issue enrolment tokens, list nodes and revoke a node.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import { CieError } from '../../errors.js';
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

function actorOf(req: FastifyRequest): string {
  const p = req.principal;
  if (p?.kind === 'user') return `user:${p.userId}`;
  if (p?.kind === 'node') return `node:${p.nodeId}`;
  return 'anonymous';
}

/** Parse a request part with a zod schema; a mismatch is a VALIDATION_FAILED CieError (400). */
function parse<T>(schema: ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map(
    (i) => `${where}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`,
  );
  throw new CieError('VALIDATION_FAILED', `invalid request ${issues.join('; ')}`, { issues });
}

const tags = ['nodes'];

export function registerNodeRoutes(app: FastifyInstance, deps: NodeRoutesDeps): void {
  app.get(
    '/api/v1/hub/key',
    { config: { access: access.public }, schema: { tags, summary: "the hub's public key (JWK)" } },
    () => deps.hubKeys.publicJwk,
  );

  app.post(
    '/api/v1/nodes/enrol',
    {
      config: { access: access.public },
      schema: { tags, summary: 'enrol a node with a one-time token', body: enrolRequest },
    },
    async (req, reply) => {
      const enrolment = await enrolNode(deps, parse(enrolRequest, req.body, 'body'), req.ip);
      return reply.code(201).send(enrolment);
    },
  );

  app.post(
    '/api/v1/nodes/enrolment-tokens',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'issue a one-time enrolment token (shown once)', body: issueTokenRequest },
    },
    async (req, reply) => {
      const issued = await issueEnrolmentToken(deps.db, parse(issueTokenRequest, req.body, 'body'));
      await deps.audit?.({
        actor: actorOf(req),
        action: 'node.enrolment-token.issue',
        outcome: 'success',
        target: `organisation:${issued.organisationId}`,
        ip: req.ip,
        details: { expiresAt: issued.expiresAt },
      });
      return reply.code(201).send(issued);
    },
  );

  app.get(
    '/api/v1/nodes',
    { config: { access: access.admin }, schema: { tags, summary: 'nodes with their live status' } },
    async () => ({
      nodes: await listNodes(deps.db, (id) => deps.tunnel.liveStatus(id)),
    }),
  );

  app.post(
    '/api/v1/nodes/:id/revoke',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'revoke a node: disconnect and refuse it', params: nodeIdParams },
    },
    async (req) =>
      revokeNode(
        { ...deps, disconnect: (id) => deps.tunnel.disconnect(id) },
        parse(nodeIdParams, req.params, 'params').id,
        actorOf(req),
      ),
  );
}
