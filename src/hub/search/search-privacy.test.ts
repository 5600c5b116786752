import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestNodeDb } from '../../../test/support/db.js';
import { startTestHub, type Agent, type TestHub } from '../../../test/support/hub.js';
import { generateSearchFixture, insertSearchFixture } from '../../../test/support/search-fixture.js';
import { and, group, leaf, lens } from '../../../test/support/search-queries.js';
import type { Database } from '../../db/database.js';
import type { NodeDB } from '../../db/schema.js';
import { fieldKeys as F, sexCodes } from '../../model/codes.js';
import { wholeIndexCollections } from '../../node/search/collections.js';
import { searchTaskHandler } from '../../node/search/search.service.js';
import { localNodeDispatcher } from './node-dispatcher.js';
import { SearchBroker } from './search-broker.service.js';
import type { BudgetLimits, SearchBudget } from './search-budget.js';
import type { AuditedSearchView } from './search.repository.js';
import { registerSearchRoutes } from './search.routes.js';

const ageAtLeast = (min: number) =>
  lens([group(F.ageAtDiagnosis, leaf(F.ageAtDiagnosis, 'BETWEEN', { min }))]);
const body = async (res: Response): Promise<{ error: { code: string; message: string } }> =>
  (await res.json()) as { error: { code: string; message: string } };

async function waitDone(agent: Agent, id: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const v = (await (await agent.fetch(`/api/v1/searches/${id}`)).json()) as { status: string };
    if (v.status !== 'running') return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`search ${id} did not finish`);
}

