import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openTestHubDb, openTestNodeDb } from '../../../test/support/db.js';
import { generateSearchFixture, insertSearchFixture } from '../../../test/support/search-fixture.js';
import type { Database } from '../../db/database.js';
import type { HubDB, NodeDB } from '../../db/schema.js';
import { searchRoutesApp } from '../../../test/support/search-routes-app.js';
import { wholeIndexCollections } from '../../node/search/collections.js';
import { answerSearch, searchTaskHandler, type SearchNodeDeps } from '../../node/search/search.service.js';
import type { HubApp } from '../app.js';
import { localNodeDispatcher } from './node-dispatcher.js';
import { SearchBroker } from './search-broker.service.js';
import { lensAnswer, registerSpotRoutes } from './spot.routes.js';
import { capturedModalityMr, everything } from '../../../test/support/search-queries.js';
import { fieldKeys } from '../../model/codes.js';
import { parseQuery } from '../../model/query/validate.js';
import { piradsKey } from '../../model/search-fields.additions.js';

const LENS_ORIGIN = 'https://lens.example.org';
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64');

/** The request body exactly as the captured Lens front end builds it (lens-requests.md). */
function lensBody(ast: unknown, sites?: string[]): { id: string; body: string } {
  const id = randomUUID();
  const query = b64({ lang: 'ast', query: b64({ ast, id: `${id}__search__${randomUUID()}` }) });
  return { id, body: JSON.stringify({ id, query, ...(sites ? { sites } : {}) }) };
}

interface BeamEvent {
  task: string;
  from: string;
  status: string;
  body: string;
  metadata: unknown;
}

function beamEvents(text: string): BeamEvent[] {
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((block) => {
      const lines = block.split('\n');
      assert.equal(
        lines.find((l) => l.startsWith('event: ')),
        'event: new_result',
      );
      return JSON.parse(lines.find((l) => l.startsWith('data: '))?.slice(6) ?? 'null') as BeamEvent;
    });
}

