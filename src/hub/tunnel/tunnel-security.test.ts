import assert from 'node:assert/strict';
import { generateKeyPair } from 'jose';
import { after, before, describe, it } from 'node:test';
import { closeCodes } from '../../model/tunnel-protocol.js';
import {
  closed,
  enrolRawNode,
  nextMessage,
  nodeToken,
  openRawTunnel,
  startTestHub,
  waitFor,
  type RawNode,
  type TestHub,
} from '../../../test/support/tunnel-hub.js';

const hello = {
  v: 1,
  type: 'hello',
  id: 'h1',
  versions: [1],
  nodeVersion: 'raw',
  capabilities: [],
  maxInFlight: 4,
};

describe('tunnel authentication and frame checks', () => {
  let hub: TestHub;
  let node: RawNode;
  before(async () => {
    hub = await startTestHub({
      settings: { maxFrameBytes: 64 * 1024, malformedLimit: 3, heartbeatMs: 60_000 },
    });
    node = await enrolRawNode(hub);
  });
  after(() => hub.close());

  const refusedWith = async (token: string, status: number, message: RegExp) => {
    await assert.rejects(openRawTunnel(hub.url, token), { status });
    assert.match(String(hub.audits.at(-1)?.details?.reason), message);
  };

  it('accepts a fresh token signed by the enrolled key', async () => {
    const ws = await openRawTunnel(hub.url, await nodeToken(hub, node));
    ws.send(JSON.stringify(hello));
    const welcome = await nextMessage(ws);
    assert.equal(welcome.type, 'welcome');
    assert.equal(welcome.nodeId, node.nodeId);
    ws.close();
    await closed(ws);
  });

  it('refuses a token signed with another key (forged)', async () => {
    const { privateKey } = await generateKeyPair('Ed25519');
    await refusedWith(await nodeToken(hub, node, { key: privateKey }), 401, /signature verification failed/);
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refusedWith(await nodeToken(hub, node, { iat: now - 200, exp: now - 100 }), 401, /"exp" claim/);
  });

  it('refuses a token meant for another hub', async () => {
    await refusedWith(await nodeToken(hub, node, { aud: 'urn:cie:hub:other' }), 401, /"aud" claim/);
  });

  it('refuses a token that lives longer than the hub allows', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refusedWith(await nodeToken(hub, node, { iat: now, exp: now + 3600 }), 401, /lifetime over/);
  });

  it('refuses a replayed token, even after the first connection ended', async () => {
    const token = await nodeToken(hub, node);
    const ws = await openRawTunnel(hub.url, token);
    ws.close();
    await closed(ws);
    await refusedWith(token, 401, /already used \(replay\)/);
  });

  it('refuses a connection without a token and with garbage as a token', async () => {
    await assert.rejects(openRawTunnel(hub.url, ''), { status: 401 });
    await refusedWith('not.a.jwt', 401, /not a JWT/);
  });

  it('answers malformed frames with an error and disconnects a node that keeps sending them', async () => {
    const ws = await openRawTunnel(hub.url, await nodeToken(hub, node));
    ws.send(JSON.stringify(hello));
    await nextMessage(ws);
    const bye = closed(ws);
    ws.send('this is not json');
    const err = await nextMessage(ws);
    assert.equal(err.type, 'error');
    assert.match(String(err.message), /not valid JSON/);
    ws.send(JSON.stringify({ v: 1, type: 'result', id: 'x', ok: 'maybe' }));
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    const { code, reason } = await bye;
    assert.equal(code, closeCodes.protocolViolation);
    assert.match(reason, /malformed/);
    await waitFor('node offline', () => hub.tunnel.onlineNodes().length === 0);
  });

  it('closes a connection that sends a frame over the size limit (1009), and the node can come back', async () => {
    const ws = await openRawTunnel(hub.url, await nodeToken(hub, node));
    ws.send(JSON.stringify(hello));
    await nextMessage(ws);
    const bye = closed(ws);
    ws.send(JSON.stringify({ v: 1, type: 'ping', id: 'p', t: 0, pad: 'x'.repeat(70 * 1024) }));
    assert.equal((await bye).code, closeCodes.tooBig);
    const again = await openRawTunnel(hub.url, await nodeToken(hub, node));
    again.send(JSON.stringify(hello));
    assert.equal((await nextMessage(again)).type, 'welcome');
    again.close();
    await closed(again);
  });

  it('refuses to send a task larger than a frame, and keeps the connection', async () => {
    const ws = await openRawTunnel(hub.url, await nodeToken(hub, node));
    ws.send(JSON.stringify(hello));
    await nextMessage(ws);
    await assert.rejects(hub.tunnel.sendTask(node.nodeId, 'x', { blob: 'y'.repeat(100 * 1024) }), {
      code: 'PAYLOAD_TOO_LARGE',
    });
    assert.equal(hub.tunnel.onlineNodes().length, 1);
    ws.close();
    await closed(ws);
  });

  it('drops a connection that never says hello', async () => {
    const quick = await startTestHub({ database: hub.database, settings: { helloTimeoutMs: 100 } });
    try {
      const ws = await openRawTunnel(quick.url, await nodeToken(quick, node));
      const { code, reason } = await closed(ws);
      assert.equal(code, closeCodes.protocolViolation);
      assert.match(reason, /no hello/);
    } finally {
      await quick.stop();
    }
  });
});
