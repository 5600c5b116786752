import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { backends } from '../../../../test/support/db.js';
import { startTestHub } from '../../../../test/support/hub.js';
import { toRdfXml } from '../../../../test/support/rdfxml.js';
import type { HarvestSourceConfig } from '../../../config/hub-config.js';
import { createLogger } from '../../../log.js';
import { parseDatasetMetadata, type DatasetMetadata } from '../../../model/dataset-metadata.js';
import { exampleRecord } from '../../../model/dcat/fixtures.js';
import { toJsonLd, toTurtle } from '../../../model/dcat/serialize.js';
import { datasetQuads } from '../../../model/dcat/to-rdf.js';
import { cataloguePlugin } from '../catalogue.plugin.js';
import { listHarvestRuns } from './harvest-run.repository.js';
import { HarvestScheduler } from './harvest-scheduler.js';

const record = (identifier: string, title: string): DatasetMetadata =>
  parseDatasetMetadata(exampleRecord({ identifier, title }));
const iri = (id: string) => `https://other.example.org/ds/${id}`;

/**
 * Three sources that change after their first answer: Turtle (one record edited, one gone),
 * JSON-LD (unchanged), RDF/XML (its record becomes invalid: the stored one must stay whole).
 */
const documents: Record<string, Array<() => Promise<{ type: string; body: string }>>> = {
  '/a.ttl': [
    async () => ({
      type: 'text/turtle',
      body: await toTurtle([
        ...datasetQuads(record('a1', 'Breast MR, first release'), iri('a1')),
        ...datasetQuads(record('a2', 'Colon CT'), iri('a2')),
      ]),
    }),
    async () => ({
      type: 'text/turtle',
      body: await toTurtle(datasetQuads(record('a1', 'Breast MR, second release'), iri('a1'))),
    }),
  ],
  '/b.jsonld': [
    async () => ({
      type: 'application/ld+json',
      body: JSON.stringify(await toJsonLd(datasetQuads(record('b1', 'Lung PET'), iri('b1')))),
    }),
  ],
  '/c.rdf': [
    () =>
      Promise.resolve({
        type: 'application/rdf+xml',
        body: toRdfXml(datasetQuads(record('c1', 'Prostate MR, Spain'), iri('c1'))),
      }),
    () =>
      Promise.resolve({
        type: 'application/rdf+xml',
        // The second version lost its description: invalid, so reported and not imported.
        body: toRdfXml(
          datasetQuads(record('c1', 'Prostate MR, Spain (edited)'), iri('c1')).filter(
            (q) => !q.predicate.value.endsWith('/description') || q.subject.value !== iri('c1'),
          ),
        ),
      }),
  ],
};

