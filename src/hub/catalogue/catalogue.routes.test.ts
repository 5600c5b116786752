import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { backends, openTestHubDb } from '../../../test/support/db.js';
import { CieError } from '../../errors.js';
import { parseDatasetMetadata } from '../../model/dataset-metadata.js';
import { exampleRecord } from '../../model/dcat/fixtures.js';
import { recordsFromRdf } from '../../model/dcat/from-rdf.js';
import { parseRdf } from '../../model/dcat/parse.js';
import { validateShacl } from '../../model/dcat/shacl.js';
import { registerCatalogueRoutes } from './catalogue.routes.js';
import { receiveNodeRecord } from './catalogue.service.js';
import { negotiate } from './negotiate.js';
import { placeholderFigures } from '../../../test/support/catalogue-record.js';
import type { PublishedDatasetRecord } from '../../model/dataset-tasks.js';

const baseUrl = 'http://hub.test';

function app(deps: Parameters<typeof registerCatalogueRoutes>[1]): FastifyInstance {
  const f = Fastify();
  const undeclared: string[] = [];
  f.addHook('onRoute', (r) => {
    if (!r.config?.access) undeclared.push(r.url);
  });
  f.setErrorHandler((err, _req, reply) => {
    if (err instanceof CieError) return reply.code(err.status).send(err.toJSON());
    return reply.code(500).send({ error: { code: 'INTERNAL', message: String(err) } });
  });
  registerCatalogueRoutes(f, deps);
  f.addHook('onReady', () => {
    assert.deepEqual(undeclared, [], 'every route declares its access rule');
  });
  return f;
}

const record = (identifier: string, state: 'published' | 'withdrawn'): PublishedDatasetRecord => ({
  identifier,
  revision: 1,
  state,
  metadata: parseDatasetMetadata(exampleRecord({ identifier, title: `Dataset ${identifier} <b>` })),
  figures: placeholderFigures,
  updatedAt: '',
});

describe('content negotiation', () => {
  it('picks the preferred supported type', () => {
    assert.equal(negotiate(undefined), 'text/html');
    assert.equal(negotiate('text/turtle'), 'text/turtle');
    assert.equal(negotiate('application/ld+json;q=0.9, text/turtle;q=0.5'), 'application/ld+json');
    assert.equal(negotiate('text/html,application/xhtml+xml,*/*;q=0.8'), 'text/html');
    assert.equal(negotiate('application/*'), 'application/ld+json');
    assert.equal(negotiate('image/png'), undefined);
  });
});

for (const backend of backends()) {
  describe(`catalogue routes on ${backend}`, () => {
    it('serves published entries to people and machines; drafts never reach it, withdrawn ones are hidden', async () => {
      const d = await openTestHubDb(backend);
      const f = app({ db: d.db, baseUrl });
      try {
        const org = await d.db
          .insertInto('organisation')
          .values({ slug: 'oslo-uh', name: 'OUS', country: 'NO' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await receiveNodeRecord(d.db, org.id, record('visible', 'published'));
        await receiveNodeRecord(d.db, org.id, record('hidden', 'withdrawn'));
        await f.ready();

        const html = await f.inject({
          url: '/catalogue/datasets/oslo-uh.visible',
          headers: { accept: 'text/html' },
        });
        assert.equal(html.statusCode, 200);
        assert.match(html.headers['content-type'] as string, /text\/html/);
        assert.match(html.body, /<h1>Dataset visible &lt;b&gt;<\/h1>/);

        const ttl = await f.inject({
          url: '/catalogue/datasets/oslo-uh.visible',
          headers: { accept: 'text/turtle' },
        });
        assert.match(ttl.headers['content-type'] as string, /text\/turtle/);
        const quads = await parseRdf(ttl.body, 'turtle');
        assert.deepEqual(await validateShacl(quads, 'healthdcat-ap'), []);
        assert.equal(recordsFromRdf(quads).records[0]?.iri, `${baseUrl}/catalogue/datasets/oslo-uh.visible`);

        const jsonld = await f.inject({ url: '/catalogue/datasets/oslo-uh.visible.jsonld' });
        assert.match(jsonld.headers['content-type'] as string, /application\/ld\+json/);
        assert.equal(recordsFromRdf(await parseRdf(jsonld.body, 'jsonld')).records.length, 1);

        for (const url of [
          '/catalogue/datasets/oslo-uh.hidden',
          '/api/v1/catalogue/datasets/oslo-uh.hidden',
          '/catalogue/datasets/nope',
        ]) {
          const r = await f.inject({ url });
          assert.equal(r.statusCode, 404, url);
        }
        const unsupported = await f.inject({
          url: '/catalogue/datasets/oslo-uh.visible',
          headers: { accept: 'image/png' },
        });
        assert.equal(unsupported.statusCode, 415);

        const cat = await f.inject({ url: '/catalogue.ttl' });
        assert.equal(cat.statusCode, 200);
        assert.match(cat.body, /oslo-uh\.visible/);
        assert.doesNotMatch(cat.body, /oslo-uh\.hidden/);
        assert.deepEqual(await validateShacl(await parseRdf(cat.body, 'turtle'), 'dcat-ap'), []);
        const catJson = await f.inject({ url: '/catalogue.jsonld' });
        assert.equal(recordsFromRdf(await parseRdf(catJson.body, 'jsonld')).records.length, 1);

        const search = await f.inject({ url: '/api/v1/catalogue/datasets?q=dataset&country=NO' });
        assert.equal(search.statusCode, 200);
        const body = search.json<{ total: number; items: Array<{ slug: string }> }>();
        assert.deepEqual(
          body.items.map((i) => i.slug),
          ['oslo-uh.visible'],
        );
        const bad = await f.inject({ url: '/api/v1/catalogue/datasets?sort=random' });
        assert.equal(bad.statusCode, 400);
        assert.match(bad.body, /sort/);

        const versions = await f.inject({ url: '/api/v1/catalogue/datasets/oslo-uh.visible/versions' });
        assert.equal(versions.json<{ versions: unknown[] }>().versions.length, 1);

        const anonymousEdit = await f.inject({
          method: 'PATCH',
          url: '/api/v1/catalogue/datasets/oslo-uh.visible',
          payload: { title: 'x' },
        });
        assert.equal(anonymousEdit.statusCode, 401);
      } finally {
        await f.close();
        await d.close();
      }
    });
  });
}
