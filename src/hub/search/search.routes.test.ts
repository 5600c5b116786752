import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HubApp } from '../app.js';
import { backends, openTestHubDb, openTestNodeDb } from '../../../test/support/db.js';
import { generateSearchFixture, insertSearchFixture } from '../../../test/support/search-fixture.js';
import { group, leaf, lens } from '../../../test/support/search-queries.js';
import type { Database } from '../../db/database.js';
import type { HubDB, NodeDB } from '../../db/schema.js';
import { searchRoutesApp } from '../../../test/support/search-routes-app.js';
import { fieldKeys as F } from '../../model/codes.js';
import { wholeIndexCollections } from '../../node/search/collections.js';
import { searchTaskHandler } from '../../node/search/search.service.js';
import { localNodeDispatcher, type LocalNode } from './node-dispatcher.js';
import { SearchBroker } from './search-broker.service.js';
import { registerSearchRoutes } from './search.routes.js';

const mr = lens([group(F.modality, leaf(F.modality, 'EQUALS', 'RID10312'))]);

/** Parse a complete text/event-stream body into events. */
function parseSse(text: string): Array<{ event: string; data: unknown }> {
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? '';
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6) ?? 'null';
      return { event, data: JSON.parse(data) as unknown };
    });
}

for (const backend of backends()) {
  describe(`search HTTP API on ${backend}`, () => {
    let hub: Database<HubDB>;
    let node: Database<NodeDB>;
    let app: HubApp;
    let broker: SearchBroker;
    let base: string;
    let handle: LocalNode['handle'];
    /** The nodes the broker asks; a test may add one for its own duration. */
    const nodes: LocalNode[] = [];

    before(async () => {
      [hub, node] = await Promise.all([openTestHubDb(backend), openTestNodeDb(backend)]);
      await insertSearchFixture(node.db, generateSearchFixture(3, 60));
      handle = searchTaskHandler({
        db: node.db,
        provider: 'Oslo',
        privacy: { threshold: 10, roundTo: 10 },
        collections: wholeIndexCollections('Oslo'),
      });
      nodes.push(
        { id: 1, name: 'Oslo', online: true, handle },
        { id: 2, name: 'Riga', online: false, handle },
      );
      broker = new SearchBroker({
        db: hub.db,
        dispatcher: localNodeDispatcher(nodes),
        audit: { record: () => Promise.resolve() },
      });
      app = searchRoutesApp();
      registerSearchRoutes(app, broker);
      base = await app.listen({ host: '127.0.0.1', port: 0 });
    });
    after(async () => {
      broker.close();
      await app.close();
      await Promise.all([hub.close(), node.close()]);
    });

    const call = (path: string, init: RequestInit = {}, user = 5): Promise<Response> =>
      fetch(base + path, {
        ...init,
        headers: { 'content-type': 'application/json', 'x-test-user': String(user), ...(init.headers ?? {}) },
      });

    it('starts a search, streams one event per node then done, and returns the whole result', async () => {
      const res = await call('/api/v1/searches', { method: 'POST', body: JSON.stringify({ query: mr }) });
      assert.equal(res.status, 201);
      const { id, events } = (await res.json()) as { id: string; events: string };
      const stream = await call(events);
      assert.equal(stream.status, 200);
      assert.match(stream.headers.get('content-type') ?? '', /text\/event-stream/);
      const got = parseSse(await stream.text());
      assert.deepEqual(
        got.map((e) => e.event),
        ['result', 'result', 'done'],
      );
      const states = Object.fromEntries(
        got
          .filter((e) => e.event === 'result')
          .map((e) => [(e.data as { node_name: string }).node_name, (e.data as { state: string }).state]),
      );
      assert.deepEqual(states, { Oslo: 'answered', Riga: 'offline' });
      assert.deepEqual(got.at(-1), { event: 'done', data: { status: 'done' } });

      const whole = (await (await call(`/api/v1/searches/${id}`)).json()) as {
        status: string;
        nodes: Array<{ answer: { collections: Array<{ subjects_count: unknown }> } | null }>;
      };
      assert.equal(whole.status, 'done');
      assert.equal(typeof whole.nodes[0]?.answer?.collections[0]?.subjects_count, 'number');
      const list = (await (await call('/api/v1/searches')).json()) as { searches: Array<{ id: string }> };
      assert.equal(list.searches[0]?.id, id);
    });

    it('answers bad requests with the error code and a precise message', async () => {
      const bad = await call('/api/v1/searches', {
        method: 'POST',
        body: JSON.stringify({ query: lens([group(F.sex, leaf(F.sex, 'EQUALS', 'nope'))]) }),
      });
      assert.equal(bad.status, 400);
      const body = (await bad.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'INVALID_QUERY');
      assert.match(
        body.error.message,
        /children\[0\]\.children\[0\]\.children\[0\]\.value: unknown code 'nope'/,
      );
      const missing = await call('/api/v1/searches/7b0e4a4e-8b43-4a8f-9d55-5d1e7a2d9f11/events');
      assert.equal(missing.status, 404);
      const anonymous = await fetch(`${base}/api/v1/searches`);
      assert.equal(anonymous.status, 401);
      const { id } = (await (
        await call('/api/v1/searches', { method: 'POST', body: JSON.stringify({ query: mr }) })
      ).json()) as { id: string };
      assert.equal(
        (await call(`/api/v1/searches/${id}`, {}, 6)).status,
        404,
        "another user's search is not found",
      );
    });

    it('cancels a running search: the sites still waiting become cancelled, the stream ends', async () => {
      let release = (): void => undefined;
      const gate = new Promise<void>((r) => (release = r));
      nodes.push({ id: 3, name: 'Slow', online: true, handle: async (p) => (await gate, handle(p)) });
      try {
        const start = await call('/api/v1/searches', {
          method: 'POST',
          body: JSON.stringify({ query: mr, nodes: [1, 3], deadline_ms: 20_000 }),
        });
        const { id, events } = (await start.json()) as { id: string; events: string };
        const stream = call(events).then((r) => r.text());
        // As the web app sends it: no body, no content type.
        const cancel = (path: string, user = 5) =>
          fetch(base + path, { method: 'DELETE', headers: { 'x-test-user': String(user) } });
        const bad = await cancel('/api/v1/searches/nope');
        assert.equal(bad.status, 400);
        assert.equal((await cancel(`/api/v1/searches/${id}`, 6)).status, 404, "not another user's search");
        const res = await cancel(`/api/v1/searches/${id}`);
        assert.equal(res.status, 200);
        const view = (await res.json()) as {
          status: string;
          nodes: Array<{ node_name: string; state: string }>;
        };
        assert.equal(view.status, 'cancelled');
        assert.equal(view.nodes.find((n) => n.node_name === 'Slow')?.state, 'cancelled');
        const got = parseSse(await stream);
        assert.deepEqual(got.at(-1), { event: 'done', data: { status: 'cancelled' } });
        const list = (await (await call('/api/v1/searches')).json()) as {
          searches: Array<{ id: string; status: string; nodes: number }>;
        };
        assert.deepEqual(
          list.searches.filter((x) => x.id === id).map((x) => [x.status, x.nodes]),
          [['cancelled', 2]],
        );
      } finally {
        release();
        nodes.pop();
      }
    });
  });
}
