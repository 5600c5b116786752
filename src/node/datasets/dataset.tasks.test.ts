import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PrivacyConfig } from '../../config/config.js';
import { fillKnownIndex } from '../../../test/support/dataset-index.js';
import { openTestNodeDb } from '../../../test/support/db.js';
import { exampleRecord } from '../../model/dcat/fixtures.js';
import { acknowledgeRecords, pendingRecords } from './dataset.tasks.js';
import { createDataset, publishDataset, updateDataset } from './dataset.service.js';

/** A policy that shows every count (the records' numbers are not what these tests are about). */
const everyCount: PrivacyConfig = { threshold: 1, roundTo: 1 };
const oslo = { kind: 'folder', prefixes: ['/data/oslo'] };

describe('dataset tasks (datasets.pending / datasets.ack)', () => {
  it('pages the outbox, clears only acknowledged revisions, and notes refusals', async () => {
    const d = await openTestNodeDb('pglite');
    try {
      await fillKnownIndex(d.db);
      for (const identifier of ['a-set', 'b-set']) {
        await createDataset(d.db, { metadata: exampleRecord({ identifier }), selection: oslo });
        await publishDataset(d.db, identifier);
      }
      const first = await pendingRecords(d.db, everyCount, 1);
      assert.equal(first.records.length, 1);
      assert.equal(first.more, true);
      const all = await pendingRecords(d.db, everyCount);
      assert.deepEqual(
        all.records.map((r) => [r.identifier, r.state]),
        [
          ['a-set', 'published'],
          ['b-set', 'published'],
        ],
      );
      assert.equal(all.more, false);
      const [a, b] = all.records;
      assert.ok(a && b);

      // a changes while the hub stores the old revision: it stays queued at the new one.
      await updateDataset(d.db, 'a-set', { metadata: { title: 'A set, renamed' } });
      await acknowledgeRecords(d.db, {
        stored: [{ identifier: a.identifier, revision: a.revision }],
        failed: [{ identifier: b.identifier, revision: b.revision, error: 'no such organisation' }],
      });
      const again = await pendingRecords(d.db, everyCount);
      // The refused record sorts after the fresh one.
      assert.deepEqual(
        again.records.map((r) => [r.identifier, r.metadata.title]),
        [
          ['a-set', 'A set, renamed'],
          ['b-set', b.metadata.title],
        ],
      );
      const refused = await d.db
        .selectFrom('dataset_pending_push')
        .select(['attempts', 'last_error'])
        .where('attempts', '>', 0)
        .executeTakeFirstOrThrow();
      assert.match(refused.last_error ?? '', /hub refused revision \d+: no such organisation/);

      await assert.rejects(acknowledgeRecords(d.db, { stored: [{ identifier: 'x' }] } as never), {
        code: 'BAD_REQUEST',
        message: /datasets\.ack: \$\.stored\.0\.revision/,
      });
      await acknowledgeRecords(d.db, {
        stored: again.records.map((r) => ({ identifier: r.identifier, revision: r.revision })),
      });
      assert.deepEqual(await pendingRecords(d.db, everyCount), { records: [], more: false });
    } finally {
      await d.close();
    }
  });
});
