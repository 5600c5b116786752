import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PrivacyConfig } from '../../config/config.js';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import { addStudy, fillKnownIndex } from '../../../test/support/dataset-index.js';
import { CieError } from '../../errors.js';
import { cancerTypes, fieldKeys, sexCodes } from '../../model/codes.js';
import { exampleRecord } from '../../model/dcat/fixtures.js';
import { selectPatients } from './dataset-selection.js';
import { pushPendingDatasets, type DatasetPublisher } from './dataset-publisher.js';
import {
  computeDatasetStats,
  createDataset,
  getDataset,
  publishDataset,
  refreshDatasetStats,
  updateDataset,
  withdrawDataset,
} from './dataset.service.js';
import type { PublishedDatasetRecord } from '../../model/dataset-tasks.js';

/** A policy that shows every count (these tests follow the numbers, not the policy). */
const everyCount: PrivacyConfig = { threshold: 1, roundTo: 1 };
const osloFolder = { kind: 'folder', prefixes: ['/data/oslo'] };

/** What the hub would receive through the tunnel. */
class RecordingPublisher implements DatasetPublisher {
  readonly received: PublishedDatasetRecord[] = [];
  reachable = true;
  push(record: PublishedDatasetRecord): Promise<void> {
    if (!this.reachable) return Promise.reject(new Error('hub unreachable'));
    this.received.push(record);
    return Promise.resolve();
  }
}

function isCieError(code: string, pattern: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof CieError, String(err));
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    return true;
  };
}