describe('EUCAIM Lens (Spot) compatibility', () => {
  let hub: Database<HubDB>;
  let big: Database<NodeDB>;
  let small: Database<NodeDB>;
  let app: HubApp;
  let broker: SearchBroker;
  let base: string;
  let smallDeps: SearchNodeDeps;
  let bigDeps: SearchNodeDeps;

  before(async () => {
    [hub, big, small] = await Promise.all([
      openTestHubDb('pglite'),
      openTestNodeDb('pglite'),
      openTestNodeDb('pglite'),
    ]);
    await insertSearchFixture(big.db, generateSearchFixture(3, 120));
    await insertSearchFixture(small.db, generateSearchFixture(4, 6));
    const deps = (db: Database<NodeDB>, name: string): SearchNodeDeps => ({
      db: db.db,
      provider: name,
      privacy: { threshold: 10, roundTo: 10 },
      collections: wholeIndexCollections(name),
    });
    smallDeps = deps(small, 'Riga');
    bigDeps = deps(big, 'Oslo');
    const nodes = [
      { id: 1, name: 'Oslo', online: true, handle: searchTaskHandler(bigDeps) },
      { id: 2, name: 'Riga', online: true, handle: searchTaskHandler(smallDeps) },
      { id: 3, name: 'Porto', online: false, handle: searchTaskHandler(smallDeps) },
    ];
    broker = new SearchBroker({
      db: hub.db,
      dispatcher: localNodeDispatcher(nodes),
      audit: { record: () => Promise.resolve() },
    });
    app = searchRoutesApp();
    registerSpotRoutes(app, broker, {
      basePath: '/lens/spot',
      allowOrigin: LENS_ORIGIN,
      nodeIdsByName: (names) => Promise.resolve(nodes.filter((n) => names.includes(n.name)).map((n) => n.id)),
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    broker.close();
    await app.close();
    await Promise.all([hub.close(), big.close(), small.close()]);
  });

  const call = (path: string, init: RequestInit = {}, user: number | null = 5): Promise<Response> =>
    fetch(base + path, {
      ...init,
      headers: {
        'content-type': 'application/json',
        origin: LENS_ORIGIN,
        ...(user ? { 'x-test-user': String(user) } : {}),
        ...(init.headers ?? {}),
      },
    });

  it('answers a captured Lens request with one new_result per site, Focus bodies Lens can add up', async () => {
    const { id, body } = lensBody(capturedModalityMr);
    const post = await call('/lens/spot/beam', { method: 'POST', body });
    assert.equal(post.status, 201);
    assert.equal(post.headers.get('access-control-allow-origin'), LENS_ORIGIN);
    assert.equal(post.headers.get('access-control-allow-credentials'), 'true');
    const stream = await call(`/lens/spot/beam/${id}`);
    assert.equal(stream.status, 200);
    assert.match(stream.headers.get('content-type') ?? '', /text\/event-stream/);
    const events = beamEvents(await stream.text());
    const bySite = new Map(events.map((e) => [e.from.split('.')[1], e]));
    assert.deepEqual([...bySite.keys()].sort(), ['Oslo', 'Porto', 'Riga']);
    for (const e of events) assert.equal(e.task, id);
    assert.equal(bySite.get('Porto')?.status, 'permfailed', 'an offline site');
    const oslo = JSON.parse(Buffer.from(bySite.get('Oslo')?.body ?? '', 'base64').toString()) as {
      provider: string;
      collections: Array<Record<string, unknown>>;
    };
    assert.equal(oslo.provider, 'Oslo');
    const c = oslo.collections[0];
    assert.ok(c);
    assert.deepEqual(Object.keys(c).sort(), [
      'age_range',
      'body_parts',
      'description',
      'gender',
      'id',
      'modalities',
      'name',
      'studies_count',
      'subjects_count',
    ]);
    assert.equal(typeof c.subjects_count, 'number');
    assert.ok((c.subjects_count as number) >= 10);
  });

  it('sends a suppressed count as 0 and says so, where our own API says "< 10"', async () => {
    const ours = await answerSearch(smallDeps, everything);
    assert.equal(ours.collections[0]?.subjects_count, '< 10', 'the 6-patient site is below the threshold');
    const { id, body } = lensBody(everything, ['Riga']);
    assert.equal((await call('/lens/spot/beam', { method: 'POST', body })).status, 201);
    const events = beamEvents(await (await call(`/lens/spot/beam/${id}`)).text());
    assert.equal(events.length, 1, 'only the chosen site');
    const riga = JSON.parse(Buffer.from(events[0]?.body ?? '', 'base64').toString()) as {
      collections: Array<{ subjects_count: unknown; studies_count: unknown; description: string }>;
    };
    assert.equal(riga.collections[0]?.subjects_count, 0);
    assert.match(riga.collections[0]?.description ?? '', /below the site's threshold are shown as 0/);
  });

  it('reads PI-RADS values under the BI-RADS key and one-sided ranges as Lens means them', async () => {
    const row = (key: string, leaves: Array<{ type: string; value: unknown }>): unknown => ({
      nodeType: 'branch',
      operand: 'OR',
      children: [
        {
          nodeType: 'branch',
          operand: 'AND',
          children: [
            {
              nodeType: 'branch',
              key,
              operand: 'OR',
              children: leaves.map((l) => ({ nodeType: 'leaf', key, system: '', ...l })),
            },
          ],
        },
      ],
    });
    const lensSubjects = async (ast: unknown): Promise<unknown> => {
      const { id, body } = lensBody(ast, ['Oslo']);
      const post = await call('/lens/spot/beam', { method: 'POST', body });
      assert.equal(post.status, 201, await post.text());
      const [e] = beamEvents(await (await call(`/lens/spot/beam/${id}`)).text());
      const answer = JSON.parse(Buffer.from(e?.body ?? '', 'base64').toString()) as {
        collections: Array<{ subjects_count: unknown }>;
      };
      return answer.collections[0]?.subjects_count;
    };
    const native = async (ast: unknown): Promise<unknown> => {
      const c = (await answerSearch(bigDeps, parseQuery(ast))).collections[0]?.subjects_count;
      return typeof c === 'number' ? c : 0;
    };
    const birads = 'EUCAIM_Hyper-Ontology_V1.0.IMG1005459';
    const pirads5 = 'EUCAIM_Hyper-Ontology_V1.0.IMG1005475';
    assert.equal(
      await lensSubjects(row(birads, [{ type: 'EQUALS', value: pirads5 }])),
      await native(row(piradsKey, [{ type: 'EQUALS', value: pirads5 }])),
    );
    const age = fieldKeys.ageAtDiagnosis;
    const atLeast60 = await native(row(age, [{ type: 'BETWEEN', value: { min: 60 } }]));
    const atMost60 = await native(row(age, [{ type: 'BETWEEN', value: { max: 60 } }]));
    assert.ok(typeof atLeast60 === 'number' && atLeast60 > 0, 'the fixture has patients aged 60 or more');
    assert.equal(await lensSubjects(row(age, [{ type: 'BETWEEN', value: { min: 60, max: 0 } }])), atLeast60);
    assert.equal(await lensSubjects(row(age, [{ type: 'BETWEEN', value: { min: 0, max: 60 } }])), atMost60);
  });

  it('refuses anonymous callers, bad encodings, invalid queries, unknown sites and other users', async () => {
    const { id, body } = lensBody(capturedModalityMr);
    assert.equal((await call('/lens/spot/beam', { method: 'POST', body }, null)).status, 401);
    const garbage = await call('/lens/spot/beam', {
      method: 'POST',
      body: JSON.stringify({ id: randomUUID(), query: 'not base64 json' }),
    });
    assert.equal(garbage.status, 400);
    assert.match(
      ((await garbage.json()) as { error: { message: string } }).error.message,
      /^query: not base64/,
    );
    const invalid = lensBody({ nodeType: 'leaf', key: 'nope', type: 'EQUALS', value: 'x' });
    const bad = await call('/lens/spot/beam', { method: 'POST', body: invalid.body });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'INVALID_QUERY');
    const nowhere = lensBody(capturedModalityMr, ['Atlantis']);
    assert.equal((await call('/lens/spot/beam', { method: 'POST', body: nowhere.body })).status, 400);
    assert.equal((await call('/lens/spot/beam', { method: 'POST', body })).status, 201);
    assert.equal((await call(`/lens/spot/beam/${id}`, {}, 6)).status, 404, "another user's task");
    assert.equal((await call(`/lens/spot/beam/${id}`, {}, null)).status, 401);
    const preflight = await fetch(`${base}/lens/spot/beam`, {
      method: 'OPTIONS',
      headers: { origin: LENS_ORIGIN, 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), LENS_ORIGIN);
    const other = await fetch(`${base}/lens/spot/beam`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(other.headers.get('access-control-allow-origin'), null, 'no CORS for other origins');
  });
});

describe('the Lens body of a site that also answers per dataset', () => {
  it('carries only the whole-site collection, so Lens does not count the datasets twice', () => {
    const collection = (id: string, subjects: number) => ({
      id,
      name: id,
      description: id,
      studies_count: subjects,
      subjects_count: subjects,
      series_count: subjects,
      age_range: { min: null, max: null },
      gender: [],
      modalities: [],
      body_parts: [],
      strata: { sex: [], age_band: [], modality: [], body_part: [], cancer_type: [] },
    });
    const answer = {
      provider: 'Oslo',
      collections: [collection('all', 40), collection('oslo-prostate', 30)],
      query_hash: 'h',
      privacy: { threshold: 10, round_to: 10, epsilon: null, suppressed_as: '< 10' },
    };
    const body = lensAnswer(answer) as { collections: Array<{ id: string; subjects_count: number }> };
    assert.deepEqual(
      body.collections.map((c) => [c.id, c.subjects_count]),
      [['all', 40]],
    );
    const datasetsOnly = lensAnswer({ ...answer, collections: [collection('oslo-prostate', 30)] }) as {
      collections: Array<{ id: string }>;
    };
    assert.deepEqual(
      datasetsOnly.collections.map((c) => c.id),
      ['oslo-prostate'],
    );
  });
});
