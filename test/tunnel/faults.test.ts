/**
 * Tunnel faults end to end: a cut link mid-message, a dead (half-open) link, a slow link, a hub
 * restart. The node recovers by itself; in-flight tasks fail with a clear status; nothing hangs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHub, listNodesApi, waitFor, type TestHub } from '../support/tunnel-hub.js';
import { startTestNode, type TestNode } from '../support/node.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const ECHO = 'tunnel.echo';

describe('tunnel faults through a TCP proxy', () => {
  let hub: TestHub;
  let proxy: TcpProxy;
  let node: TestNode;
  // Fast heartbeats keep the test short; 250 ms (hub drops a link after 625 ms of silence) leaves
  // room for the 300 ms round trip of the slow-link case and for timer jitter on a busy machine.
  const settings = { heartbeatMs: 250 };

  before(async () => {
    hub = await startTestHub({ settings });
    proxy = await TcpProxy.start(hub.port);
    node = await startTestNode(hub, {
      hubUrl: proxy.url,
      tunnel: { backoff: { baseMs: 20, capMs: 200 }, handshakeTimeoutMs: 500 },
    });
  });
  after(async () => {
    await node.close();
    await proxy.close();
    await hub.close();
  });

  const reconnected = (since: number) =>
    waitFor(
      'the node to reconnect',
      () => node.client.connections > since && hub.tunnel.liveStatus(node.nodeId) !== undefined,
    );

  it('fails the task in flight when the link is cut mid-message, then reconnects by itself', async () => {
    const since = node.client.connections;
    proxy.cutAfterBytes('toClient', 3000);
    const t0 = Date.now();
    await assert.rejects(
      hub.tunnel.sendTask(node.nodeId, ECHO, { blob: 'x'.repeat(200_000) }, { deadlineMs: 10_000 }),
      {
        code: 'NODE_UNAVAILABLE',
        message: /connection to node \d+ was lost before the task finished/,
      },
    );
    assert.ok(Date.now() - t0 < 2000, 'the failure is reported at once, not at the deadline');
    await reconnected(since);
    assert.deepEqual(await hub.tunnel.sendTask(node.nodeId, ECHO, { after: 'cut' }), { after: 'cut' });
    assert.equal(hub.tunnel.liveStatus(node.nodeId)?.inFlight, 0);
  });

  it('detects a dead link by heartbeats on both sides, and recovers when it comes back', async () => {
    const since = node.client.connections;
    proxy.blackhole = true;
    const t0 = Date.now();
    await assert.rejects(hub.tunnel.sendTask(node.nodeId, ECHO, { n: 1 }, { deadlineMs: 10_000 }), {
      code: 'NODE_UNAVAILABLE',
    });
    const took = Date.now() - t0;
    assert.ok(took < 2000, `hub noticed the dead link after ${took} ms`);
    const [offline] = await listNodesApi(hub);
    assert.equal(offline?.online, false);
    proxy.blackhole = false;
    await reconnected(since);
    assert.deepEqual(await hub.tunnel.sendTask(node.nodeId, ECHO, 'back'), 'back');
  });

  it('shows a slow link in the RTT and fails tasks that cannot make their deadline', async () => {
    proxy.delayMs = 150;
    try {
      await waitFor(
        'RTT to reflect the delay',
        async () => ((await listNodesApi(hub))[0]?.rttMs ?? 0) >= 290,
      );
      await assert.rejects(hub.tunnel.sendTask(node.nodeId, ECHO, 'late', { deadlineMs: 200 }), {
        code: 'TIMEOUT',
      });
      assert.equal(await hub.tunnel.sendTask(node.nodeId, ECHO, 'in time', { deadlineMs: 2000 }), 'in time');
    } finally {
      proxy.delayMs = 0;
    }
  });

  it('survives a hub restart: tasks in flight fail, the node reconnects to the new hub process', async () => {
    await waitFor('node online', () => hub.tunnel.liveStatus(node.nodeId) !== undefined);
    const since = node.client.connections;
    // The expectation is attached at once, so the rejection during stop() is never unhandled.
    const failed = assert.rejects(
      hub.tunnel.sendTask(node.nodeId, ECHO, { delayMs: 5000 }, { deadlineMs: 10_000 }),
      { code: 'NODE_UNAVAILABLE', message: /close code 1012/ },
    );
    await waitFor('task in flight', () => hub.tunnel.liveStatus(node.nodeId)?.inFlight === 1);
    await hub.stop();
    await failed;
    // The same database, a new process on a new port behind the same address.
    hub = await startTestHub({ database: hub.database, settings });
    proxy.target = hub.port;
    await reconnected(since);
    const [listed] = await listNodesApi(hub);
    assert.equal(listed?.online, true);
    assert.equal(await hub.tunnel.sendTask(node.nodeId, ECHO, 'new hub'), 'new hub');
  });
});
