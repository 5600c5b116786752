/**
 * EUCAIM "Spot" compatibility, so an unmodified Lens front end pointed at this hub searches our
 * nodes (wire format: shared/reference/eucaim/lens-requests.md, docs/search.md):
 *
 *   POST {base}/beam      {id, query: base64({lang:"ast", query: base64({ast, id})}), sites?}
 *   GET  {base}/beam/{id} Server-Sent Events: one `new_result` per site
 *                         {task, from: "focus.<site>.cie", status, body: base64(Focus answer), metadata}
 *
 * A signed-in user (session cookie — from the configured Lens origin no CSRF header is needed — or
 * API token) like every search; the search runs through the
 * same broker (validation, deadline, audit, privacy-released node answers). Lens adds up
 * `subjects_count` and `studies_count`, so a suppressed count ("< 10") is sent to Lens as 0 and
 * the collection's description says so. CORS for one configured origin (credentials allowed).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CieError } from '../../errors.js';
import type { HubApp } from '../app.js';
import { access } from '../auth/access.js';
import type { SearchBroker } from './search-broker.service.js';
import type { NodeResultView } from './search.repository.js';
import { chosenNodes, withRetryAfter, type NodeIdsByName } from './search.routes.js';
import { parse, userOf } from './search-http.js';
import { readLensAst } from './spot.lens-ast.js';
import {
  type FocusAnswer,
  type FocusCollection,
  type ReleasedCount,
  WHOLE_SITE_ID,
} from '../../model/search-answer.js';

export interface SpotOptions {
  /** Path the routes live under (no trailing slash), e.g. `/api/v1/spot`. */
  basePath: string;
  /** The Lens origin allowed to call with credentials (CORS); none: same origin only. */
  allowOrigin?: string | undefined;
  /** Site names → node ids, for Lens's `sites`. */
  nodeIdsByName: NodeIdsByName;
}

const beamBody = z.object({
  id: z.string().uuid('id is a UUID'),
  query: z.string().min(1).max(1_000_000),
  sites: z.array(z.string().min(1).max(200)).max(1000).optional(),
});
const outerQuery = z.object({ lang: z.literal('ast'), query: z.string().min(1) });
const innerQuery = z.object({ ast: z.unknown(), id: z.string().optional() });
const taskParams = z.object({ id: z.string().uuid('a task id is a UUID') });

function decodeJson<T>(schema: z.ZodType<T>, base64: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
  } catch {
    throw new CieError('VALIDATION_FAILED', `${what}: not base64-encoded JSON`);
  }
  const r = schema.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new CieError(
      'VALIDATION_FAILED',
      `${what}${i?.path.length ? `.${i.path.join('.')}` : ''}: ${i?.message ?? 'invalid'}`,
    );
  }
  return r.data;
}

/** Decode Lens's doubly base64-encoded query to its AST (exported for tests). */
export function decodeLensQuery(query: string): unknown {
  const outer = decodeJson(outerQuery, query, 'query');
  const inner = decodeJson(innerQuery, outer.query, 'query.query');
  if (inner.ast === undefined) throw new CieError('VALIDATION_FAILED', 'query.query.ast: missing');
  return inner.ast;
}

/** A count as Lens can add it: a suppressed "< T" becomes 0. */
function lensCount(c: ReleasedCount): number {
  return typeof c === 'number' ? c : 0;
}

function lensCollection(c: FocusCollection): Record<string, unknown> {
  const suppressed = [c.subjects_count, c.studies_count].some((x) => typeof x !== 'number');
  return {
    id: c.id,
    name: c.name,
    description: suppressed
      ? `${c.description} (counts below the site's threshold are shown as 0)`
      : c.description,
    studies_count: lensCount(c.studies_count),
    subjects_count: lensCount(c.subjects_count),
    age_range: c.age_range,
    gender: c.gender,
    modalities: c.modalities,
    body_parts: c.body_parts,
  };
}

/**
 * The Focus answer Lens reads (only its fields, counts summable). Lens adds up every collection
 * of a site, so a site that answers for itself as a whole sends only that collection (its
 * datasets are parts of it and would be counted twice); per-dataset counts stay in our own API.
 */
