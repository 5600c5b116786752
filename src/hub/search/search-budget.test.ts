import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHub, type TestHub } from '../../../test/support/hub.js';
import { openTestNodeDb } from '../../../test/support/db.js';
import { generateSearchFixture, insertSearchFixture } from '../../../test/support/search-fixture.js';
import type { Database } from '../../db/database.js';
import type { NodeDB } from '../../db/schema.js';
import { wholeIndexCollections } from '../../node/search/collections.js';
import { searchTaskHandler } from '../../node/search/search.service.js';
import { localNodeDispatcher } from './node-dispatcher.js';
import { SearchBroker } from './search-broker.service.js';
import { registerSearchRoutes } from './search.routes.js';

const everything = { nodeType: 'branch', operand: 'OR', children: [] };

describe('per-user search budget', () => {
  let hub: TestHub;
  let node: Database<NodeDB>;
  let broker: SearchBroker;

  before(async () => {
    node = await openTestNodeDb('pglite');
    await insertSearchFixture(node.db, generateSearchFixture(9, 30));
    const handle = searchTaskHandler({
      db: node.db,
      provider: 'Oslo',
      privacy: { threshold: 10, roundTo: 10 },
      collections: wholeIndexCollections('Oslo'),
    });
    hub = await startTestHub({
      plugins: [
        {
          name: 'search',
          prefix: '',
          register: (app, ctx) => {
            broker = new SearchBroker({
              db: ctx.db,
              dispatcher: localNodeDispatcher([{ id: 1, name: 'Oslo', online: true, handle }]),
              audit: { record: () => Promise.resolve() },
              searchesPerHour: 2,
            });
            registerSearchRoutes(app, broker);
          },
        },
      ],
    });
  });
  after(async () => {
    broker.close();
    await hub.close();
    await node.close();
  });

  it('refuses the search beyond the hourly budget with 429 and Retry-After, and shows the budget', async () => {
    const alice = await hub.userAgent();
    const post = () => alice.fetch('/api/v1/searches', { method: 'POST', json: { query: everything } });
    assert.equal((await post()).status, 201);
    assert.equal((await post()).status, 201);
    const refused = await post();
    assert.equal(refused.status, 429);
    const retry = Number(refused.headers.get('retry-after'));
    assert.ok(retry > 3500 && retry <= 3600, `Retry-After ${retry}`);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'RATE_LIMITED');
    assert.match(body.error.message, /at most 2 searches per hour; the next is allowed in \d+ s/);
    const list = (await (await alice.fetch('/api/v1/searches')).json()) as {
      searches: unknown[];
      budget: { per_hour: number; used: number; retry_after_s: number };
    };
    assert.equal(list.searches.length, 2, 'the refused search is not stored');
    assert.deepEqual(
      {
        per_hour: list.budget.per_hour,
        used: list.budget.used,
        retry_after_s: list.budget.retry_after_s > 0,
      },
      {
        per_hour: 2,
        used: 2,
        retry_after_s: true,
      },
    );
    const bob = await hub.userAgent();
    const other = await bob.fetch('/api/v1/searches', { method: 'POST', json: { query: everything } });
    assert.equal(other.status, 201, "another user's budget is their own");
  });
});
