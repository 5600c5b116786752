/**
 * `cie demo`: when startDemo returns, every demo node's tunnel is connected, so the first search
 * (through the hub's HTTP API, as the demo admin) is answered by every site.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.js';
import { startDemo, type RunningDemo } from '../../src/demo/demo.js';
import { demoSites } from '../../src/demo/demo-sites.js';
import { createLogger } from '../../src/log.js';

describe('demo search', () => {
  let dir: string;
  let demo: RunningDemo | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cie-demo-search-'));
    demo = await startDemo(loadConfig({ dataDir: dir, port: 0 }), {
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      sites: demoSites.slice(0, 2),
      corpusSize: { patients: 10, maxImagesPerSeries: 1 },
    });
  });
  after(async () => {
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the first search from every demo site, without waiting', async () => {
    assert.ok(demo);
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
