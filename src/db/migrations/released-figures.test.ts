/**
 * Upgrading to released catalogue figures: the hub scrubs the exact statistics earlier nodes sent
 * (record, versions, search and facet columns; harvested records keep theirs), and each node queues
 * its published and withdrawn datasets so the hub gets released figures in their place.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { fillKnownIndex } from '../../../test/support/dataset-index.js';
import { backends, openTestHubDb, openTestNodeDb } from '../../../test/support/db.js';
import { placeholderFigures } from '../../../test/support/catalogue-record.js';
import { exportCatalogue } from '../../hub/catalogue/catalogue-export.js';
import { insertEntry } from '../../hub/catalogue/catalogue.repository.js';
import {
  getPublicEntry,
  publicEntryHistory,
  receiveNodeRecord,
} from '../../hub/catalogue/catalogue.service.js';
import { searchCatalogue } from '../../hub/catalogue/catalogue-search.service.js';
import { parseDatasetMetadata, type DatasetMetadata } from '../../model/dataset-metadata.js';
import { exampleRecord } from '../../model/dcat/fixtures.js';
import { createDataset, publishDataset } from '../../node/datasets/dataset.service.js';
import { scrubExactFigures } from './hub/0310-catalogue-released-figures.js';
import { requeueKnownDatasets } from './node/0210-dataset-released-figures.js';
import { statsKeys } from '../../model/dataset-tasks.js';

const exact = parseDatasetMetadata(
  exampleRecord({
    identifier: 'glioblastoma',
    numberOfUniqueIndividuals: 6,
    numberOfRecords: 7,
    minTypicalAge: 41,
    maxTypicalAge: 77,
    sexes: ['F', 'M'],
    modalities: ['RID10337'],
  }),
);

async function turtle(db: Parameters<typeof exportCatalogue>[0]): Promise<string> {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  await exportCatalogue(db, out, 'turtle', 'https://hub.example.org');
  return text;
}

for (const backend of backends()) {
  describe(`upgrade to released catalogue figures on ${backend}`, () => {
    it('the hub scrubs exact statistics of node entries until their nodes push released ones', async () => {
      const d = await openTestHubDb(backend);
      try {
        const org = await d.db
          .insertInto('organisation')
          .values({ slug: 'valencia', name: 'Valencia', country: 'ES' })
          .returning('id')
          .executeTakeFirstOrThrow();
        // As an earlier hub stored them: exact numbers in the record and in the columns.
        const node = await insertEntry(d.db, {
          slug: 'valencia.glioblastoma',
          origin: 'node',
          organisationId: org.id,
          state: 'published',
          metadata: exact,
          nodeMetadata: exact,
        });
        await d.db
          .updateTable('catalogue_entry')
          .set({ series: 9, instances: 900, size_bytes: 123_456 })
          .where('id', '=', node.id)
          .execute();
        await insertEntry(d.db, {
          slug: 'ext-1',
          origin: 'harvest',
          harvestSource: 'https://other.example.org/catalogue.ttl',
          originalIri: 'https://other.example.org/ds/1',
          state: 'published',
          metadata: { ...exact, identifier: 'harvested', title: 'Harvested elsewhere' },
        });

        await scrubExactFigures(d.db as unknown as Kysely<unknown>);

        const entry = await getPublicEntry(d.db, 'valencia.glioblastoma');
        for (const k of [
          'numberOfUniqueIndividuals',
          'numberOfRecords',
          'minTypicalAge',
          'maxTypicalAge',
        ] as const)
          assert.equal(entry.metadata[k], undefined, k);
        assert.deepEqual([entry.metadata.sexes ?? [], entry.metadata.modalities ?? []], [[], []]);
        assert.deepEqual(entry.counts, { series: null, instances: null, sizeBytes: null });
        assert.equal(entry.figures, null);
        const history = await publicEntryHistory(d.db, 'valencia.glioblastoma');
        assert.doesNotMatch(JSON.stringify(history), /numberOfUniqueIndividuals|TypicalAge/);
        // Neither the search nor its facets can find the entry by what it no longer lists.
        const pet = await searchCatalogue(d.db, { q: 'Positron' });
        assert.deepEqual(
          pet.items.map((i) => i.slug),
          ['ext-1'],
        );
        const facets = await searchCatalogue(d.db, {});
        const withAge = facets.items.filter((i) => i.minAge !== null).map((i) => i.slug);
        assert.deepEqual(withAge, ['ext-1']);
        const ttl = await turtle(d.db);
        assert.equal(
          ttl.match(/numberOfUniqueIndividuals/g)?.length,
          1,
          'only the harvested record keeps its numbers',
        );
        assert.equal((await getPublicEntry(d.db, 'ext-1')).metadata.numberOfUniqueIndividuals, 6);

        // The node pushes again: released figures take their place.
        const released: Partial<DatasetMetadata> = parseDatasetMetadata(
          exampleRecord({ identifier: 'glioblastoma' }),
        );
        for (const k of statsKeys) delete released[k];
        const { outcome, entry: after } = await receiveNodeRecord(d.db, org.id, {
          identifier: 'glioblastoma',
          revision: 9,
          state: 'published',
          metadata: released as DatasetMetadata,
          figures: placeholderFigures,
          updatedAt: new Date().toISOString(),
        });
        assert.equal(outcome, 'updated');
        assert.deepEqual(after.figures, placeholderFigures);
        assert.equal(after.metadata.numberOfUniqueIndividuals, undefined);
        await assert.rejects(
          receiveNodeRecord(d.db, org.id, {
            identifier: 'glioblastoma',
            revision: 10,
            state: 'published',
            metadata: exact,
            updatedAt: new Date().toISOString(),
          } as unknown as Parameters<typeof receiveNodeRecord>[2]),
          { code: 'VALIDATION_FAILED', message: /no released figures; upgrade the node/ },
          'a node too old to release its figures is refused',
        );
      } finally {
        await d.close();
      }
    });

    it('a node queues every dataset the hub knows, so released figures replace the exact ones', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await fillKnownIndex(d.db);
        const selection = { kind: 'folder', prefixes: ['/data/oslo'] };
        await createDataset(d.db, { metadata: exampleRecord({ identifier: 'shown' }), selection });
        await createDataset(d.db, { metadata: exampleRecord({ identifier: 'draft' }), selection });
        await publishDataset(d.db, 'shown');
        await d.db.deleteFrom('dataset_pending_push').execute(); // the hub had stored it
        await requeueKnownDatasets(d.db as unknown as Kysely<unknown>);
        const queued = await d.db
          .selectFrom('dataset_pending_push')
          .innerJoin('dataset', 'dataset.id', 'dataset_pending_push.dataset_id')
          .select(['identifier', 'reason'])
          .execute();
        assert.deepEqual(queued, [{ identifier: 'shown', reason: 'release policy on catalogue figures' }]);
      } finally {
        await d.close();
      }
    });
  });
}
