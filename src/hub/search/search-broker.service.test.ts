import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { backends, openTestHubDb, openTestNodeDb } from '../../../test/support/db.js';
import { generateSearchFixture, insertSearchFixture } from '../../../test/support/search-fixture.js';
import { group, leaf, lens } from '../../../test/support/search-queries.js';
import type { PrivacyConfig } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import type { HubDB, NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { fieldKeys as F } from '../../model/codes.js';
import { wholeIndexCollections } from '../../node/search/collections.js';
import { answerSearch, searchTaskHandler, type SearchNodeDeps } from '../../node/search/search.service.js';
import { localNodeDispatcher, type LocalNode } from './node-dispatcher.js';
import { SearchBroker, type AuditSink, type SearchEvent } from './search-broker.service.js';

const privacy: PrivacyConfig = { threshold: 10, roundTo: 10, epsilon: undefined };
const mr = lens([group(F.modality, leaf(F.modality, 'EQUALS', 'RID10312'))]);

async function collect(it: AsyncIterable<SearchEvent>): Promise<SearchEvent[]> {
  const out: SearchEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

for (const backend of backends()) {
  describe(`search broker over real nodes on ${backend}`, () => {
    let hub: Database<HubDB>;
    let oslo: Database<NodeDB>;
    let lyon: Database<NodeDB>;
    let broken: Database<NodeDB>;
    const audit: Array<Parameters<AuditSink['record']>[0]> = [];
    const sink: AuditSink = { record: (e) => Promise.resolve(void audit.push(e)) };
    const deps = (db: Database<NodeDB>, name: string): SearchNodeDeps => ({
      db: db.db,
      provider: name,
      privacy,
      collections: wholeIndexCollections(name),
    });
    let nodes: LocalNode[];
    let broker: SearchBroker;

    before(async () => {
      [hub, oslo, lyon, broken] = await Promise.all([
        openTestHubDb(backend),
        openTestNodeDb(backend),
        openTestNodeDb(backend),
        openTestNodeDb(backend),
      ]);
      await insertSearchFixture(oslo.db, generateSearchFixture(1, 120));
      await insertSearchFixture(lyon.db, generateSearchFixture(2, 80));
      await broken.close(); // its database is gone: every search there fails
      const slowHandler = searchTaskHandler(deps(lyon, 'Slow'));
      nodes = [
        { id: 1, name: 'Oslo', online: true, handle: searchTaskHandler(deps(oslo, 'Oslo')) },
        { id: 2, name: 'Lyon', online: true, handle: searchTaskHandler(deps(lyon, 'Lyon')) },
        { id: 3, name: 'Offline', online: false, handle: searchTaskHandler(deps(lyon, 'Offline')) },
        { id: 4, name: 'Broken', online: true, handle: searchTaskHandler(deps(broken, 'Broken')) },
        { id: 5, name: 'Slow', online: true, handle: async (p) => (await delay(3000), slowHandler(p)) },
      ];
      broker = new SearchBroker({
        db: hub.db,
        dispatcher: localNodeDispatcher(nodes),
        audit: sink,
        defaultDeadlineMs: 800,
      });
    });
    after(async () => {
      broker.close();
      await Promise.all([hub.close(), oslo.close(), lyon.close()]);
    });

    it('streams each node as it answers, marks offline, failed and timed-out nodes, then ends', async () => {
      const started = Date.now();
      const { id } = await broker.startSearch(42, { query: mr });
      const events = await collect(broker.events(42, id));
      const elapsed = Date.now() - started;
      const last = events.at(-1);
      assert.deepEqual(last, { type: 'done', status: 'done' });
      const byNode = new Map(
        events.flatMap((e) => (e.type === 'node' ? [[e.node.node_name, e.node] as const] : [])),
      );
      assert.deepEqual([...byNode.keys()].sort(), ['Broken', 'Lyon', 'Offline', 'Oslo', 'Slow']);
      assert.equal(byNode.get('Oslo')?.state, 'answered');
      assert.deepEqual(byNode.get('Oslo')?.answer, await answerSearch(deps(oslo, 'Oslo'), mr));
      assert.equal(byNode.get('Lyon')?.state, 'answered');
      assert.equal(byNode.get('Offline')?.state, 'offline');
      assert.equal(byNode.get('Broken')?.state, 'failed');
      assert.ok(byNode.get('Broken')?.reason);
      assert.equal(byNode.get('Slow')?.state, 'timed_out');
      assert.equal(byNode.get('Slow')?.reason, 'no answer within 800 ms');
      assert.ok(elapsed < 2500, `the slow node did not hold the search back (${elapsed} ms)`);
      // the answered nodes came before the timeout
      const order = events.flatMap((e) => (e.type === 'node' ? [e.node.node_name] : []));
      assert.ok(
        order.indexOf('Oslo') < order.indexOf('Slow') && order.indexOf('Lyon') < order.indexOf('Slow'),
      );

      const view = await broker.getSearch(42, id);
      assert.equal(view.status, 'done');
      assert.ok(view.finished_at);
      assert.deepEqual(
        view.nodes.map((n) => [n.node_id, n.state]),
        [
          [1, 'answered'],
          [2, 'answered'],
          [3, 'offline'],
          [4, 'failed'],
          [5, 'timed_out'],
        ],
      );
      // a late subscriber gets the whole result and the end at once
      const replay = await collect(broker.events(42, id));
      assert.equal(replay.length, 6);
      assert.deepEqual(audit.at(-1)?.action, 'search.start');
      assert.equal(audit.at(-1)?.actorUserId, 42);
    });

    it('searches only the chosen nodes, keeps a per-user history and hides searches from others', async () => {
      const { id } = await broker.startSearch(7, { query: mr, nodes: [2] });
      const events = await collect(broker.events(7, id));
      assert.deepEqual(
        events.map((e) => (e.type === 'node' ? e.node.node_name : e.type)),
        ['Lyon', 'done'],
      );
      const history = await broker.history(7);
      assert.equal(history[0]?.id, id);
      assert.equal(history[0]?.nodes, 1);
      assert.equal(history[0]?.answered, 1, 'the history says how many sites answered');
      assert.deepEqual(history[0]?.query, mr, 'and keeps the query to describe and reload it');
      await assert.rejects(
        broker.getSearch(8, id),
        (e: unknown) => e instanceof CieError && e.code === 'NOT_FOUND',
      );
      await assert.rejects(broker.startSearch(7, { query: mr, nodes: [99] }), /no such node: 99/);
    });

    it('rejects an invalid query before asking any node, storing and auditing nothing', async () => {
      const before = audit.length;
      const historyBefore = await broker.history(9);
      await assert.rejects(
        broker.startSearch(9, { query: lens([group(F.modality, leaf(F.modality, 'EQUALS', 'XX'))]) }),
        (e: unknown) =>
          e instanceof CieError && e.code === 'INVALID_QUERY' && /unknown code 'XX'/.test(e.message),
      );
      assert.equal(audit.length, before);
      assert.deepEqual(await broker.history(9), historyBefore);
    });

    it('cancels a running search: pending nodes are cancelled and the stream ends', async () => {
      const { id } = await broker.startSearch(11, { query: mr, nodes: [1, 5], deadlineMs: 10_000 });
      const stream = collect(broker.events(11, id));
      await delay(300);
      const view = await broker.cancelSearch(11, id);
      assert.equal(view.status, 'cancelled');
      assert.deepEqual(
        view.nodes.map((n) => [n.node_name, n.state]),
        [
          ['Oslo', 'answered'],
          ['Slow', 'cancelled'],
        ],
      );
      const events = await stream;
      assert.deepEqual(events.at(-1), { type: 'done', status: 'cancelled' });
      assert.equal(audit.at(-1)?.action, 'search.cancel');
    });
  });
}
