/**
 * `cie demo`: when startDemo returns, every demo node's tunnel is connected, so the first search
 * (through the hub's HTTP API, as the demo admin) is answered by every site.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoSites } from '../../src/demo/demo-sites.js';
import { useTestDemo } from '../support/demo.js';

describe('demo search', () => {
  const running = useTestDemo({ sites: demoSites.slice(0, 2), patients: 10 });

  it('answers the first search from every demo site, without waiting', async () => {
    const demo = running();
    const auth = { authorization: `Bearer ${demo.adminToken}`, 'content-type': 'application/json' };
    const res = await fetch(`${demo.url}/api/v1/searches`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ query: { nodeType: 'branch', operand: 'OR', children: [] } }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const { events } = (await res.json()) as { events: string };
    const text = await (await fetch(`${demo.url}${events}`, { headers: auth })).text();
    const states = text
      .split('\n\n')
      .filter((b) => b.startsWith('event: result'))
      .map((b) => JSON.parse(b.split('\ndata: ')[1] ?? '{}') as { node_name: string; state: string })
      .map((r) => `${r.node_name}:${r.state}`)
      .sort();
    assert.deepEqual(
      states,
      demoSites
        .slice(0, 2)
        .map((s) => `${s.slug}:answered`)
        .sort(),
    );
  });
});
