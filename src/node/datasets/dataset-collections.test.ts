/**
 * A node answers a federated search for the whole site and for each published dataset, each
 * with its own counts and its own pass through the privacy policy; drafts and withdrawn datasets
 * are not answered for, and a changed selection is not answered from a stale cache.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import { fillKnownIndex } from '../../../test/support/dataset-index.js';
import type { PrivacyConfig } from '../../config/config.js';
import type { Kysely } from 'kysely';
import type { NodeDB } from '../../db/schema.js';
import { exampleRecord } from '../../model/dcat/fixtures.js';
import { answerSearch } from '../search/search.service.js';
import { siteAndDatasetCollections } from './dataset-collections.js';
import { createDataset, publishDataset, updateDataset, withdrawDataset } from './dataset.service.js';
import { everything, femaleQuery } from '../../../test/support/search-queries.js';

const exact: PrivacyConfig = { threshold: 1, roundTo: 1, epsilon: undefined };
const standard: PrivacyConfig = { threshold: 10, roundTo: 10, epsilon: undefined };

async function counts(db: Kysely<NodeDB>, privacy: PrivacyConfig, query: unknown) {
  const a = await answerSearch(
    { db, provider: 'Oslo', privacy, collections: siteAndDatasetCollections('Oslo') },
    query,
  );
  return a.collections.map((c) => [c.id, c.name, c.subjects_count, c.studies_count, c.series_count]);
}

for (const backend of backends()) {
  describe(`dataset collections in search answers on ${backend}`, () => {
    it('answers per published dataset, besides the whole site, each through the policy', async () => {
      const d = await openTestNodeDb(backend);
      try {
        await fillKnownIndex(d.db);
        const oslo = exampleRecord({ identifier: 'oslo', title: 'Oslo images' });
        await createDataset(d.db, {
          metadata: oslo,
          selection: { kind: 'folder', prefixes: ['/data/oslo'] },
        });
        await createDataset(d.db, {
          metadata: exampleRecord({ identifier: 'bergen-lung', title: 'Bergen lung CT' }),
          selection: { kind: 'studies', studyUids: ['1.2.3'] },
        });
        await createDataset(d.db, {
          metadata: exampleRecord({ identifier: 'draft', title: 'Not published' }),
          selection: { kind: 'folder', prefixes: ['/data'] },
        });
        assert.deepEqual(
          await counts(d.db, exact, everything),
          [['all', 'Oslo', 3, 3, 3]],
          'no dataset published yet',
        );

        await publishDataset(d.db, 'oslo');
        await publishDataset(d.db, 'bergen-lung');
        assert.deepEqual(await counts(d.db, exact, everything), [
          ['all', 'Oslo', 3, 3, 3],
          ['bergen-lung', 'Bergen lung CT', 1, 1, 1],
          ['oslo', 'Oslo images', 2, 2, 2],
        ]);
        assert.deepEqual(await counts(d.db, exact, femaleQuery), [
          ['all', 'Oslo', 1, 1, 1],
          ['bergen-lung', 'Bergen lung CT', '< 1', '< 1', '< 1'],
          ['oslo', 'Oslo images', 1, 1, 1],
        ]);
        // The policy applies to each dataset's counts, not only to the site's.
        assert.deepEqual(await counts(d.db, standard, everything), [
          ['all', 'Oslo', '< 10', '< 10', '< 10'],
          ['bergen-lung', 'Bergen lung CT', '< 10', '< 10', '< 10'],
          ['oslo', 'Oslo images', '< 10', '< 10', '< 10'],
        ]);

        // A narrower selection is answered at once (not from the cached counts of the old one).
        await updateDataset(d.db, 'oslo', {
          selection: { kind: 'folder', prefixes: ['/data/oslo/prostate'] },
        });
        assert.deepEqual((await counts(d.db, exact, everything))[2], ['oslo', 'Oslo images', 1, 1, 1]);

        await withdrawDataset(d.db, 'bergen-lung');
        assert.deepEqual(
          (await counts(d.db, exact, everything)).map((c) => c[0]),
          ['all', 'oslo'],
          'a withdrawn dataset is no longer answered for',
        );
      } finally {
        await d.close();
      }
    });
  });
}
