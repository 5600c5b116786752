/**
 * A hub for tunnel tests: a bare Fastify instance with the tunnel plugin on a random loopback
 * port, its own migrated test database, and a provider organisation to enrol nodes for.
 */
import { randomUUID, type webcrypto } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import WebSocket from 'ws';
import type { Database } from '../../src/db/database.js';
import type { HubDB } from '../../src/db/schema.js';
import { loadOrCreateHubKeys, type HubKeys } from '../../src/hub/nodes/hub-keys.js';
import type { AuditFn } from '../../src/hub/nodes/nodes.service.js';
import { TunnelHub, type TunnelHubOptions } from '../../src/hub/tunnel/tunnel.hub.js';
import { tunnelPlugin } from '../../src/hub/tunnel/tunnel.plugin.js';
import { createLogger } from '../../src/log.js';
import { openTestHubDb, type Backend } from './db.js';

export interface TestHub {
  app: FastifyInstance;
  url: string;
  port: number;
  tunnel: TunnelHub;
  hubKeys: HubKeys;
  database: Database<HubDB>;
  organisationId: number;
  audits: Parameters<AuditFn>[0][];
  /** Stop the HTTP server (the database stays open, as for a restarted hub process). */
  stop(): Promise<void>;
  /** Stop and close the database. */
  close(): Promise<void>;
}

export type HubSettings = Partial<Omit<TunnelHubOptions, 'db' | 'logger'>>;

export const quietLogger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

export async function startTestHub(
  opts: { backend?: Backend; database?: Database<HubDB>; port?: number; settings?: HubSettings } = {},
): Promise<TestHub> {
  const database = opts.database ?? (await openTestHubDb(opts.backend ?? 'pglite'));
  const db = database.db;
  const existing = await db
    .selectFrom('organisation')
    .select('id')
    .where('slug', '=', 'test-site')
    .executeTakeFirst();
  const organisationId = existing
    ? Number(existing.id)
    : Number(
        (
          await db
            .insertInto('organisation')
            .values({ slug: 'test-site', name: 'Test site', country: 'NO' })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
  const hubKeys = await loadOrCreateHubKeys(db);
  const tunnel = new TunnelHub({ db, logger: quietLogger, ...opts.settings });
  const audits: Parameters<AuditFn>[0][] = [];
  const app = Fastify({ logger: false });
  await app.register(tunnelPlugin, {
    db,
    hubKeys,
    tunnel,
    audit: (e) => {
      audits.push(e);
      return Promise.resolve();
    },
  });
  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const stop = () => app.close();
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    tunnel,
    hubKeys,
    database,
    organisationId,
    audits,
    stop,
    close: async () => {
      await stop();
      await database.close();
    },
  };
}

/** Issue an enrolment token through the admin API. */
export async function issueToken(hub: TestHub, ttlSeconds?: number): Promise<string> {
  const res = await fetch(`${hub.url}/api/v1/nodes/enrolment-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organisationId: hub.organisationId, ...(ttlSeconds ? { ttlSeconds } : {}) }),
  });
  if (res.status !== 201) throw new Error(`token: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export interface ListedNode {
  id: number;
  name: string;
  status: string;
  online: boolean;
  version: string | null;
  rttMs: number | null;
  lastSeen: string | null;
  inFlight: number;
}

export async function listNodesApi(hub: { url: string }): Promise<ListedNode[]> {
  const res = await fetch(`${hub.url}/api/v1/nodes`);
  return ((await res.json()) as { nodes: ListedNode[] }).nodes;
}

/** Poll until `check` is true (or fail after `timeoutMs`). */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A node enrolled through the API, driven by hand (raw WebSocket) for protocol tests. */
export interface RawNode {
  nodeId: number;
  privateKey: webcrypto.CryptoKey;
}

export async function enrolRawNode(hub: TestHub, name = 'raw'): Promise<RawNode> {
  const { privateKey, publicKey } = await generateKeyPair('Ed25519', { extractable: true });
  const res = await fetch(`${hub.url}/api/v1/nodes/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: await issueToken(hub), publicKey: await exportJWK(publicKey), name }),
  });
  if (res.status !== 201) throw new Error(`enrol: HTTP ${res.status} ${await res.text()}`);
  return { nodeId: ((await res.json()) as { nodeId: number }).nodeId, privateKey };
}

/** A node tunnel token; `claims` overrides what a well-behaved node would sign. */
export function nodeToken(
  hub: TestHub,
  node: RawNode,
  claims: { iat?: number; exp?: number; aud?: string; jti?: string; key?: webcrypto.CryptoKey } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA' })
    .setSubject(String(node.nodeId))
    .setAudience(claims.aud ?? hub.hubKeys.audience)
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + 60)
    .setJti(claims.jti ?? randomUUID())
    .sign(claims.key ?? node.privateKey);
}

/** Open the tunnel by hand: resolves with the socket, or rejects with the HTTP status refused. */
export function openRawTunnel(url: string, token: string, maxPayload?: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/nodes/tunnel`, {
      headers: { authorization: `Bearer ${token}` },
      ...(maxPayload ? { maxPayload } : {}),
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate();
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
    });
    ws.once('error', reject);
  });
}

/** The next message on a raw socket, parsed. */
export function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)),
  );
}

export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}
