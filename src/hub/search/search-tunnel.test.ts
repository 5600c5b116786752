import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestNode, type TestNode } from '../../../test/support/node.js';
import { generateSearchFixture, insertSearchFixture } from '../../../test/support/search-fixture.js';
import { group, leaf, lens } from '../../../test/support/search-queries.js';
import { startTestHub, waitFor, type TestHub } from '../../../test/support/tunnel-hub.js';
import { fieldKeys as F } from '../../model/codes.js';
import { wholeIndexCollections } from '../../node/search/collections.js';
import { answerSearch, type SearchNodeDeps } from '../../node/search/search.service.js';
import { registerSearchTask } from '../../node/search/search.task.js';
import { hubAuditSink } from './audit-sink.js';
import { SearchBroker, type SearchEvent } from './search-broker.service.js';
import { tunnelNodeDispatcher } from './tunnel-dispatcher.js';

const mr = lens([group(F.modality, leaf(F.modality, 'EQUALS', 'RID10312'))]);

describe('federated search through the real tunnel', () => {
  let hub: TestHub;
  let oslo: TestNode;
  let riga: TestNode;
  let deps: SearchNodeDeps;
  let broker: SearchBroker;

  before(async () => {
    hub = await startTestHub();
    oslo = await startTestNode(hub, { name: 'oslo' });
    riga = await startTestNode(hub, { name: 'riga' });
    await insertSearchFixture(oslo.database.db, generateSearchFixture(5, 80));
    deps = {
      db: oslo.database.db,
      provider: 'oslo',
      privacy: { threshold: 10, roundTo: 10 },
      collections: wholeIndexCollections('oslo'),
    };
    registerSearchTask(oslo.client, deps);
    oslo.client.start();
    await waitFor('oslo online', () => hub.tunnel.onlineNodes().some((n) => n.nodeId === oslo.nodeId));
    await riga.close(); // enrolled, never connected: offline
    broker = new SearchBroker({
      db: hub.database.db,
      dispatcher: tunnelNodeDispatcher(hub.database.db, hub.tunnel),
      audit: hubAuditSink(hub.database.db),
      defaultDeadlineMs: 5000,
    });
  });
  after(async () => {
    broker.close();
    await oslo.close();
    await hub.close();
  });

  it('asks every registered node over the tunnel and records the answers and the audit trail', async () => {
    const { id } = await broker.startSearch(3, { query: mr });
    const events: SearchEvent[] = [];
    for await (const e of broker.events(3, id)) events.push(e);
    const states = Object.fromEntries(
      events.flatMap((e) => (e.type === 'node' ? [[e.node.node_name, e.node.state] as const] : [])),
    );
    assert.deepEqual(states, { oslo: 'answered', riga: 'offline' });
    const answered = events.find((e) => e.type === 'node' && e.node.node_name === 'oslo');
    assert.ok(answered?.type === 'node');
    assert.deepEqual(answered.node.answer, await answerSearch(deps, mr));
    const logged = await hub.database.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'target'])
      .where('action', '=', 'search.start')
      .execute();
    assert.deepEqual(logged, [{ actor: 'user:3', action: 'search.start', target: `search:${id}` }]);
  });
});