async function sourceServer() {
  const served = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '';
    if (path === '/silent') return; // never answers
    const versions = documents[path];
    if (!versions) return res.writeHead(404).end();
    const n = served.get(path) ?? 0;
    served.set(path, n + 1);
    const doc = versions[Math.min(n, versions.length - 1)];
    void doc?.().then(({ type, body }) => res.writeHead(200, { 'content-type': type }).end(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function until(what: string, done: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const backend of backends()) {
  describe(`scheduled harvest on ${backend}`, () => {
    it('harvests every source on schedule, follows changes, and survives a silent source', async () => {
      const src = await sourceServer();
      const interval = 0.005; // minutes: 300 ms between runs
      const sources: HarvestSourceConfig[] = [
        { url: `${src.url}/silent`, interval, timeoutSeconds: 0.3 },
        { url: `${src.url}/a.ttl`, interval, timeoutSeconds: 5 },
        { url: `${src.url}/b.jsonld`, interval, timeoutSeconds: 5 },
        { url: `${src.url}/c.rdf`, interval, timeoutSeconds: 5 },
      ];
      const closeSource = async (): Promise<void> => {
        src.server.closeAllConnections();
        await new Promise((r) => src.server.close(r));
      };
      // A hub that fails to start must not leave the source server holding the test file open.
      const hub = await startTestHub({
        backend,
        config: { harvestSources: sources },
        plugins: [cataloguePlugin],
      }).catch(async (err: unknown) => {
        await closeSource();
        throw err;
      });
      const scheduler = new HarvestScheduler({ db: hub.db, sources, logger: createLogger('silent') });
      try {
        scheduler.start();
        const finished = async (url: string) =>
          (await listHarvestRuns(hub.db, { source: url, limit: 500 }))
            .filter((r) => r.status !== 'running')
            .reverse(); // oldest first
        await until('two finished runs of every source', async () => {
          for (const s of sources) if ((await finished(s.url)).length < 2) return false;
          return true;
        });
        await scheduler.stop();

        const silent = await finished(`${src.url}/silent`);
        assert.ok(
          silent.every((r) => r.status === 'failed' && /did not answer within 300 ms/.test(r.error ?? '')),
        );

        const [aFirst, aSecond] = await finished(`${src.url}/a.ttl`);
        assert.deepEqual([aFirst?.status, aFirst?.created], ['ok', 2]);
        assert.deepEqual([aSecond?.status, aSecond?.updated, aSecond?.vanished], ['ok', 1, 1]);
        const [cFirst, cSecond] = await finished(`${src.url}/c.rdf`);
        assert.deepEqual([cFirst?.created, cFirst?.rejected], [1, 0]);
        assert.equal(cSecond?.rejected, 1);

        const entries = await hub.db
          .selectFrom('catalogue_entry')
          .select(['original_iri', 'state', 'title', 'metadata'])
          .orderBy('original_iri')
          .execute();
        assert.deepEqual(
          entries.map((e) => [e.original_iri, e.state, e.title]),
          [
            [iri('a1'), 'published', 'Breast MR, second release'],
            [iri('a2'), 'vanished', 'Colon CT'],
            [iri('b1'), 'published', 'Lung PET'],
            // The invalid second version was not imported, not even its new title.
            [iri('c1'), 'published', 'Prostate MR, Spain'],
          ],
        );
        assert.ok(entries[3]?.metadata.description);

        // The admin API lists the runs with their results; others are refused.
        const admin = await hub.userAgent({ roles: ['admin'] });
        const list = (await (await admin.fetch('/api/v1/catalogue/harvest-runs?limit=100')).json()) as {
          runs: Array<{ id: number; source: string; status: string; rejected: number }>;
          sources: HarvestSourceConfig[];
        };
        assert.equal(list.sources.length, 4);
        assert.ok(list.runs.some((r) => r.source.endsWith('/silent') && r.status === 'failed'));
        const cRun = list.runs.find((r) => r.source.endsWith('/c.rdf') && r.rejected === 1);
        const detail = (await (await admin.fetch(`/api/v1/catalogue/harvest-runs/${cRun?.id}`)).json()) as {
          report: { rejected: Array<{ iri: string; message: string }> };
        };
        assert.equal(detail.report.rejected[0]?.iri, iri('c1'));
        assert.match(detail.report.rejected[0]?.message ?? '', /\$\.description/);

        const now = await admin.fetch('/api/v1/catalogue/harvest-runs', {
          method: 'POST',
          json: { source: `${src.url}/b.jsonld` },
        });
        assert.equal(now.status, 201);
        assert.deepEqual(
          ((await now.json()) as { trigger: string; status: string; unchanged: number }).unchanged,
          1,
        );
        const elsewhere = await admin.fetch('/api/v1/catalogue/harvest-runs', {
          method: 'POST',
          json: { source: 'http://169.254.169.254/latest' },
        });
        assert.equal(elsewhere.status, 400);
        assert.match(await elsewhere.text(), /not a configured harvest source/);

        const researcher = await hub.userAgent();
        assert.equal((await researcher.fetch('/api/v1/catalogue/harvest-runs')).status, 403);
        assert.equal((await hub.anonymous().fetch('/api/v1/catalogue/harvest-runs')).status, 401);
      } finally {
        await scheduler.stop();
        await closeSource();
        await hub.close();
      }
    });
  });
}
