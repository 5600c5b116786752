import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeFrame, encodeFrame, MalformedCounter, type FrameBody } from './tunnel-protocol.js';

const decode = (text: string) => decodeFrame(Buffer.from(text), false);

describe('tunnel protocol v1 frames', () => {
  it('round-trips every message type', () => {
    const frames: FrameBody[] = [
      {
        type: 'hello',
        id: 'a',
        versions: [1],
        nodeVersion: '0.1.0',
        capabilities: ['tunnel.echo'],
        maxInFlight: 8,
      },
      {
        type: 'welcome',
        id: 'a',
        version: 1,
        nodeId: 3,
        capabilities: ['cancel'],
        maxFrameBytes: 1024,
        heartbeatMs: 15000,
      },
      { type: 'task', id: 't', kind: 'search.count', payload: { q: 1 }, deadlineMs: 5000 },
      { type: 'result', id: 't', ok: true, payload: [1, 2] },
      { type: 'result', id: 't', ok: false, error: { code: 'TIMEOUT', message: 'late' } },
      { type: 'cancel', id: 't' },
      { type: 'ping', id: 'p', t: 12.5, rttMs: 3 },
      { type: 'pong', id: 'p', t: 12.5 },
      { type: 'error', id: 'protocol', code: 'BAD_REQUEST', message: 'bad' },
    ];
    for (const f of frames) {
      const d = decode(encodeFrame(f));
      assert.ok(d.ok, JSON.stringify(d));
      assert.deepEqual(d.frame, { v: 1, ...f });
    }
  });

  it('refuses binary, non-JSON, unknown versions, unknown types and unknown error codes with a reason', () => {
    assert.deepEqual(decodeFrame(Buffer.from('{}'), true), {
      ok: false,
      reason: 'binary frames are not part of protocol version 1',
    });
    assert.deepEqual(decode('{oops'), { ok: false, reason: 'frame is not valid JSON' });
    for (const bad of [
      { v: 2, type: 'ping', id: 'p', t: 1 },
      { v: 1, type: 'shout', id: 'p' },
      { v: 1, type: 'task', id: 't', kind: 'k', payload: 1, deadlineMs: -5 },
      { v: 1, type: 'result', id: 't', ok: false, error: { code: 'NOT_A_CODE', message: 'x' } },
      { v: 1, type: 'ping', t: 1 },
    ]) {
      const d = decode(JSON.stringify(bad));
      assert.equal(d.ok, false, JSON.stringify(bad));
      if (!d.ok) assert.match(d.reason, /does not match protocol v1/);
    }
  });

  it('counts malformed frames in a sliding window', () => {
    const c = new MalformedCounter(3, 1000);
    assert.equal(c.record(0), false);
    assert.equal(c.record(10), false);
    assert.equal(c.record(2000), false, 'old ones slide out of the window');
    assert.equal(c.record(2001), false);
    assert.equal(c.record(2002), true);
    assert.equal(c.total, 5);
  });
});
