/**
 * Benchmark of a federated search end to end: one hub (test hub with the real tunnel) and 36
 * nodes (the size of the first Cancer Image Europe release), each an in-process TunnelClient
 * over its own WebSocket with its own index (a seeded search fixture of 150 patients in its own
 * PostgreSQL schema, one connection each, so nodes execute in parallel database backends).
 *
 *   npx tsx bench/search-federation.ts [--nodes 36] [--runs 10] [--cached]
 *
 * For each query of the test table (answer cache emptied before each search unless --cached):
 * time from startSearch (what POST /api/v1/searches does) to the last node's result event, and
 * each node's own executor time (measured inside its task handler). Reports p50/p95 of the
 * end-to-end time, of the slowest node's own time per search, and of their ratio; then the same
 * with one more node that is connected but never answers ("dead"): the time to the last live
 * result must not change, and the dead node ends as timed_out at the deadline.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import type { NodeDB } from '../src/db/schema.js';
import { hubAuditSink } from '../src/hub/search/audit-sink.js';
import { SearchBroker } from '../src/hub/search/search-broker.service.js';
import { tunnelNodeDispatcher } from '../src/hub/search/tunnel-dispatcher.js';
import { wholeIndexCollections } from '../src/node/search/collections.js';
import { searchTaskHandler } from '../src/node/search/search.service.js';
import { joinHub } from '../src/node/tunnel/node-tunnel.service.js';
import type { TunnelClient } from '../src/node/tunnel/tunnel.client.js';
import { generateSearchFixture, insertSearchFixture } from '../test/support/search-fixture.js';
import { searchQueryTable } from '../test/support/search-queries.js';
import { issueToken, quietLogger, startTestHub, waitFor } from '../test/support/tunnel-hub.js';
import { SEARCH_TASK } from '../src/model/search-answer.js';

const argValue = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const NODES = argValue('--nodes', 36);
const RUNS = argValue('--runs', 10);
const CACHED = process.argv.includes('--cached');
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const prefix = `bench_fed_${randomBytes(3).toString('hex')}`;

interface BenchNode {
  nodeId: number;
  client: TunnelClient;
  db: Kysely<NodeDB>;
  /** Own executor time (ms) of the last search this node answered, by search payload. */
  lastMs: number;
  close(): Promise<void>;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

const hub = await startTestHub();
const dir = mkdtempSync(join(tmpdir(), 'cie-bench-fed-'));

async function startNode(i: number, dead: boolean): Promise<BenchNode> {
  const schema = `${prefix}_${i}`;
  const migrated = await openDatabase<NodeDB>({
    role: 'node',
    name: schema,
    dataDir: '',
    databaseUrl: url,
    schema,
  });
  await migrated.close();
  const db = new Kysely<NodeDB>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` }),
    }),
  });
  if (!dead) await insertSearchFixture(db, generateSearchFixture(1000 + i, 150));
  const { identity, client } = await joinHub({
    db,
    keyFile: join(dir, `node-${i}.jwk`),
    logger: quietLogger,
    hubUrl: hub.url,
    enrolToken: await issueToken(hub),
    name: dead ? 'dead' : `site-${i}`,
    tunnel: { backoff: { baseMs: 20, capMs: 200 } },
  });
  const node: BenchNode = {
    nodeId: identity.nodeId,
    client,
    db,
    lastMs: 0,
    close: async () => {
      await client.stop();
      await db.destroy();
    },
  };
  const handle = searchTaskHandler({
    db,
    provider: `site-${i}`,
    privacy: { threshold: 10, roundTo: 10 },
    collections: wholeIndexCollections(`site-${i}`),
  });
  client.registerTaskHandler(SEARCH_TASK, async (payload) => {
    if (dead) return new Promise<never>(() => undefined);
    const t = performance.now();
    const answer = await handle(payload);
    node.lastMs = performance.now() - t;
    return answer;
  });
  const connected = new Promise((resolve) => client.once('connected', resolve));
  client.start();
  await connected;
  return node;
}

const t0 = performance.now();
const nodes: BenchNode[] = [];
for (let i = 0; i < NODES; i++) nodes.push(await startNode(i, false));
console.log(
  `${NODES} nodes enrolled, indexed and connected in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const broker = new SearchBroker({
  db: hub.database.db,
  dispatcher: tunnelNodeDispatcher(hub.database.db, hub.tunnel),
  audit: hubAuditSink(hub.database.db),
  defaultDeadlineMs: 10_000,
});

interface Round {
  endToEnd: number[];
  slowestNode: number[];
  ratio: number[];
}

async function round(live: BenchNode[], deadlineMs: number, runs = RUNS): Promise<Round> {
  const r: Round = { endToEnd: [], slowestNode: [], ratio: [] };
  for (const { query } of searchQueryTable) {
    for (let run = 0; run < runs; run++) {
      if (!CACHED) await Promise.all(live.map((n) => sql`delete from search_answer_cache`.execute(n.db)));
      const liveIds = new Set(live.map((n) => n.nodeId));
      const t = performance.now();
      const { id } = await broker.startSearch(1, { query, deadlineMs });
      let last = 0;
      for await (const e of broker.events(1, id)) {
        if (e.type !== 'node') continue;
        if (e.node.state !== 'answered' && liveIds.has(e.node.node_id))
          throw new Error(`${e.node.node_name}: ${e.node.state} ${e.node.reason ?? ''}`);
        if (liveIds.delete(e.node.node_id) && liveIds.size === 0) {
          last = performance.now() - t;
          break;
        }
      }
      const slowest = Math.max(...live.map((n) => n.lastMs));
      r.endToEnd.push(last);
      r.slowestNode.push(slowest);
      r.ratio.push(last / slowest);
    }
  }
  return r;
}

function report(label: string, r: Round): void {
  const f = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(1)}, p95 ${percentile(xs, 95).toFixed(1)}`;
  const withinTarget = r.endToEnd.filter((e, i) => e <= 1.5 * (r.slowestNode[i] ?? 0) + 50).length;
  console.log(`${label}: end-to-end (POST to last live result) ms ${f(r.endToEnd)}`);
  console.log(`${label}: slowest node's own executor time ms ${f(r.slowestNode)}; ratio ${f(r.ratio)}`);
  console.log(
    `${label}: searches within 1.5 x slowest + 50 ms: ${withinTarget}/${r.endToEnd.length}; ` +
      `load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
  );
}

try {
  await round(nodes, 10_000, 1); // warm-up
  const base = await round(nodes, 10_000);
  report(`${NODES} nodes${CACHED ? ' (cached answers)' : ''}`, base);
  const dead = await startNode(NODES, true);
  await waitFor('dead node online', () => hub.tunnel.onlineNodes().some((n) => n.nodeId === dead.nodeId));
  const withDead = await round(nodes, 3_000);
  report(`${NODES} nodes + 1 dead`, withDead);
  await dead.close();
} finally {
  broker.close();
  for (const n of nodes) await n.close();
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  for (let i = 0; i <= NODES; i++) await admin.query(`drop schema if exists ${prefix}_${i} cascade`);
  await admin.end();
}
