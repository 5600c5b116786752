import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { TcpProxy } from '../../../test/support/tcp-proxy.js';
import { startTestNode, type TestNode } from '../../../test/support/node.js';
import {
  enrolRawNode,
  nextMessage,
  nodeToken,
  openRawTunnel,
  startTestHub,
  waitFor,
  type TestHub,
} from '../../../test/support/tunnel-hub.js';
import { streamReply } from '../../node/tunnel/outgoing-stream.js';

const MiB = 1024 * 1024;

/** Deterministic bytes, 64 KiB at a time; `produced` counts what the node has read so far. */
function source(totalBytes: number, meter: { produced: number; destroyed: boolean }): Readable {
  let offset = 0;
  return new Readable({
    highWaterMark: 64 * 1024,
    read() {
      if (offset >= totalBytes) return void this.push(null);
      const n = Math.min(64 * 1024, totalBytes - offset);
      // Each 64 KiB piece differs (fill byte and its offset up front): reordering shows in the hash.
      const buf = Buffer.alloc(n, (offset >>> 16) & 0xff);
      if (n >= 4) buf.writeUInt32BE(offset >>> 0, 0);
      offset += n;
      meter.produced += n;
      this.push(buf);
    },
    destroy(err, cb) {
      meter.destroyed = true;
      cb(err);
    },
  });
}

function expectedHash(totalBytes: number): string {
  const h = createHash('sha256');
  const m = { produced: 0, destroyed: false };
  const s = source(totalBytes, m);
  let chunk: Buffer | null;
  while ((chunk = s.read() as Buffer | null) !== null) h.update(chunk);
  return h.digest('hex');
}

async function hashOf(body: Readable): Promise<{ hash: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const c of body) {
    h.update(c as Buffer);
    bytes += (c as Buffer).length;
  }
  return { hash: h.digest('hex'), bytes };
}

describe('tunnel streams: integrity, backpressure, cancel, loss and interleaving', () => {
  let hub: TestHub;
  let proxy: TcpProxy;
  let node: TestNode;
  const meters = new Map<string, { produced: number; destroyed: boolean; aborted: boolean }>();
  before(async () => {
    hub = await startTestHub({ settings: { heartbeatMs: 5000 } });
    proxy = await TcpProxy.start(hub.port);
    node = await startTestNode(hub, { hubUrl: proxy.url });
    node.client.registerTaskHandler('test.stream', (payload, ctx) => {
      const { bytes, tag } = payload as { bytes: number; tag: string };
      const meter = { produced: 0, destroyed: false, aborted: false };
      meters.set(tag, meter);
      ctx.signal.addEventListener('abort', () => (meter.aborted = true));
      return Promise.resolve(
        streamReply(
          { status: 200, contentType: 'application/octet-stream', length: bytes },
          source(bytes, meter),
        ),
      );
    });
  });
  after(async () => {
    await node.close();
    await proxy.close();
    await hub.close();
  });

  it('delivers a 16 MiB stream intact (SHA-256) with its head', async () => {
    const s = await hub.tunnel.sendStreamTask(node.nodeId, 'test.stream', {
      bytes: 16 * MiB + 123,
      tag: 'big',
    });
    assert.equal(s.status, 200);
    assert.equal(s.contentType, 'application/octet-stream');
    assert.equal(s.length, 16 * MiB + 123);
    const got = await hashOf(s.body);
    assert.equal(got.bytes, 16 * MiB + 123);
    assert.equal(got.hash, expectedHash(16 * MiB + 123));
    await waitFor('slot freed', () => hub.tunnel.liveStatus(node.nodeId)?.inFlight === 0);
  });

  it('pauses the node while the consumer does not read (bounded memory), then resumes', async () => {
    const total = 64 * MiB;
    const s = await hub.tunnel.sendStreamTask(node.nodeId, 'test.stream', { bytes: total, tag: 'slow' });
    await sleep(400);
    const meter = meters.get('slow');
    assert.ok(meter);
    // Initial window (8 chunks of 1 MiB) + the hub's 1 MiB buffer + one chunk being assembled
    // + the source's own read-ahead: far below the 100 MiB a sender without credit would push.
    assert.ok(meter.produced <= 12 * MiB, `node read ${meter.produced} bytes while nobody consumed`);
    const before = meter.produced;
    await sleep(300);
    assert.equal(meter.produced, before, 'the node kept reading without credit');
    const got = await hashOf(s.body);
    assert.equal(got.bytes, total);
  });

  it('cancels at the node when the consumer gives up mid-stream', async () => {
    const s = await hub.tunnel.sendStreamTask(node.nodeId, 'test.stream', {
      bytes: 200 * MiB,
      tag: 'cancel',
    });
    let read = 0;
    for await (const c of s.body) {
      read += (c as Buffer).length;
      if (read > 3 * MiB) break; // destroys the body
    }
    const meter = meters.get('cancel');
    assert.ok(meter);
    await waitFor('node aborted the stream', () => meter.aborted && meter.destroyed);
    await waitFor('hub slot freed', () => hub.tunnel.liveStatus(node.nodeId)?.inFlight === 0);
    assert.ok(meter.produced < 20 * MiB);
    // The tunnel still works.
    assert.deepEqual(await hub.tunnel.sendTask(node.nodeId, 'tunnel.echo', { ok: 1 }), { ok: 1 });
  });

  it('runs plain tasks and a second stream while a stream waits for credit', async () => {
    const stalled = await hub.tunnel.sendStreamTask(node.nodeId, 'test.stream', {
      bytes: 20 * MiB,
      tag: 'stalled',
    });
    const t0 = Date.now();
    const echoes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => hub.tunnel.sendTask(node.nodeId, 'tunnel.echo', { i })),
    );
    assert.equal(echoes.length, 20);
    assert.ok(Date.now() - t0 < 2000, 'echo tasks were held up by the stalled stream');
    const second = await hub.tunnel.sendStreamTask(node.nodeId, 'test.stream', {
      bytes: 5 * MiB,
      tag: 'second',
    });
    assert.equal((await hashOf(second.body)).hash, expectedHash(5 * MiB));
    assert.equal((await hashOf(stalled.body)).hash, expectedHash(20 * MiB));
  });

  it('fails the stream with NODE_UNAVAILABLE when the connection is lost mid-stream', async () => {
    const s = await hub.tunnel.sendStreamTask(node.nodeId, 'test.stream', { bytes: 100 * MiB, tag: 'lost' });
    const reading = hashOf(s.body);
    await sleep(50);
    proxy.cutAll();
    await assert.rejects(reading, { code: 'NODE_UNAVAILABLE' });
    const meter = meters.get('lost');
    assert.ok(meter);
    await waitFor('node aborted the stream', () => meter.aborted);
    await waitFor('node reconnected', () => hub.tunnel.liveStatus(node.nodeId) !== undefined);
  });

  it('keeps v1 nodes (no "stream" feature) on plain results', async () => {
    const raw = await enrolRawNode(hub, 'v1');
    const ws = await openRawTunnel(hub.url, await nodeToken(hub, raw));
    ws.send(
      JSON.stringify({
        v: 1,
        type: 'hello',
        id: 'h',
        versions: [1],
        nodeVersion: 'old',
        capabilities: [],
        maxInFlight: 2,
      }),
    );
    const welcome = await nextMessage(ws);
    assert.deepEqual(welcome.capabilities, ['cancel']);
    await assert.rejects(hub.tunnel.sendStreamTask(raw.nodeId, 'test.stream', {}), {
      code: 'NODE_UNAVAILABLE',
      message: /without streamed results/,
    });
    ws.close();
  });
});