export function lensAnswer(a: FocusAnswer): Record<string, unknown> {
  const whole = a.collections.filter((c) => c.id === WHOLE_SITE_ID);
  return { provider: a.provider, collections: (whole.length ? whole : a.collections).map(lensCollection) };
}

/** One Beam `new_result` event for a node outcome. */
export function beamResult(task: string, node: NodeResultView): Record<string, unknown> {
  const site = node.node_name.replace(/\./g, '_');
  const ok = node.state === 'answered' && node.answer !== null;
  return {
    task,
    from: `focus.${site}.cie`,
    status: ok ? 'succeeded' : node.state === 'timed_out' ? 'tempfailed' : 'permfailed',
    body: ok && node.answer ? Buffer.from(JSON.stringify(lensAnswer(node.answer))).toString('base64') : '',
    metadata: ok ? null : { state: node.state, reason: node.reason },
  };
}

/** Lens task id → our search, per user, for the stream that follows the POST. */
const TASK_TTL_MS = 10 * 60_000;

export function registerSpotRoutes(app: HubApp, broker: SearchBroker, opts: SpotOptions): void {
  const base = opts.basePath.replace(/\/+$/, '');
  const tasks = new Map<string, { userId: number; searchId: string; at: number }>();
  const cors = (request: FastifyRequest, reply: FastifyReply): void => {
    const origin = request.headers.origin;
    if (opts.allowOrigin && origin === opts.allowOrigin) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-allow-credentials', 'true');
      reply.header('vary', 'Origin');
    }
  };

  app.options(
    `${base}/beam`,
    { schema: { summary: 'CORS preflight for Lens', tags: ['search'] }, config: { access: access.public } },
    (request, reply) => {
      cors(request, reply);
      reply.header('access-control-allow-methods', 'POST, GET, OPTIONS');
      reply.header('access-control-allow-headers', 'content-type, authorization');
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    },
  );

  app.post(
    `${base}/beam`,
    {
      schema: { summary: 'start a search the way EUCAIM Lens does (Spot)', tags: ['search'] },
      // Lens sends the session cookie but no CSRF header: its configured origin is trusted.
      config: { access: access.user, csrfTrustedOrigin: opts.allowOrigin },
    },
    async (request, reply) => {
      cors(request, reply);
      const userId = userOf(request);
      const body = parse(beamBody, request.body, 'body');
      const ast = readLensAst(decodeLensQuery(body.query));
      const nodes = await chosenNodes({ sites: body.sites }, opts.nodeIdsByName);
      if (tasks.has(body.id)) throw new CieError('CONFLICT', `task ${body.id} exists already`);
      const { id } = await withRetryAfter(reply, () =>
        broker.startSearch(userId, { query: ast, nodes, clientAddress: request.ip }),
      );
      const now = Date.now();
      for (const [k, t] of tasks) if (now - t.at > TASK_TTL_MS) tasks.delete(k);
      tasks.set(body.id, { userId, searchId: id, at: now });
      return reply.code(201).send({ id: body.id, search: id });
    },
  );

  app.get(
    `${base}/beam/:id`,
    {
      schema: { summary: 'site results as Beam new_result events (Spot)', tags: ['search'] },
      config: { access: access.user },
    },
    async (request, reply) => {
      const userId = userOf(request);
      const { id } = parse(taskParams, request.params, 'path');
      const task = tasks.get(id);
      if (!task || task.userId !== userId) throw new CieError('NOT_FOUND', `no search task ${id}`);
      const closed = new AbortController();
      request.raw.on('close', () => closed.abort());
      cors(request, reply);
      reply.hijack();
      reply.raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        // As the client asked: a client that said `Connection: close` gets its connection closed.
        connection: /\bclose\b/i.test(request.headers.connection ?? '') ? 'close' : 'keep-alive',
        'x-accel-buffering': 'no',
      });
      try {
        for await (const e of broker.events(userId, task.searchId, closed.signal)) {
          if (e.type !== 'node') break;
          reply.raw.write(`event: new_result\ndata: ${JSON.stringify(beamResult(id, e.node))}\n\n`);
        }
      } finally {
        reply.raw.end();
      }
    },
  );
}
