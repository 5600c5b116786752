/**
 * No client can end a hub or node process. A hub and its node run in a child process (as in
 * `cie demo`) under --unhandled-rejections=strict; from outside, a grantee abandons thousands of
 * relay retrievals at random points (before the headers, as they arrive, mid-body, between the
 * parts of a multipart answer), users cancel or drop searches, and the tunnel is cut while relay
 * streams, searches and the catalogue's dataset tasks are in flight. The process stays up and
 * keeps answering correctly; tasks in flight, open files and sockets, active handles and heap
 * return to their baseline; no process warning (MaxListenersExceededWarning…) appears; no
 * dataset record is lost.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  abandonedGet,
  abandonedSearch,
  completeSearch,
  fullGet,
  relayTargets,
  type AbortPoint,
} from '../support/abort-client.js';
import { startStormSite, type SiteStats, type StormSite } from '../support/storm-site.js';

const points: AbortPoint[] = ['before-headers', 'at-headers', 'mid-body', 'mid-multipart'];
const RELAY_ABORTS = 1500;
const SEARCHES = 200;
const CONCURRENCY = 32;

/** A deterministic generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function pool(n: number, concurrency: number, one: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) await one(i);
    }),
  );
}

/** Whether `now` is back at `base`: fds, handles of each kind, heap (after GC). */
function problems(now: SiteStats, base: SiteStats): string[] {
  const out: string[] = [];
  if (now.inFlight !== 0) out.push(`${now.inFlight} tasks in flight`);
  if (now.fds > base.fds + 4) out.push(`open fds ${now.fds} vs ${base.fds} before the storm`);
  for (const [kind, n] of Object.entries(now.resources)) {
    const before = base.resources[kind] ?? 0;
    if (n > before + 3) out.push(`${kind}: ${n} vs ${before} before the storm`);
  }
  const grown = (now.heapUsed - base.heapUsed) / 2 ** 20;
  if (grown > 24) out.push(`heap grew by ${grown.toFixed(1)} MiB`);
  return out;
}

/** Stats once the site is back at `base` (closing sockets and finishing tasks take a moment). */
async function settled(site: StormSite, base?: SiteStats): Promise<SiteStats> {
  const until = Date.now() + 20_000;
  for (;;) {
    const s = await site.stats();
    const done = base ? problems(s, base).length === 0 : s.inFlight === 0;
    if (done || Date.now() > until) return s;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a storm of aborted requests, cancelled searches and tunnel cuts', () => {
  let site: StormSite;
  let baseline: SiteStats;
  /** What complete answers look like before the storm (status and bytes per target). */
  const expected = new Map<string, { status: number; bytes: number }>();

  before(async () => {
    site = await startStormSite();
    for (const t of relayTargets(site.info)) expected.set(t.path, await fullGet(site.info, t));
    await completeSearch(site.info);
    await site.sync();
    // Warm every path once more, so that lazily loaded code and caches are in the baseline.
    await pool(40, 8, (i) =>
      abandonedGet(
        site.info,
        relayTargets(site.info)[i % 6] ?? { path: '/', accept: '' },
        points[i % 4] ?? 'at-headers',
        0.5,
      ),
    );
    baseline = await settled(site);
  });
  after(async () => {
    await site.close();
  });

  const stillServes = async () => {
    assert.equal(site.child.exitCode, null, 'the hub and node process is up');
    for (const t of relayTargets(site.info)) {
      assert.deepEqual(await fullGet(site.info, t), expected.get(t.path), `${t.path} answers as before`);
    }
    assert.match(await completeSearch(site.info), /event: done/);
  };

  it('survives thousands of relay retrievals abandoned at random points', async () => {
    const r = rng(13);
    const targets = relayTargets(site.info);
    const seen = new Map<AbortPoint, number>();
    await pool(RELAY_ABORTS, CONCURRENCY, async () => {
      const target = targets[Math.floor(r() * targets.length)] ?? targets[0];
      const point = points[Math.floor(r() * points.length)] ?? 'before-headers';
      if (!target) return;
      await abandonedGet(site.info, target, point, r());
      seen.set(point, (seen.get(point) ?? 0) + 1);
    });
    assert.equal(seen.size, points.length);
    await stillServes();
  });

  it('survives searches cancelled at once or dropped while their answers stream', async () => {
    const r = rng(7);
    await pool(SEARCHES, 16, () =>
      abandonedSearch(site.info, r() < 0.5 ? 'cancel' : 'drop-events', r() * 40),
    );
    await stillServes();
  });

  it('survives tunnel cuts in the middle of relay streams, searches and dataset tasks, losing no record', async () => {
    const r = rng(3);
    const targets = relayTargets(site.info);
    for (let cut = 0; cut < 4; cut++) {
      const traffic = [
        pool(24, 12, () =>
          abandonedGet(site.info, targets[Math.floor(r() * 2)] ?? targets[0]!, 'mid-body', 0.9),
        ),
        pool(6, 6, () => completeSearch(site.info).catch(() => '')),
        site.sync().catch(() => undefined),
      ];
      await new Promise((res) => setTimeout(res, 5 + r() * 40));
      await site.cut();
      await Promise.all(traffic);
    }
    const synced = await site.sync();
    assert.equal(synced.refused, 0);
    assert.equal(await site.outbox(), 0, 'every dataset record reached the catalogue after the cuts');
    await stillServes();
  });

  it('returns to its baseline: nothing in flight, no leaked files, sockets, handles or heap, no warning', async () => {
    const now = await settled(site, baseline);
    assert.deepEqual(now.warnings, [], 'no process warning');
    assert.deepEqual(problems(now, baseline), [], 'back to the baseline');
  });
});
