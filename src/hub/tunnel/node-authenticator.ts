/**
 * Recognising a node from an HTTP request (the tunnel's upgrade request, or any `access.node`
 * route): `Authorization: Bearer <node JWT>`. No bearer token → undefined (not a node's request);
 * a bad one → a CieError (401, or 403 for a revoked node), audited.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { CieError } from '../../errors.js';
import type { HubDB } from '../../db/schema.js';
import type { NodePrincipal } from '../auth/access.js';
import type { HubKeys } from '../nodes/hub-keys.js';
import type { AuditFn } from '../nodes/nodes.service.js';
import { authenticateNode } from './node-auth.js';

export type NodeAuthenticator = (request: FastifyRequest) => Promise<NodePrincipal | undefined>;

export function createNodeAuthenticator(deps: {
  db: Kysely<HubDB>;
  hubKeys: HubKeys;
  audit?: AuditFn | undefined;
}): NodeAuthenticator {
  return async (request) => {
    const m = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    if (!m?.[1]) return undefined;
    try {
      return { kind: 'node', ...(await authenticateNode(deps.db, deps.hubKeys, m[1])) };
    } catch (err) {
      if (err instanceof CieError) {
        await deps.audit?.({
          actor: 'anonymous',
          action: 'node.connect',
          outcome: 'denied',
          ip: request.ip,
          details: { reason: err.message },
        });
      }
      throw err;
    }
  };
}
