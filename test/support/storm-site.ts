/**
 * A hub and its node in a process of their own (as `cie demo` runs them), for tests and benches
 * that attack it from outside: the relay world with searches and the catalogue's dataset tasks,
 * the node's tunnel through a TCP proxy that can be cut. Start it with `startStormSite()`; it
 * runs under --unhandled-rejections=strict and --expose-gc, and answers over IPC:
 * `stats` (open fds, active handles, heap after GC, tasks in flight, process warnings),
 * `cut` (cut the tunnel, resolve once the node is back), `sync` (queue both datasets' records
 * and pull them into the catalogue), `outbox` (records still queued at the node).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { CatalogueNodeSync } from '../../src/hub/catalogue/node-sync.service.js';
import { enqueuePush, pendingPushes } from '../../src/node/datasets/dataset.repository.js';

export interface SiteStats {
  fds: number;
  /** process.getActiveResourcesInfo() counted by kind. */
  resources: Record<string, number>;
  heapUsed: number;
  /** Tasks the hub has in flight at the node (running and streaming). */
  inFlight: number;
  warnings: string[];
}

export interface SiteInfo {
  url: string;
  token: string;
  slug: string;
  studies: string[];
  /** [study, series, sop] of dataset a's instances. */
  instances: [string, string, string][];
}

type Request = { id: number; op: 'stats' | 'cut' | 'sync' | 'outbox' | 'close' };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export interface StormSite {
  info: SiteInfo;
  child: ChildProcess;
  stats(): Promise<SiteStats>;
  cut(): Promise<void>;
  sync(): Promise<{ stored: number; refused: number }>;
  outbox(): Promise<number>;
  /** Close the site cleanly; resolves with the exit code. */
  close(): Promise<number | null>;
}

/** Start the site in a child process. */
export async function startStormSite(): Promise<StormSite> {
  const child = fork(new URL(import.meta.url).pathname, ['--child'], {
    execArgv: ['--expose-gc', '--unhandled-rejections=strict', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const info = await new Promise<SiteInfo>((resolve, reject) => {
    child.once('message', (m) => resolve(m as SiteInfo));
    child.once('exit', (code) => reject(new Error(`the site process ended (${code}) before it was ready`)));
  });
  child.on('message', (m) => {
    const r = m as Reply;
    const w = waiting.get(r.id);
    waiting.delete(r.id);
    if (r.ok) w?.resolve(r.value);
    else w?.reject(new Error(r.error));
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`the site process ended (${code})`));
    waiting.clear();
  });
  const ask = <T>(op: Request['op']): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op } satisfies Request);
    });
  return {
    info,
    child,
    stats: () => ask('stats'),
    cut: () => ask('cut'),
    sync: () => ask('sync'),
    outbox: () => ask('outbox'),
    close: async () => {
      if (child.exitCode === null) await ask('close').catch(() => undefined);
      return exit;
    },
  };
}

async function runSite(): Promise<void> {
  const { startRelayWorld } = await import('./relay-world.js');
  const { quietLogger, waitFor } = await import('./tunnel-hub.js');
  const warnings: string[] = [];
  process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`));
  const w = await startRelayWorld({
    seriesPerStudy: 2,
    instancesPerSeries: 4,
    config: { searchesPerHour: 0 },
    tunnelProxy: true,
    siteTasks: true,
  });
  const user = await w.newUser();
  await w.grant(user.id, w.entries.a.id);
  const org = await w.hub.db.selectFrom('organisation').select('id').executeTakeFirstOrThrow();
  const sync = new CatalogueNodeSync({ db: w.hub.db, tunnel: w.tunnel.tunnel, logger: quietLogger });
  const rows = await w.node.db
    .selectFrom('instance as i')
    .innerJoin('series as se', 'se.id', 'i.series_id')
    .innerJoin('study as st', 'st.id', 'se.study_id')
    .select(['st.study_uid', 'se.series_uid', 'i.sop_instance_uid'])
    .where('st.study_uid', 'in', w.studies.a)
    .execute();
  const nodeId = w.identity.nodeId;
  const gc = (globalThis as { gc?: () => void }).gc;

  const ops: Record<Request['op'], () => Promise<unknown>> = {
    stats: () => {
      // Idle keep-alive connections of the test's own clients are not the site's to account for.
      w.app.server.closeIdleConnections();
      gc?.();
      gc?.();
      const resources: Record<string, number> = {};
      for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
      return Promise.resolve({
        fds: readdirSync('/proc/self/fd').length,
        resources,
        heapUsed: process.memoryUsage().heapUsed,
        inFlight: w.tunnel.tunnel.liveStatus(nodeId)?.inFlight ?? -1,
        warnings,
      } satisfies SiteStats);
    },
    cut: async () => {
      const since = w.client.connections;
      w.proxy?.cutAll();
      await waitFor(
        'the node to reconnect',
        () => w.client.connections > since && w.tunnel.tunnel.liveStatus(nodeId) !== undefined,
        30_000,
      );
    },
    sync: async () => {
      for (const d of await w.node.db.selectFrom('dataset').select(['id', 'revision']).execute())
        await enqueuePush(w.node.db, d.id, d.revision, 'storm');
      return sync.syncNode(nodeId, Number(org.id));
    },
    outbox: async () => (await pendingPushes(w.node.db)).length,
    close: async () => {
      await sync.stop();
      await w.close();
      setImmediate(() => process.exit(0));
    },
  };
  process.on('message', (m) => {
    const { id, op } = m as Request;
    ops[op]().then(
      (value) => process.send?.({ id, ok: true, value: value ?? null } satisfies Reply),
      (err: unknown) => process.send?.({ id, ok: false, error: String(err) } satisfies Reply),
    );
  });
  process.send?.({
    url: w.url,
    token: user.token,
    slug: w.entries.a.slug,
    studies: w.studies.a,
    instances: rows.map((r) => [r.study_uid, r.series_uid, r.sop_instance_uid]),
  } satisfies SiteInfo);
}

if (process.argv.includes('--child')) await runSite();
