/**
 * Federated search over HTTP: start a search, follow each node's answer as Server-Sent Events,
 * read the whole result so far, cancel, list one's searches. Thin: validation here, rules in
 * SearchBroker. Every route requires a signed-in user (`access.user`), except the auditor's view of
 * any user's search (`access.admin`); the hub's auth hook sets `request.principal`.
 */
import type { FastifyReply } from 'fastify';
import type { HubApp, HubPlugin } from '../app.js';
import { z } from 'zod';
import { CieError } from '../../errors.js';
import { access } from '../auth/access.js';
import type { SearchBroker } from './search-broker.service.js';
import { parse, userOf } from './search-http.js';

const doc = (summary: string) => ({ summary, tags: ['search'] });

const startBody = z.object({
  query: z.unknown(),
  nodes: z.array(z.number().int().positive()).max(1000).optional(),
  sites: z.array(z.string().min(1).max(200)).max(1000).optional(),
  deadline_ms: z.number().int().positive().optional(),
});
const idParams = z.object({ id: z.string().uuid('a search id is a UUID') });
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** The search routes as a hub feature plugin (needs a broker built with the tunnel dispatcher). */
export function searchPlugin(broker: SearchBroker): HubPlugin {
  return { name: 'search', prefix: '', register: (app) => registerSearchRoutes(app, broker) };
}

/** Site (node) names → node ids, for `sites` in a search request. */
export type NodeIdsByName = (names: string[]) => Promise<number[]>;

/** Resolve `sites` (names) and `nodes` (ids) to the node ids to ask; undefined: all. */
export async function chosenNodes(
  body: { nodes?: number[] | undefined; sites?: string[] | undefined },
  byName: NodeIdsByName | undefined,
): Promise<number[] | undefined> {
  if (!body.sites?.length) return body.nodes;
  if (!byName) throw new CieError('VALIDATION_FAILED', 'body.sites: this hub cannot resolve site names');
  const named = await byName(body.sites);
  if (named.length === 0)
    throw new CieError(
      'VALIDATION_FAILED',
      `body.sites: none of ${body.sites.join(', ')} is a site of this hub`,
    );
  return [...new Set([...(body.nodes ?? []), ...named])];
}

/** Run `start`; when it is refused for the user's budget, the reply carries Retry-After. */
export async function withRetryAfter<T>(reply: FastifyReply, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    const retry = err instanceof CieError ? err.details?.retryAfterSeconds : undefined;
    if (typeof retry === 'number') void reply.header('retry-after', String(retry));
    throw err;
  }
}

export function registerSearchRoutes(app: HubApp, broker: SearchBroker, nodeIdsByName?: NodeIdsByName): void {
  app.post(
    '/api/v1/searches',
    { schema: doc('start a federated search (Lens AST)'), config: { access: access.user } },
    async (request, reply) => {
      const userId = userOf(request);
      const body = parse(startBody, request.body, 'body');
      if (body.query === undefined)
        throw new CieError('VALIDATION_FAILED', 'body.query: a Lens query is required');
      const nodes = await chosenNodes(body, nodeIdsByName);
      const { id } = await withRetryAfter(reply, () =>
        broker.startSearch(userId, {
          query: body.query,
          nodes,
          deadlineMs: body.deadline_ms,
          clientAddress: request.ip,
        }),
      );
      return reply.code(201).send({ id, events: `/api/v1/searches/${id}/events` });
    },
  );

  app.get(
    '/api/v1/searches',
    { schema: doc('your recent searches'), config: { access: access.user } },
    async (request) => {
      const { limit } = parse(listQuery, request.query, 'query');
      const userId = userOf(request);
      return {
        searches: await broker.history(userId, limit),
        budget: await broker.budget(userId, request.ip),
      };
    },
  );

  app.get(
    '/api/v1/searches/:id',
    { schema: doc('a search with every node outcome so far'), config: { access: access.user } },
    async (request) => {
      const { id } = parse(idParams, request.params, 'path');
      return broker.getSearch(userOf(request), id);
    },
  );

  app.get(
    '/api/v1/admin/searches/:id',
    {
      schema: doc(
        'any user’s search as the audit log names it: who, from where, the query, every released answer',
      ),
      config: { access: access.admin },
    },
    async (request) => {
      const { id } = parse(idParams, request.params, 'path');
      return broker.auditSearch(id);
    },
  );

  app.delete(
    '/api/v1/searches/:id',
    { schema: doc('cancel a running search'), config: { access: access.user } },
    async (request) => {
      const { id } = parse(idParams, request.params, 'path');
      return broker.cancelSearch(userOf(request), id);
    },
  );

  /** One `result` event per node outcome (answered, offline, timed_out, failed, cancelled), then `done`. */
  app.get(
    '/api/v1/searches/:id/events',
    { schema: doc('node outcomes as Server-Sent Events (result…, done)'), config: { access: access.user } },
    async (request, reply) => {
      const userId = userOf(request);
      const { id } = parse(idParams, request.params, 'path');
      await broker.getSearch(userId, id); // 404 as JSON before the stream starts
      const closed = new AbortController();
      request.raw.on('close', () => closed.abort());
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      try {
        for await (const e of broker.events(userId, id, closed.signal)) {
          const name = e.type === 'node' ? 'result' : 'done';
          const data = e.type === 'node' ? e.node : { status: e.status };
          reply.raw.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
        }
      } finally {
        reply.raw.end();
      }
    },
  );
}
