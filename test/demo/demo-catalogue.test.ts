/**
 * `cie demo`: the datasets each demo node publishes reach the hub catalogue through the tunnel
 * (the catalogue sync that `startHub` runs), so the public catalogue is not empty.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoSites } from '../../src/demo/demo-sites.js';
import { useTestDemo } from '../support/demo.js';
import { waitFor } from '../support/tunnel-hub.js';

describe('demo catalogue', () => {
  const running = useTestDemo({ sites: demoSites.slice(0, 1), patients: 10 });

  it("lists every dataset the demo node published, under the node's organisation", async () => {
    const demo = running();
    const { url } = demo;
    const site = demo.nodes[0];
    assert.ok(site && site.datasets > 0, 'the demo node published datasets');
    let listed: { total: number; items: { slug: string; provider: string }[] } = { total: 0, items: [] };
    await waitFor(
      'demo datasets in the catalogue',
      async () => {
        const res = await fetch(`${url}/api/v1/catalogue/datasets?pageSize=100`);
        listed = (await res.json()) as typeof listed;
        return listed.total === site.datasets;
      },
      20_000,
    );
    for (const item of listed.items) assert.ok(item.slug.startsWith(`${site.slug}.`), item.slug);
    // The first nine patients of every site cover the nine cancer types: one dataset each, so the
    // three demo sites publish 27 datasets over the nine types. Here each holds one or two
    // patients, under the release threshold, so the public catalogue names none of their cancer
    // types (a category is listed only with a count it may show).
    const search = (await (await fetch(`${url}/api/v1/catalogue/datasets`)).json()) as {
      facets: { cancerType: { value: string }[] };
    };
    assert.equal(site.datasets, 9);
    assert.deepEqual(search.facets.cancerType, []);
    const ttl = await (await fetch(`${url}/catalogue.ttl`)).text();
    assert.match(ttl, /dcat:Dataset/);
  });
});
