/**
 * Catalogue HTTP API. Reads are public: the whole catalogue as DCAT-AP (`/catalogue.ttl`,
 * `/catalogue.jsonld`, streamed), each entry at a stable URL that answers people (HTML) and
 * machines (Turtle, JSON-LD, JSON) by content negotiation or suffix, and the search with facets.
 * Representatives edit the descriptive fields of their organisation's entries.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { toJsonLd, toTurtle, type RdfFormat } from '../../model/dcat/serialize.js';
import { datasetQuads } from '../../model/dcat/to-rdf.js';
import { access } from '../auth/access.js';
import { entryIri, exportCatalogue } from './catalogue-export.js';
import type { TunnelHub } from '../tunnel/tunnel.hub.js';
import { chooseFigurePublication } from './catalogue-figures.service.js';
import { renderEntryPage } from './catalogue-page.js';
import { searchCatalogue } from './catalogue-search.service.js';
import { catalogueLabels, catalogueStats } from './catalogue-stats.service.js';
import { editDescriptiveFields, getPublicEntry, publicEntryHistory } from './catalogue.service.js';
import { negotiate, type CatalogueMediaType } from './negotiate.js';

export interface CatalogueRoutesDeps {
  db: Kysely<HubDB>;
  /** The node tunnel: a representative's choice of exact or released figures goes to the node. */
  tunnel?: TunnelHub | undefined;
  /** The hub's public base URL: dataset IRIs are built from it, so they resolve here. */
  baseUrl: string;
}

const suffixes: Record<string, CatalogueMediaType> = {
  '.ttl': 'text/turtle',
  '.jsonld': 'application/ld+json',
  '.json': 'application/json',
  '.html': 'text/html',
};

/** OpenAPI description of a route (the hub's docs need a schema object on every route). */
const doc = (summary: string) => ({ summary, tags: ['catalogue'] });

function streamCatalogue(deps: CatalogueRoutesDeps, reply: FastifyReply, format: RdfFormat): FastifyReply {
  const body = new PassThrough();
  exportCatalogue(deps.db, body, format, deps.baseUrl).then(
    () => body.end(),
    (err: unknown) => body.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  return reply
    .type(format === 'turtle' ? 'text/turtle; charset=utf-8' : 'application/ld+json; charset=utf-8')
    .header('cache-control', 'public, max-age=60')
    .send(body);
}

export function registerCatalogueRoutes(app: FastifyInstance, deps: CatalogueRoutesDeps): void {
  app.get(
    '/catalogue.ttl',
    {
      config: { access: access.public },
      schema: doc('the whole public catalogue as DCAT-AP Turtle (streamed)'),
    },
    (_req, reply) => streamCatalogue(deps, reply, 'turtle'),
  );
  app.get(
    '/catalogue.jsonld',
    {
      config: { access: access.public },
      schema: doc('the whole public catalogue as DCAT-AP JSON-LD (streamed)'),
    },
    (_req, reply) => streamCatalogue(deps, reply, 'jsonld'),
  );

  app.get(
    '/api/v1/catalogue/datasets',
    {
      config: { access: access.public },
      schema: doc('search the catalogue: full text, facets (see docs/catalogue.md), sorting, paging'),
    },
    (req) => searchCatalogue(deps.db, req.query),
  );

  app.get(
    '/api/v1/catalogue/stats',
    {
      config: { access: access.public },
      schema: doc('totals and breakdowns (cancer type, modality, body part, country) of the catalogue'),
    },
    async (_req, reply) =>
      reply.header('cache-control', 'public, max-age=60').send(await catalogueStats(deps.db)),
  );

  app.get(
    '/api/v1/catalogue/labels',
    { config: { access: access.public }, schema: doc('human labels of the codes the catalogue shows') },
    (_req, reply) => reply.header('cache-control', 'public, max-age=3600').send(catalogueLabels()),
  );

  app.get<{ Params: { slug: string } }>(
    '/api/v1/catalogue/datasets/:slug',
    { config: { access: access.public }, schema: doc('one published catalogue entry') },
    (req) => getPublicEntry(deps.db, req.params.slug),
  );

  app.get<{ Params: { slug: string } }>(
    '/api/v1/catalogue/datasets/:slug/versions',
    { config: { access: access.public }, schema: doc('every version of a published entry') },
    async (req) => ({ versions: await publicEntryHistory(deps.db, req.params.slug) }),
  );

  app.patch<{ Params: { slug: string }; Body: unknown }>(
    '/api/v1/catalogue/datasets/:slug',
    {
      config: { access: access.representative },
      schema: doc("edit descriptive fields of your organisation's entry"),
    },
    (req) => {
      if (!req.principal) throw new CieError('UNAUTHENTICATED', 'sign in to edit catalogue entries');
      if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
        throw new CieError('VALIDATION_FAILED', 'the body must be a JSON object of the fields to change');
      }
      return editDescriptiveFields(
        deps.db,
        req.principal,
        req.params.slug,
        req.body as Record<string, unknown>,
      );
    },
  );

  app.put<{ Params: { slug: string }; Body: unknown }>(
    '/api/v1/catalogue/datasets/:slug/figures',
    {
      config: { access: access.representative },
      schema: doc("publish your organisation's dataset figures exactly, or through the privacy policy again"),
    },
    (req) =>
      chooseFigurePublication(
        { db: deps.db, tunnel: deps.tunnel },
        req.principal,
        req.params.slug,
        req.body,
        req.ip,
      ),
  );

  // The stable, dereferenceable IRI of each dataset.
  app.get<{ Params: { slug: string } }>(
    '/catalogue/datasets/:slug',
    {
      config: { access: access.public },
      schema: doc('the dataset IRI: HTML, Turtle, JSON-LD or JSON by Accept or suffix'),
    },
    async (req, reply) => {
      let slug = req.params.slug;
      let type = negotiate(req.headers.accept);
      const suffix = Object.keys(suffixes).find((s) => slug.endsWith(s));
      if (suffix) {
        slug = slug.slice(0, -suffix.length);
        type = suffixes[suffix];
      }
      if (!type) {
        throw new CieError(
          'UNSUPPORTED_MEDIA_TYPE',
          'this URL serves text/html, text/turtle, application/ld+json or application/json',
        );
      }
      const entry = await getPublicEntry(deps.db, slug);
      const iri = entryIri(deps.baseUrl, entry.slug);
      reply.header('vary', 'accept');
      switch (type) {
        case 'text/html':
          return reply.type('text/html; charset=utf-8').send(renderEntryPage(entry, iri));
        case 'text/turtle':
          return reply
            .type('text/turtle; charset=utf-8')
            .send(await toTurtle(datasetQuads(entry.metadata, iri)));
        case 'application/ld+json':
          return reply
            .type('application/ld+json; charset=utf-8')
            .send(await toJsonLd(datasetQuads(entry.metadata, iri)));
        case 'application/json':
          return reply.send(entry);
      }
    },
  );
}