describe('search budgets per person, organisation, address and privacy loss; the audit of a search', () => {
  let node: Database<NodeDB>;
  const hubs: TestHub[] = [];
  const brokers: SearchBroker[] = [];

  async function hubWith(limits: BudgetLimits): Promise<TestHub> {
    const handle = searchTaskHandler({
      db: node.db,
      provider: 'Oslo',
      privacy: { threshold: 10, roundTo: 10, epsilon: 1 },
      collections: wholeIndexCollections('Oslo'),
    });
    const hub = await startTestHub({
      plugins: [
        {
          name: 'search',
          prefix: '',
          register: (app, ctx) => {
            const broker = new SearchBroker({
              db: ctx.db,
              dispatcher: localNodeDispatcher([{ id: 1, name: 'Oslo', online: true, handle }]),
              audit: { record: () => Promise.resolve() },
              ...limits,
            });
            brokers.push(broker);
            registerSearchRoutes(app, broker);
          },
        },
      ],
    });
    hubs.push(hub);
    return hub;
  }

  before(async () => {
    node = await openTestNodeDb('pglite');
    await insertSearchFixture(node.db, generateSearchFixture(5, 120));
  });
  after(async () => {
    for (const b of brokers) b.close();
    for (const h of hubs) await h.close();
    await node.close();
  });

  it('counts the searches of all accounts of one organisation (e-mail domain) together', async () => {
    const hub = await hubWith({ searchesPerHour: 10, searchesPerHourPerOrganisation: 3 });
    const accounts = await Promise.all(
      ['a', 'b', 'c', 'd'].map((n) => hub.userAgent({ email: `${n}@attacker.example` })),
    );
    for (const [i, a] of accounts.slice(0, 3).entries()) {
      const res = await a.fetch('/api/v1/searches', { method: 'POST', json: { query: ageAtLeast(i) } });
      assert.equal(res.status, 201);
    }
    const refused = await accounts[3]?.fetch('/api/v1/searches', {
      method: 'POST',
      json: { query: ageAtLeast(9) },
    });
    assert.equal(refused?.status, 429);
    assert.match(
      (await body(refused)).error.message,
      /3 searches per hour for your organisation \(attacker\.example\)/,
    );
    assert.ok(Number(refused?.headers.get('retry-after')) > 0);
    const elsewhere = await hub.userAgent({ email: 'x@hospital.example' });
    const ok = await elsewhere.fetch('/api/v1/searches', { method: 'POST', json: { query: ageAtLeast(1) } });
    assert.equal(ok.status, 201, 'another organisation has its own budget');
  });

  it('counts the searches from one client address together, whatever the account', async () => {
    const hub = await hubWith({ searchesPerHour: 10, searchesPerHourPerAddress: 2 });
    const one = await hub.userAgent({ email: 'one@a.example' });
    const two = await hub.userAgent({ email: 'two@b.example' });
    assert.equal(
      (await one.fetch('/api/v1/searches', { method: 'POST', json: { query: ageAtLeast(1) } })).status,
      201,
    );
    assert.equal(
      (await two.fetch('/api/v1/searches', { method: 'POST', json: { query: ageAtLeast(2) } })).status,
      201,
    );
    const refused = await two.fetch('/api/v1/searches', { method: 'POST', json: { query: ageAtLeast(3) } });
    assert.equal(refused.status, 429);
    assert.match(
      (await body(refused)).error.message,
      /2 searches per hour from your address \(127\.0\.0\.1\)/,
    );
  });

  it('keeps a privacy-loss ledger per user and node, shows what is left, and refuses when it is spent', async () => {
    const hub = await hubWith({ searchesPerHour: 100, privacyBudgetEpsilon: 2, privacyBudgetHours: 24 });
    const alice = await hub.userAgent({ email: 'alice@uni.example' });
    // two questions never asked before (each spends ε 1 at the node); a repeat would spend none
    for (const sex of [sexCodes.M.code, sexCodes.F.code]) {
      const query = lens([group(F.sex, leaf(F.sex, 'EQUALS', sex))]);
      const res = await alice.fetch('/api/v1/searches', { method: 'POST', json: { query } });
      assert.equal(res.status, 201);
      await waitDone(alice, ((await res.json()) as { id: string }).id);
    }
    const { budget } = (await (await alice.fetch('/api/v1/searches')).json()) as { budget: SearchBudget };
    assert.equal(budget.privacy.epsilon_per_period, 2);
    assert.deepEqual(
      budget.privacy.nodes.map((n) => [n.node_name, n.spent, n.remaining]),
      [['Oslo', 2, 0]],
    );
    assert.ok((budget.privacy.nodes[0]?.renews_in_s ?? 0) > 86_000);
    const refused = await alice.fetch('/api/v1/searches', {
      method: 'POST',
      json: { query: ageAtLeast(40) },
    });
    assert.equal(refused.status, 429);
    assert.match(
      (await body(refused)).error.message,
      /your privacy budget at Oslo is spent \(ε 2 of 2 in 24 h\); it renews in \d+ min/,
    );
    const bob = await hub.userAgent({ email: 'bob@uni.example' });
    const fresh = await bob.fetch('/api/v1/searches', { method: 'POST', json: { query: ageAtLeast(40) } });
    assert.equal(fresh.status, 201, "another person's ledger is their own");
  });

  it('lets an admin open any user’s search with its normalised query, address and released answers; nobody else', async () => {
    const hub = await hubWith({ searchesPerHour: 100 });
    const alice = await hub.userAgent({ email: 'alice@uni.example' });
    const query = lens([
      group(F.sex, leaf(F.sex, 'EQUALS', sexCodes.M.code)),
      group(F.ageAtDiagnosis, leaf(F.ageAtDiagnosis, 'BETWEEN', { min: 60 })),
    ]);
    const started = await alice.fetch('/api/v1/searches', { method: 'POST', json: { query } });
    const { id } = (await started.json()) as { id: string };
    await waitDone(alice, id);
    const admin = await hub.userAgent({ roles: ['admin'] });
    const res = await admin.fetch(`/api/v1/admin/searches/${id}`);
    assert.equal(res.status, 200);
    const view = (await res.json()) as AuditedSearchView;
    assert.equal(view.user?.email, 'alice@uni.example');
    assert.equal(view.client_address, '127.0.0.1');
    assert.deepEqual(
      view.normalised_query,
      and(leaf(F.sex, 'EQUALS', sexCodes.M.code), leaf(F.ageAtDiagnosis, 'BETWEEN', { min: 60 })),
    );
    assert.equal(view.nodes[0]?.state, 'answered');
    assert.equal(view.nodes[0]?.epsilon_spent, 1);
    assert.equal(typeof view.nodes[0]?.answer?.collections[0]?.subjects_count, 'number');
    for (const who of [alice, await hub.userAgent({ email: 'bob@uni.example' })]) {
      const refused = await who.fetch(`/api/v1/admin/searches/${id}`);
      assert.equal(refused.status, 403);
    }
    assert.equal((await hub.anonymous().fetch(`/api/v1/admin/searches/${id}`)).status, 401);
    assert.equal(
      (await admin.fetch('/api/v1/admin/searches/00000000-0000-4000-8000-000000000000')).status,
      404,
    );
  });
});
