import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { backends, openTestHubDb } from '../../../test/support/db.js';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { canonicalRecord, parseDatasetMetadata, type DatasetMetadata } from '../../model/dataset-metadata.js';
import { exampleRecord } from '../../model/dcat/fixtures.js';
import { recordsFromRdf } from '../../model/dcat/from-rdf.js';
import { parseRdf } from '../../model/dcat/parse.js';
import { validateShacl } from '../../model/dcat/shacl.js';
import type { Principal } from '../auth/access.js';
import { exportCatalogue } from './catalogue-export.js';
import {
  editDescriptiveFields,
  getPublicEntry,
  publicEntryHistory,
  receiveNodeRecord,
} from './catalogue.service.js';
import { harvestCatalogue } from './harvest/harvest.service.js';
import { placeholderFigures } from '../../../test/support/catalogue-record.js';
import type { PublishedDatasetRecord } from '../../model/dataset-tasks.js';

const base = 'https://hub.example.org';

async function organisation(db: Kysely<HubDB>, slug: string, country = 'NO'): Promise<number> {
  const row = await db
    .insertInto('organisation')
    .values({ slug, name: slug.toUpperCase(), country })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function pushed(
  metadata: DatasetMetadata,
  state: 'published' | 'withdrawn' = 'published',
  revision = 2,
): PublishedDatasetRecord {
  return {
    identifier: metadata.identifier,
    revision,
    state,
    metadata,
    figures: placeholderFigures,
    updatedAt: new Date().toISOString(),
  };
}

const prostate = parseDatasetMetadata(exampleRecord());
const lung = parseDatasetMetadata(
  exampleRecord({
    identifier: 'bergen-lung-ct',
    title: 'Lung CT screening, Bergen',
    keywords: ['lung cancer', 'CT'],
    accessRights: 'PUBLIC',
    licence: 'CC_BY_4_0',
    dataUse: { permission: 'DUO:0000042', modifiers: [{ code: 'DUO:0000046' }] },
    distributions: [{ accessCondition: 'DOWNLOAD', accessUrl: 'https://data.example.org/lung.zip' }],
    conditions: ['SNOMEDCT363358000'],
    modalities: ['RID10321'],
    bodyParts: ['SNOMEDCT39607008'],
  }),
);

async function exportText(db: Kysely<HubDB>, format: 'turtle' | 'jsonld'): Promise<string> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  await exportCatalogue(db, out, format, base);
  return Buffer.concat(parts).toString('utf8');
}

