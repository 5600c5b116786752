/**
 * Tunnel benchmark: round trip of an echo task hub → node → hub at 1, 10 and 100 concurrent tasks,
 * beside a plain HTTP request/response on the same machine (node:http echo server + fetch with
 * keep-alive); then the hub's memory per connected node with 100 simulated nodes (in a child
 * process, so only the hub's side is measured).
 *
 *   node --expose-gc --import tsx bench/tunnel.ts [--ops 2000]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Fastify from 'fastify';
import { openDatabase } from '../src/db/database.js';
import type { HubDB, NodeDB } from '../src/db/schema.js';
import { loadOrCreateHubKeys } from '../src/hub/nodes/hub-keys.js';
import { issueEnrolmentToken } from '../src/hub/nodes/nodes.service.js';
import { TunnelHub } from '../src/hub/tunnel/tunnel.hub.js';
import { tunnelPlugin } from '../src/hub/tunnel/tunnel.plugin.js';
import { createLogger } from '../src/log.js';
import { joinHub } from '../src/node/tunnel/node-tunnel.service.js';

const opsArg = process.argv.indexOf('--ops');
const OPS = opsArg > 0 ? Number(process.argv[opsArg + 1]) : 2000;
const LEVELS = [1, 10, 100];
const logger = createLogger('silent');
const payload = { probe: 'x'.repeat(100) };

async function startHub() {
  const database = await openDatabase<HubDB>({ role: 'hub', name: 'hub', dataDir: '', memory: {} });
  const db = database.db;
  const org = await db
    .insertInto('organisation')
    .values({ slug: 'bench', name: 'Bench', country: 'NO' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const hubKeys = await loadOrCreateHubKeys(db);
  const tunnel = new TunnelHub({ db, logger, maxInFlight: 256, maxQueued: 1024 });
  const app = Fastify({ logger: false });
  await app.register(tunnelPlugin, { db, hubKeys, tunnel });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const a = app.server.address();
  if (!a || typeof a === 'string') throw new Error('no address');
  return { database, app, tunnel, url: `http://127.0.0.1:${a.port}`, organisationId: Number(org.id) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Run `ops` calls with `concurrency` workers; per-call latencies in ms, sorted. */
async function measure(concurrency: number, ops: number, call: () => Promise<unknown>): Promise<number[]> {
  const lat: number[] = [];
  let left = ops;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) {
        const t0 = performance.now();
        await call();
        lat.push(performance.now() - t0);
      }
    }),
  );
  return lat.sort((a, b) => a - b);
}

async function roundTrips(): Promise<void> {
  const hub = await startHub();
  const dir = mkdtempSync(join(tmpdir(), 'cie-bench-'));
  const nodeDb = await openDatabase<NodeDB>({ role: 'node', name: 'node', dataDir: '', memory: {} });
  const { token } = await issueEnrolmentToken(hub.database.db, {
    organisationId: hub.organisationId,
    ttlSeconds: 600,
  });
  const { identity, client } = await joinHub({
    db: nodeDb.db,
    keyFile: join(dir, 'node-key.jwk'),
    logger,
    hubUrl: hub.url,
    enrolToken: token,
    tunnel: { maxInFlight: 256 },
  });
  await new Promise<void>((resolve) => {
    client.once('connected', () => resolve());
    client.start();
  });

  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const addr = http.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  const httpUrl = `http://127.0.0.1:${addr.port}/echo`;
  const body = JSON.stringify(payload);
  const viaHttp = async () => {
    const res = await fetch(httpUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    await res.json();
  };
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const viaNodeHttp = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        httpUrl,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            JSON.parse(Buffer.concat(chunks).toString());
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const viaTunnel = () =>
    hub.tunnel.sendTask(identity.nodeId, 'tunnel.echo', payload, { deadlineMs: 30_000 });

  // Warm-up (JIT, connection pools).
  await measure(10, 200, viaHttp);
  await measure(10, 200, viaNodeHttp);
  await measure(10, 200, viaTunnel);

  console.log(
    `Round trip of a ${body.length}-byte echo, ${OPS} calls per level, ms (ratio = tunnel / http.request)`,
  );
  console.log(
    'conc. | http.request p50   p99 | fetch p50   p99 | tunnel p50   p99 | ratio p50  p99 | tunnel ops/s',
  );
  const f = (n: number, w = 7) => n.toFixed(2).padStart(w);
  for (const c of LEVELS) {
    const t0 = performance.now();
    const tun = await measure(c, OPS, viaTunnel);
    const tunOps = OPS / ((performance.now() - t0) / 1000);
    const base = await measure(c, OPS, viaNodeHttp);
    const fet = await measure(c, OPS, viaHttp);
    const [bp50, bp99] = [percentile(base, 50), percentile(base, 99)];
    const [tp50, tp99] = [percentile(tun, 50), percentile(tun, 99)];
    console.log(
      `${String(c).padStart(5)} | ${f(bp50, 16)} ${f(bp99)} | ${f(percentile(fet, 50), 9)} ${f(percentile(fet, 99))} | ${f(tp50, 10)} ${f(tp99)} | ${f(tp50 / bp50, 8)}× ${f(tp99 / bp99, 5)}× | ${tunOps.toFixed(0).padStart(12)}`,
    );
  }
  agent.destroy();
  await client.stop();
  await hub.app.close();
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await nodeDb.close();
  await hub.database.close();
  rmSync(dir, { recursive: true, force: true });
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

function snapshot() {
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss, external: m.external + m.arrayBuffers };
}

async function memoryPerNode(n: number): Promise<void> {
  const hub = await startHub();
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    tokens.push(
      (await issueEnrolmentToken(hub.database.db, { organisationId: hub.organisationId, ttlSeconds: 600 }))
        .token,
    );
  }
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'tunnel-nodes.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const out = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  child.stdin.write(`${JSON.stringify({ hubUrl: hub.url, tokens })}\n`);
  if ((await out.next()).value !== 'enrolled') throw new Error('simulated nodes did not enrol');
  await new Promise((r) => setTimeout(r, 500));
  const before = snapshot();
  child.stdin.write('go\n');
  if ((await out.next()).value !== 'ready') throw new Error('simulated nodes did not connect');
  await new Promise((r) => setTimeout(r, 1000));
  const after = snapshot();
  const online = hub.tunnel.onlineNodes().length;
  const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
  console.log(
    `\nHub memory with ${online} connected nodes (delta over the same hub with ${n} enrolled, unconnected nodes)`,
  );
  console.log(
    `  heap used: ${kib(after.heap - before.heap)} total, ${kib((after.heap - before.heap) / online)} per node`,
  );
  console.log(
    `  RSS:       ${kib(after.rss - before.rss)} total, ${kib((after.rss - before.rss) / online)} per node`,
  );
  console.log(`  external:  ${kib(after.external - before.external)} total (socket buffers)`);
  if (!(globalThis as { gc?: unknown }).gc) console.log('  (run with --expose-gc for stable heap figures)');
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  await hub.app.close();
  await hub.database.close();
}

await roundTrips();
await memoryPerNode(100);
