import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CieError } from '../../errors.js';
import { startTestHub, waitFor, type TestHub } from '../../../test/support/tunnel-hub.js';
import { startTestNode, type TestNode } from '../../../test/support/node.js';

describe('tunnel tasks: results, errors, deadlines and the in-flight bound', () => {
  let hub: TestHub;
  let node: TestNode;
  const started: string[] = [];
  const aborted: string[] = [];
  before(async () => {
    hub = await startTestHub({ settings: { maxQueued: 3, heartbeatMs: 1000 } });
    node = await startTestNode(hub, { tunnel: { maxInFlight: 2 } });
    node.client.registerTaskHandler('test.wait', async (payload, ctx) => {
      const { ms, tag } = payload as { ms: number; tag: string };
      started.push(tag);
      try {
        await sleep(ms, undefined, { signal: ctx.signal });
      } catch (err) {
        aborted.push(tag);
        throw err;
      }
      return tag;
    });
    node.client.registerTaskHandler('test.fail', () =>
      Promise.reject(new CieError('INVALID_QUERY', 'modality "XX" is not a RadLex code')),
    );
    node.client.registerTaskHandler('test.crash', () => Promise.reject(new Error('disk on fire')));
  });
  after(async () => {
    await node.close();
    await hub.close();
  });

  it('returns the node result, and the node error with its code', async () => {
    assert.deepEqual(await hub.tunnel.sendTask(node.nodeId, 'tunnel.echo', { n: [1, 2] }), { n: [1, 2] });
    await assert.rejects(hub.tunnel.sendTask(node.nodeId, 'test.fail', {}), {
      code: 'INVALID_QUERY',
      message: `node ${node.nodeId}: modality "XX" is not a RadLex code`,
    });
    await assert.rejects(hub.tunnel.sendTask(node.nodeId, 'test.crash', {}), {
      code: 'INTERNAL',
      message: /disk on fire/,
    });
    await assert.rejects(hub.tunnel.sendTask(node.nodeId, 'no.such.kind', {}), {
      code: 'NOT_FOUND',
      message: /no handler for task kind no.such.kind/,
    });
    await assert.rejects(hub.tunnel.sendTask(99999, 'tunnel.echo', {}), { code: 'NODE_UNAVAILABLE' });
  });

  it('fails a task that passes its deadline with TIMEOUT and cancels it at the node', async () => {
    const t0 = Date.now();
    await assert.rejects(
      hub.tunnel.sendTask(node.nodeId, 'test.wait', { ms: 5000, tag: 'slow' }, { deadlineMs: 200 }),
      {
        code: 'TIMEOUT',
        message: /did not answer the test.wait task within 200 ms/,
      },
    );
    const took = Date.now() - t0;
    assert.ok(took >= 190 && took < 1500, `took ${took} ms`);
    await waitFor('the node to abort the task', () => aborted.includes('slow'));
    assert.equal(hub.tunnel.liveStatus(node.nodeId)?.inFlight, 0);
  });

  it('cancels a task when the caller aborts', async () => {
    const ac = new AbortController();
    const p = hub.tunnel.sendTask(
      node.nodeId,
      'test.wait',
      { ms: 5000, tag: 'aborted' },
      { signal: ac.signal },
    );
    await waitFor('task started', () => started.includes('aborted'));
    ac.abort(new CieError('BAD_REQUEST', 'the researcher closed the search'));
    await assert.rejects(p, { message: 'the researcher closed the search' });
    await waitFor('the node to abort the task', () => aborted.includes('aborted'));
  });

  it('runs at most the node bound at once, queues a few more and refuses the rest with NODE_BUSY', async () => {
    const before = started.length;
    const tasks = [1, 2, 3, 4, 5].map((i) =>
      hub.tunnel.sendTask(node.nodeId, 'test.wait', { ms: 150, tag: `b${i}` }, { deadlineMs: 5000 }),
    );
    await assert.rejects(hub.tunnel.sendTask(node.nodeId, 'test.wait', { ms: 1, tag: 'b6' }), {
      code: 'NODE_BUSY',
      message: /already has 2 tasks running and 3 waiting/,
    });
    const live = hub.tunnel.liveStatus(node.nodeId);
    assert.equal(live?.inFlight, 2);
    assert.equal(live?.queued, 3);
    await waitFor('two tasks started at the node', () => started.length - before === 2);
    await sleep(50);
    assert.equal(started.length - before, 2, 'never more than the node bound at once');
    assert.deepEqual(await Promise.all(tasks), ['b1', 'b2', 'b3', 'b4', 'b5']);
    assert.ok(!started.includes('b6'));
  });

  it('serves a kind with a full queue and another kind in turn: one kind cannot starve the other', async () => {
    const order: string[] = [];
    const send = (kind: string, payload: unknown, tag: string) =>
      hub.tunnel.sendTask(node.nodeId, kind, payload, { deadlineMs: 5000 }).then(() => order.push(tag));
    const storm = [1, 2, 3, 4, 5].map((i) => send('test.wait', { ms: 100, tag: `s${i}` }, `s${i}`));
    await assert.rejects(hub.tunnel.sendTask(node.nodeId, 'test.wait', { ms: 1, tag: 's6' }), {
      code: 'NODE_BUSY',
    });
    // Another user's task of another kind is queued although test.wait's queue is full ...
    const other = send('tunnel.echo', { search: true }, 'echo');
    await Promise.all([...storm, other]);
    // ... and takes the first free slot instead of waiting behind the three queued test.wait tasks.
    assert.ok(order.indexOf('echo') <= 2, `served in turn: ${order.join(' ')}`);
  });

  it('times out a task still waiting in the queue', async () => {
    const running = [1, 2].map((i) =>
      hub.tunnel.sendTask(node.nodeId, 'test.wait', { ms: 400, tag: `q${i}` }, { deadlineMs: 5000 }),
    );
    await assert.rejects(
      hub.tunnel.sendTask(node.nodeId, 'test.wait', { ms: 1, tag: 'q3' }, { deadlineMs: 100 }),
      {
        code: 'TIMEOUT',
      },
    );
    assert.deepEqual(await Promise.all(running), ['q1', 'q2']);
    assert.ok(!started.includes('q3'), 'a task that timed out in the queue never reaches the node');
  });
});