const representative = (organisationId: number): Principal => ({
  kind: 'user',
  userId: 7,
  roles: ['researcher'],
  representativeOf: [organisationId],
  termsAccepted: true,
  via: 'session',
});

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/catalogue` }),
    ),
  );
}

for (const backend of backends()) {
  describe(`hub catalogue on ${backend}`, () => {
    it('keeps every version of a node record and shows only published entries', async () => {
      const d = await openTestHubDb(backend);
      try {
        const oslo = await organisation(d.db, 'oslo-uh');
        assert.equal((await receiveNodeRecord(d.db, oslo, pushed(prostate))).outcome, 'created');
        assert.equal((await receiveNodeRecord(d.db, oslo, pushed(prostate))).outcome, 'unchanged');
        const more = { ...prostate, numberOfUniqueIndividuals: 500 };
        const { outcome, entry } = await receiveNodeRecord(d.db, oslo, pushed(more, 'published', 3));
        assert.equal(outcome, 'updated');
        assert.equal(entry.slug, 'oslo-uh.oslo-prostate-mr-2024');
        assert.equal(entry.country, 'NO');
        const history = await publicEntryHistory(d.db, entry.slug);
        assert.deepEqual(
          history.map((h) => [h.version, h.metadata.numberOfUniqueIndividuals]),
          [
            [1, 412],
            [2, 500],
          ],
        );
        assert.equal((await getPublicEntry(d.db, entry.slug)).metadata.numberOfUniqueIndividuals, 500);

        await receiveNodeRecord(d.db, oslo, pushed(more, 'withdrawn', 4));
        await assert.rejects(
          getPublicEntry(d.db, entry.slug),
          (e: unknown) => e instanceof CieError && e.code === 'NOT_FOUND',
        );
        assert.doesNotMatch(await exportText(d.db, 'turtle'), /oslo-prostate-mr-2024/);
      } finally {
        await d.close();
      }
    });

    it('lets representatives edit descriptive fields of their own organisation only', async () => {
      const d = await openTestHubDb(backend);
      try {
        const oslo = await organisation(d.db, 'oslo-uh');
        const bergen = await organisation(d.db, 'bergen-hf');
        const { entry } = await receiveNodeRecord(d.db, oslo, pushed(prostate));
        const edited = await editDescriptiveFields(d.db, representative(oslo), entry.slug, {
          title: 'Prostate MR (curated)',
        });
        assert.equal(edited.metadata.title, 'Prostate MR (curated)');
        assert.equal(edited.version, 2);
        await assert.rejects(
          editDescriptiveFields(d.db, representative(bergen), entry.slug, { title: 'Hijacked' }),
          (e: unknown) =>
            e instanceof CieError && e.code === 'FORBIDDEN' && /only representatives/.test(e.message),
        );
        await assert.rejects(
          editDescriptiveFields(d.db, representative(oslo), entry.slug, { numberOfRecords: 1 }),
          (e: unknown) =>
            e instanceof CieError &&
            e.code === 'VALIDATION_FAILED' &&
            /\$\.numberOfRecords: is computed/.test(e.message),
        );
        await assert.rejects(
          editDescriptiveFields(d.db, representative(oslo), entry.slug, { licence: 'nope' }),
          (e: unknown) =>
            e instanceof CieError && e.code === 'VALIDATION_FAILED' && /\$\.licence/.test(e.message),
        );
        assert.equal((await getPublicEntry(d.db, entry.slug)).metadata.title, 'Prostate MR (curated)');

        // The node pushes new statistics: the numbers change, the hub's title stays.
        const figures = {
          ...placeholderFigures,
          subjects: 430,
          series: 40,
          instances: 9000,
          sizeBytes: 5_000_000,
        };
        const { outcome, entry: after } = await receiveNodeRecord(d.db, oslo, {
          ...pushed({ ...prostate, numberOfUniqueIndividuals: 430 }, 'published', 3),
          figures,
        });
        assert.equal(outcome, 'updated');
        assert.equal(after.metadata.title, 'Prostate MR (curated)');
        assert.equal(after.metadata.numberOfUniqueIndividuals, 430);
        assert.deepEqual(after.counts, { series: 40, instances: 9000, sizeBytes: 5_000_000 });
        // The same push again changes nothing.
        assert.equal(
          (
            await receiveNodeRecord(d.db, oslo, {
              ...pushed({ ...prostate, numberOfUniqueIndividuals: 430 }, 'published', 3),
              figures,
            })
          ).outcome,
          'unchanged',
        );
      } finally {
        await d.close();
      }
    });

    it('exports valid DCAT-AP, and export → harvest → export preserves every record', async () => {
      const a = await openTestHubDb(backend);
      const b = await openTestHubDb(backend);
      const dir = mkdtempSync(join(tmpdir(), 'cie-harvest-'));
      try {
        const oslo = await organisation(a.db, 'oslo-uh');
        await receiveNodeRecord(a.db, oslo, pushed(prostate));
        await receiveNodeRecord(a.db, oslo, pushed(lung));
        const turtle = await exportText(a.db, 'turtle');
        const quads = await parseRdf(turtle, 'turtle');
        assert.deepEqual(await validateShacl(quads, 'dcat-ap'), []);

        const file = join(dir, 'catalogue.ttl');
        writeFileSync(file, turtle);
        const first = await harvestCatalogue(b.db, file);
        assert.equal(first.created.length, 2);
        assert.deepEqual(first.rejected, []);
        const again = recordsFromRdf(await parseRdf(await exportText(b.db, 'jsonld'), 'jsonld'));
        const byId = (rs: { metadata: DatasetMetadata }[]) =>
          Object.fromEntries(rs.map((r) => [r.metadata.identifier, canonicalRecord(r.metadata)]));
        assert.deepEqual(byId(again.records), byId([{ metadata: prostate }, { metadata: lung }]));

        const second = await harvestCatalogue(b.db, file);
        assert.deepEqual([second.created, second.updated, second.unchanged], [[], [], 2]);

        // The source changes: one record edited, one gone, one invalid one added.
        const changed = turtle
          .replace('Lung CT screening, Bergen', 'Lung CT screening, Bergen (2025 update)')
          .replace(
            /<https:\/\/hub\.example\.org\/catalogue\/datasets\/oslo-uh\.oslo-prostate-mr-2024> a dcat:Dataset/,
            '<https://elsewhere.example.org/x> a dcat:Thing',
          )
          .concat(
            '\n<https://hub.example.org/broken> a <http://www.w3.org/ns/dcat#Dataset>; <http://purl.org/dc/terms/title> "No description".\n',
          );
        writeFileSync(file, changed);
        const third = await harvestCatalogue(b.db, file);
        assert.equal(third.updated.length, 1);
        assert.deepEqual(third.vanished, [
          'https://hub.example.org/catalogue/datasets/oslo-uh.oslo-prostate-mr-2024',
        ]);
        assert.equal(third.rejected.length, 1);
        assert.equal(third.rejected[0]?.iri, 'https://hub.example.org/broken');
        assert.match(
          third.rejected[0]?.message ?? '',
          /record https:\/\/hub\.example\.org\/broken: .*\$\.description/,
        );
        const exported = await exportText(b.db, 'turtle');
        assert.match(exported, /2025 update/);
        assert.doesNotMatch(exported, /oslo-prostate-mr-2024/);
        assert.doesNotMatch(exported, /No description/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await a.close();
        await b.close();
      }
    });

    it('harvests over HTTP, and reports a malformed or silent source without changing anything', async () => {
      const a = await openTestHubDb(backend);
      const b = await openTestHubDb(backend);
      const served: { body: string; type: string } = { body: '', type: 'application/ld+json' };
      const good = await listen((_req, res) => {
        res.writeHead(200, { 'content-type': served.type });
        res.end(served.body);
      });
      const silent = await listen(() => {
        /* never answers */
      });
      try {
        const oslo = await organisation(a.db, 'oslo-uh');
        await receiveNodeRecord(a.db, oslo, pushed(lung));
        served.body = await exportText(a.db, 'jsonld');
        const summary = await harvestCatalogue(b.db, good.url, { timeoutMs: 5000 });
        assert.equal(summary.created.length, 1);

        served.body = '{"@graph": [';
        await assert.rejects(
          harvestCatalogue(b.db, good.url),
          (e: unknown) =>
            e instanceof CieError && e.code === 'VALIDATION_FAILED' && /malformed JSON-LD/.test(e.message),
        );
        served.type = 'application/rdf+xml';
        served.body = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><x></y></rdf:RDF>';
        await assert.rejects(
          harvestCatalogue(b.db, good.url),
          (e: unknown) => e instanceof CieError && /malformed RDF\/XML/.test(e.message),
        );
        const started = Date.now();
        await assert.rejects(harvestCatalogue(b.db, silent.url, { timeoutMs: 300 }), (e: unknown) => {
          assert.ok(e instanceof CieError);
          assert.equal(e.code, 'TIMEOUT');
          assert.match(e.message, /did not answer within 300 ms/);
          return true;
        });
        assert.ok(Date.now() - started < 5000);
        const rows = await b.db.selectFrom('catalogue_entry').select(['state', 'version']).execute();
        assert.deepEqual(rows, [{ state: 'published', version: 1 }], 'failed harvests changed nothing');
      } finally {
        silent.server.closeAllConnections();
        await new Promise((r) => silent.server.close(r));
        await new Promise((r) => good.server.close(r));
        await a.close();
        await b.close();
      }
    });
  });
}
