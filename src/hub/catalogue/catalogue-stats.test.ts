import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backends, openTestHubDb } from '../../../test/support/db.js';
import { parseDatasetMetadata } from '../../model/dataset-metadata.js';
import { exampleRecord } from '../../model/dcat/fixtures.js';
import { catalogueLabels, catalogueStats } from './catalogue-stats.service.js';
import { receiveNodeRecord } from './catalogue.service.js';
import { placeholderFigures } from '../../../test/support/catalogue-record.js';

const figures = { ...placeholderFigures, series: 20, instances: 300, sizeBytes: 1_000_000 };

for (const backend of backends()) {
  describe(`catalogue stats on ${backend}`, () => {
    it('totals and breaks down published entries only, by subjects', async () => {
      const d = await openTestHubDb(backend);
      try {
        const org = async (slug: string, country: string) =>
          (
            await d.db
              .insertInto('organisation')
              .values({ slug, name: slug, country })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        const oslo = await org('oslo', 'NO');
        const fe = await org('fe', 'ES');
        const push = (organisation: number, state: 'published' | 'withdrawn', o: object) => {
          const metadata = parseDatasetMetadata(exampleRecord(o));
          return receiveNodeRecord(d.db, organisation, {
            identifier: metadata.identifier,
            revision: 1,
            state,
            metadata,
            figures,
            updatedAt: new Date().toISOString(),
          });
        };
        await push(oslo, 'published', {}); // prostate MR, 412 subjects, 455 studies
        await push(fe, 'published', {
          identifier: 'fe-lung',
          modalities: ['RID10321'],
          conditions: ['SNOMEDCT363358000'],
          numberOfUniqueIndividuals: 100,
          numberOfRecords: 120,
        });
        await push(fe, 'withdrawn', { identifier: 'fe-gone', numberOfUniqueIndividuals: 9999 });

        const s = await catalogueStats(d.db);
        assert.deepEqual(s.totals, {
          datasets: 2,
          subjects: 512,
          studies: 575,
          series: 40,
          instances: 600,
          sizeBytes: 2_000_000,
          providers: 1,
          countries: 2,
        });
        assert.deepEqual(s.byCountry, [
          { value: 'NO', datasets: 1, subjects: 412 },
          { value: 'ES', datasets: 1, subjects: 100 },
        ]);
        assert.deepEqual(
          s.byModality.map((b) => b.value),
          ['RID10312', 'RID10321'],
        );
        assert.equal(s.byCancerType.length, 2);
      } finally {
        await d.close();
      }
    });
  });
}

describe('catalogue labels', () => {
  it('names every code the pages show', () => {
    const l = catalogueLabels();
    assert.equal(l.RID10321, 'Computed Tomography');
    assert.equal(l.SNOMEDCT399068003, 'Prostate Cancer');
    assert.equal(l.CC_BY_NC_4_0, 'CC BY-NC 4.0');
    assert.equal(l.NON_PUBLIC, 'Non public');
    assert.equal(l['DUO:0000042'], 'GRU general research use');
    assert.equal(l.ES, 'Spain');
  });
});