for (const backend of backends()) {
  describe(`node datasets on ${backend}`, () => {
    it('selects patients by folder of origin, by study UIDs and by a saved search query', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await fillKnownIndex(d.db);
        const pseudonyms = async (ids: number[]) =>
          ids.length === 0
            ? []
            : (
                await d.db
                  .selectFrom('patient')
                  .select('pseudonym')
                  .where('id', 'in', ids)
                  .orderBy('pseudonym')
                  .execute()
              ).map((r) => r.pseudonym);
        assert.deepEqual(
          await pseudonyms(await selectPatients(d.db, { kind: 'folder', prefixes: ['/data/oslo'] })),
          ['P1', 'P2'],
        );
        assert.deepEqual(
          await pseudonyms(await selectPatients(d.db, { kind: 'folder', prefixes: ['/data/oslo/breast/'] })),
          ['P1'],
        );
        // A prefix is a folder, not the start of a name; LIKE wildcards in it are literal.
        assert.deepEqual(await selectPatients(d.db, { kind: 'folder', prefixes: ['/data/osl'] }), []);
        assert.deepEqual(await selectPatients(d.db, { kind: 'folder', prefixes: ['/data/%'] }), []);
        assert.deepEqual(
          await pseudonyms(await selectPatients(d.db, { kind: 'studies', studyUids: ['1.2.3', '1.2.1'] })),
          ['P1', 'P3'],
        );
        // A saved federated-search query: men with prostate cancer, or anyone with a CT series.
        const query = {
          operand: 'OR' as const,
          children: [
            {
              operand: 'AND',
              children: [
                { key: fieldKeys.sex, type: 'EQUALS', value: sexCodes.M.code },
                { key: fieldKeys.diagnosis, type: 'EQUALS', value: cancerTypes.prostate.code },
              ],
            },
            { key: fieldKeys.modality, type: 'EQUALS', value: 'RID10321' },
          ],
        };
        assert.deepEqual(await pseudonyms(await selectPatients(d.db, { kind: 'query', query })), [
          'P2',
          'P3',
        ]);
        const byQuery = await createDataset(d.db, {
          metadata: exampleRecord(),
          selection: { kind: 'query', query },
        });
        assert.equal(byQuery.stats?.numberOfUniqueIndividuals, 2);
        assert.equal(byQuery.stats?.instances, 4);
        await assert.rejects(
          createDataset(d.db, {
            metadata: exampleRecord({ identifier: 'bad-query' }),
            selection: {
              kind: 'query',
              query: { operand: 'AND', children: [{ key: 'nope', type: 'EQUALS', value: 'x' }] },
            },
          }),
          isCieError('INVALID_QUERY', /children\[0\]/),
        );
      } finally {
        await d.close();
      }
    });

    it('computes the statistics of a dataset from the index', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await fillKnownIndex(d.db);
        const ds = await createDataset(d.db, { metadata: exampleRecord(), selection: osloFolder });
        assert.equal(ds.state, 'draft');
        const expected = {
          numberOfUniqueIndividuals: 2,
          numberOfRecords: 2,
          minTypicalAge: 58,
          maxTypicalAge: 66,
          sexes: ['F', 'M'],
          conditions: ['SNOMEDCT254837009', 'SNOMEDCT399068003'],
          modalities: ['RID10312', 'RID10357'],
          bodyParts: ['SNOMEDCT41216001', 'SNOMEDCT76752008'],
          manufacturers: ['Philips', 'SIEMENS'],
          studies: 2,
          series: 2,
          instances: 5,
          sizeBytes: 800,
        };
        assert.deepEqual(ds.stats, expected);
        const row = await d.db.selectFrom('dataset').select('id').executeTakeFirstOrThrow();
        assert.deepEqual(await computeDatasetStats(d.db, row.id), expected);
        // User-given statistics never override the computed ones.
        assert.equal((ds.metadata as Record<string, unknown>).numberOfUniqueIndividuals, undefined);

        const bergen = await createDataset(d.db, {
          metadata: exampleRecord({ identifier: 'bergen-lung' }),
          selection: { kind: 'studies', studyUids: ['1.2.3'] },
        });
        assert.equal(bergen.stats?.minTypicalAge, 71);
        assert.deepEqual(bergen.stats?.sexes, ['M']);
        assert.deepEqual(bergen.stats?.conditions, []);
        assert.deepEqual(bergen.stats?.manufacturers, ['GE MEDICAL SYSTEMS']);
      } finally {
        await d.close();
      }
    });

    it('refuses invalid metadata, duplicate identifiers and empty selections without writing', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await fillKnownIndex(d.db);
        await assert.rejects(
          createDataset(d.db, {
            metadata: exampleRecord({ licence: 'WTFPL' as never }),
            selection: osloFolder,
          }),
          isCieError('VALIDATION_FAILED', /\$\.licence/),
        );
        await assert.rejects(
          createDataset(d.db, { metadata: exampleRecord(), selection: { kind: 'folder', prefixes: [] } }),
          isCieError('VALIDATION_FAILED', /\$\.selection\.prefixes: needs at least one folder/),
        );
        assert.equal((await d.db.selectFrom('dataset').selectAll().execute()).length, 0);
        await createDataset(d.db, { metadata: exampleRecord(), selection: osloFolder });
        await assert.rejects(
          createDataset(d.db, { metadata: exampleRecord(), selection: osloFolder }),
          isCieError('CONFLICT', /already exists/),
        );
        await assert.rejects(
          updateDataset(d.db, 'oslo-prostate-mr-2024', { metadata: { keywords: [] } }),
          isCieError('VALIDATION_FAILED', /\$\.keywords: needs at least one keyword/),
        );
        await assert.rejects(
          updateDataset(d.db, 'oslo-prostate-mr-2024', { metadata: { identifier: 'other' } }),
          isCieError('VALIDATION_FAILED', /\$\.identifier: cannot change/),
        );
        await createDataset(d.db, {
          metadata: exampleRecord({ identifier: 'empty' }),
          selection: { kind: 'folder', prefixes: ['/nowhere'] },
        });
        await assert.rejects(
          publishDataset(d.db, 'empty'),
          isCieError('VALIDATION_FAILED', /selects no images/),
        );
        assert.equal((await getDataset(d.db, 'empty')).state, 'draft');
        await assert.rejects(getDataset(d.db, 'nope'), isCieError('NOT_FOUND', /no dataset "nope"/));
      } finally {
        await d.close();
      }
    });

    it('moves draft → published → withdrawn → published and refuses illegal transitions', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await fillKnownIndex(d.db);
        await createDataset(d.db, { metadata: exampleRecord(), selection: osloFolder });
        const id = 'oslo-prostate-mr-2024';
        await assert.rejects(withdrawDataset(d.db, id), (err: unknown) => {
          assert.ok(err instanceof CieError);
          assert.equal(err.code, 'ILLEGAL_TRANSITION');
          assert.equal(err.status, 409);
          assert.match(err.message, /is draft and cannot become withdrawn; allowed: published/);
          assert.deepEqual(err.details?.allowed, ['published']);
          return true;
        });
        const published = await publishDataset(d.db, id);
        assert.equal(published.state, 'published');
        assert.ok(published.publishedAt);
        await assert.rejects(
          publishDataset(d.db, id),
          isCieError('ILLEGAL_TRANSITION', /allowed: withdrawn/),
        );
        assert.equal((await withdrawDataset(d.db, id)).state, 'withdrawn');
        assert.equal((await publishDataset(d.db, id)).state, 'published');
        const pending = await d.db.selectFrom('dataset_pending_push').selectAll().execute();
        assert.equal(pending.length, 1, 'one outbox row per dataset, at its latest revision');
        assert.equal(pending[0]?.reason, 'published');
      } finally {
        await d.close();
      }
    });

    it('stats follow the index: new studies change the statistics and queue a push', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await fillKnownIndex(d.db);
        await createDataset(d.db, { metadata: exampleRecord(), selection: osloFolder });
        await createDataset(d.db, {
          metadata: exampleRecord({ identifier: 'bergen-lung' }),
          selection: { kind: 'folder', prefixes: ['/data/bergen'] },
        });
        await publishDataset(d.db, 'oslo-prostate-mr-2024');
        const hub = new RecordingPublisher();
        assert.deepEqual((await pushPendingDatasets(d.db, hub, everyCount)).pushed, [
          'oslo-prostate-mr-2024',
        ]);
        assert.equal(hub.received[0]?.metadata.numberOfUniqueIndividuals, 2);
        assert.deepEqual(await refreshDatasetStats(d.db), [], 'nothing changed, nothing to push');
        assert.equal((await d.db.selectFrom('dataset_pending_push').selectAll().execute()).length, 0);

        await addStudy(d.db, {
          pseudonym: 'P4',
          sex: 'M',
          diagnosis: 'SNOMEDCT399068003',
          ageAtDiagnosis: 49,
          studyUid: '1.2.4',
          modality: 'PT',
          bodyPart: 'PROSTATE',
          manufacturer: 'Siemens Healthineers',
          folder: '/data/oslo/prostate',
          sizes: [300],
        });
        assert.deepEqual(await refreshDatasetStats(d.db), ['oslo-prostate-mr-2024']);
        const after = await getDataset(d.db, 'oslo-prostate-mr-2024');
        assert.equal(after.stats?.numberOfUniqueIndividuals, 3);
        assert.equal(after.stats?.minTypicalAge, 49);
        assert.deepEqual(after.stats?.modalities, ['RID10312', 'RID10337', 'RID10357']);
        const pending = await d.db.selectFrom('dataset_pending_push').selectAll().execute();
        assert.deepEqual(
          pending.map((p) => p.reason),
          ['statistics changed'],
        );

        // The hub is down: the push stays queued with its error, then goes through.
        hub.reachable = false;
        const failed = await pushPendingDatasets(d.db, hub, everyCount);
        assert.deepEqual(failed.failed, [{ identifier: 'oslo-prostate-mr-2024', error: 'hub unreachable' }]);
        const stillPending = await d.db
          .selectFrom('dataset_pending_push')
          .selectAll()
          .executeTakeFirstOrThrow();
        assert.equal(stillPending.attempts, 1);
        hub.reachable = true;
        await pushPendingDatasets(d.db, hub, everyCount);
        const last = hub.received.at(-1);
        assert.equal(last?.metadata.numberOfUniqueIndividuals, 3);
        assert.equal(last?.figures.instances, 6);
        assert.equal(last?.revision, after.revision);
        assert.equal((await d.db.selectFrom('dataset_pending_push').selectAll().execute()).length, 0);

        // Withdrawal reaches the hub too, so the hub hides the record.
        await withdrawDataset(d.db, 'oslo-prostate-mr-2024');
        await pushPendingDatasets(d.db, hub, everyCount);
        assert.equal(hub.received.at(-1)?.state, 'withdrawn');
      } finally {
        await d.close();
      }
    });
  });
}
