/**
 * The node's side of the DICOMweb relay: the `dicomweb.relay` tunnel task. It checks the hub's
 * assertion, restricts the scope to the dataset's instances, answers the request with the node's
 * own DICOMweb routes (an in-process Fastify app, injected, streamed) and streams the answer back
 * with ranges and a SHA-256 ETag for single instances. Every answer and refusal is audited.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { audit } from '../../audit/audit.js';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { RELAY_TASK, relayPayloadSchema, type RelayPayload } from '../../model/relay.js';
import { dicomwebPlugin } from '../dicomweb/dicomweb.plugin.js';
import type { InstanceScope } from '../dicomweb/scope.js';
import type { NodeIdentity } from '../tunnel/node-identity.repository.js';
import { streamReply, type StreamReply } from '../tunnel/outgoing-stream.js';
import type { TaskContext } from '../tunnel/task-runner.js';
import type { TunnelClient } from '../tunnel/tunnel.client.js';
import { decideRange, sliceStream } from './byte-range.js';
import { datasetScope } from './dataset-scope.js';
import { verifyRelayAssertion, type VerifiedAssertion } from './relay-assertion.js';

export interface RelayDeps {
  db: Kysely<NodeDB>;
  identity: NodeIdentity;
  logger: Logger;
  /** Where the in-process DICOMweb app would spool uploads (the relay forwards GET only). */
  tmpDir: string;
}

interface Pending {
  scope: InstanceScope;
  baseUrl: string;
}

const HEADER = 'x-cie-relay';
const instancePath = /^\/studies\/[\d.]+\/series\/[\d.]+\/instances\/([\d.]+)$/;

/** The node's DICOMweb routes, private to the relay: scope and base URL come from the task. */
async function relayApp(deps: RelayDeps, pending: Map<string, Pending>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const of = (r: { headers: Record<string, unknown> }): Pending => {
    const p = pending.get(String(r.headers[HEADER]));
    if (!p) throw new CieError('FORBIDDEN', 'relay request without a checked assertion');
    return p;
  };
  await app.register(dicomwebPlugin, {
    db: deps.db,
    tmpDir: deps.tmpDir,
    store: {
      storeInstance: () => Promise.reject(new CieError('FORBIDDEN', 'the relay is read-only')),
    },
    scopeOf: (r) => of(r).scope,
    baseUrlOf: (r) => of(r).baseUrl,
  });
  await app.ready();
  return app;
}

export function registerRelayTask(client: TunnelClient, deps: RelayDeps): void {
  const pending = new Map<string, Pending>();
  const app = relayApp(deps, pending);
  client.registerTaskHandler(RELAY_TASK, async (raw, ctx) => {
    const parsed = relayPayloadSchema.safeParse(raw);
    if (!parsed.success) {
      throw new CieError(
        'BAD_REQUEST',
        `relay request refused: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
    const payload = parsed.data;
    ctx.signal.throwIfAborted(); // cancelled while waiting for its turn: not even a signature check
    let who: VerifiedAssertion;
    try {
      who = await verifyRelayAssertion(deps.db, deps.identity, payload.assertion, payload.dataset);
    } catch (err) {
      await audit(deps.db, {
        actor: 'hub',
        action: 'dicomweb.relay',
        outcome: 'denied',
        target: `dataset:${payload.dataset}`,
        details: { path: payload.path, reason: err instanceof Error ? err.message : String(err) },
      });
      throw err;
    }
    ctx.signal.throwIfAborted(); // the hub gave up already: read nothing
    const scope = await datasetScope(deps.db, payload.dataset);
    ctx.signal.throwIfAborted();
    const reply = await answer(await app, deps.db, pending, payload, scope, ctx);
    // Written while the answer streams (the refusals above are written before answering).
    audit(deps.db, {
      actor: `user:${who.userId}`,
      action: 'dicomweb.relay',
      target: `dataset:${payload.dataset}`,
      details: { path: payload.path, grant: who.grantId, status: reply.head.status },
    }).catch((err: unknown) =>
      deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'relay audit failed'),
    );
    return reply;
  });
}

async function answer(
  app: FastifyInstance,
  db: Kysely<NodeDB>,
  pending: Map<string, Pending>,
  p: RelayPayload,
  scope: InstanceScope,
  ctx: TaskContext,
): Promise<StreamReply> {
  const key = randomUUID();
  pending.set(key, { scope, baseUrl: p.baseUrl });
  // No `signal` for inject: light-my-request would destroy its response stream with an AbortError
  // before anyone listens to it (an uncaught 'error' that ended the node). A cancel instead ends
  // the injected response, which ends its body stream, whose reader sees the error.
  let res: Awaited<ReturnType<FastifyInstance['inject']>> | undefined;
  const stop = () => res?.raw.res.destroy();
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    res = await app.inject({
      method: 'GET',
      url: p.query ? `${p.path}?${p.query}` : p.path,
      headers: { [HEADER]: key, ...(p.accept ? { accept: p.accept } : {}) },
      payloadAsStream: true,
    });
    let body: Readable = res.stream();
    body.once('close', () => {
      pending.delete(key);
      ctx.signal.removeEventListener('abort', stop);
    });
    if (ctx.signal.aborted) stop();
    ctx.signal.throwIfAborted();
    const headers: Record<string, string> = {};
    for (const h of ['warning', 'content-location']) {
      const v = res.headers[h];
      if (v !== undefined) headers[h] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    const contentType = String(res.headers['content-type'] ?? 'application/octet-stream');
    const lengthHeader = res.headers['content-length'];
    let length = lengthHeader === undefined ? undefined : Number(lengthHeader);
    let status = res.statusCode;
    const sop = instancePath.exec(p.path)?.[1];
    if (status === 200 && sop && contentType.startsWith('application/dicom') && length !== undefined) {
      const row = await db
        .selectFrom('instance')
        .select('checksum')
        .where('sop_instance_uid', '=', sop)
        .executeTakeFirst();
      const etag = row ? `"${row.checksum}"` : undefined;
      if (row && etag) {
        headers.etag = etag;
        headers['x-cie-sha256'] = row.checksum;
      }
      headers['accept-ranges'] = 'bytes';
      const range = decideRange(p.range, length, p.ifRange, etag);
      if (range.kind === 'unsatisfiable') {
        body.destroy();
        return streamReply(
          { status: 416, contentType: 'application/json', headers: { 'content-range': `bytes */${length}` } },
          Buffer.from(
            JSON.stringify({
              error: { code: 'BAD_REQUEST', message: `range ${p.range} is outside the ${length} bytes` },
            }),
          ),
        );
      }
      if (range.kind === 'partial') {
        headers['content-range'] = `bytes ${range.start}-${range.end}/${length}`;
        body = sliceStream(body, range.start, range.end);
        status = 206;
        length = range.end - range.start + 1;
      }
    }
    return streamReply({ status, contentType, length, headers }, body);
  } catch (err) {
    stop();
    pending.delete(key);
    ctx.signal.removeEventListener('abort', stop);
    throw err;
  }
}
