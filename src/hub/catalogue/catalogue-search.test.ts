import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { backends, openTestHubDb } from '../../../test/support/db.js';
import type { HubDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { cancerTypes } from '../../model/codes.js';
import { parseDatasetMetadata, type DatasetMetadataInput } from '../../model/dataset-metadata.js';
import { exampleRecord } from '../../model/dcat/fixtures.js';
import { searchCatalogue } from './catalogue-search.service.js';
import { receiveNodeRecord } from './catalogue.service.js';
import { placeholderFigures } from '../../../test/support/catalogue-record.js';
import type { PublishedDatasetRecord } from '../../model/dataset-tasks.js';

async function seed(db: Kysely<HubDB>): Promise<void> {
  const org = async (slug: string, country: string) =>
    (
      await db
        .insertInto('organisation')
        .values({ slug, name: slug, country })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const oslo = await org('oslo-uh', 'NO');
  const valencia = await org('valencia-hf', 'ES');
  const push = async (
    organisationId: number,
    o: Partial<DatasetMetadataInput>,
    state: 'published' | 'withdrawn' = 'published',
  ) => {
    const metadata = parseDatasetMetadata(exampleRecord(o));
    const record: PublishedDatasetRecord = {
      identifier: metadata.identifier,
      revision: 1,
      state,
      metadata,
      figures: placeholderFigures,
      updatedAt: '',
    };
    await receiveNodeRecord(db, organisationId, record);
  };
  await push(oslo, { identifier: 'prostate-mr', numberOfUniqueIndividuals: 400 });
  await push(oslo, {
    identifier: 'breast-mg',
    title: 'Screening mammography with biopsy outcome',
    description: 'Digital mammograms from the national screening programme.',
    keywords: ['breast cancer', 'mammography'],
    conditions: [cancerTypes.breast.code],
    modalities: ['RID10357'],
    bodyParts: ['SNOMEDCT76752008'],
    sexes: ['F'],
    minTypicalAge: 50,
    maxTypicalAge: 69,
    numberOfUniqueIndividuals: 9000,
    accessRights: 'PUBLIC',
    licence: 'CC_BY_4_0',
  });
  await push(valencia, {
    identifier: 'lung-ct',
    title: 'Lung cancer CT and PET staging',
    description: 'Thoracic CT and PET-CT at diagnosis, with TNM stage.',
    keywords: ['lung cancer'],
    conditions: [cancerTypes.lung.code],
    modalities: ['RID10321', 'RID10337'],
    bodyParts: ['SNOMEDCT51185008'],
    sexes: ['F', 'M'],
    minTypicalAge: 38,
    maxTypicalAge: 85,
    numberOfUniqueIndividuals: 1200,
  });
  await push(
    valencia,
    { identifier: 'withdrawn-liver', title: 'Liver MR (withdrawn)', keywords: ['liver'] },
    'withdrawn',
  );
}

for (const backend of backends()) {
  describe(`catalogue search on ${backend}`, () => {
    it('finds by full text, filters by facets, counts facets, sorts and pages; never shows withdrawn entries', async () => {
      const d = await openTestHubDb(backend);
      try {
        await seed(d.db);
        const all = await searchCatalogue(d.db, {});
        assert.equal(all.total, 3);
        assert.ok(!all.items.some((i) => i.slug.includes('withdrawn')));
        assert.deepEqual(all.facets.country, [
          { value: 'NO', count: 2 },
          { value: 'ES', count: 1 },
        ]);
        assert.deepEqual(all.facets.accessRights, [
          { value: 'NON_PUBLIC', count: 2 },
          { value: 'PUBLIC', count: 1 },
        ]);

        // Stemmed full text: "mammograms" finds "mammography"; the liver dataset is withdrawn.
        const mammo = await searchCatalogue(d.db, { q: 'mammograms' });
        assert.deepEqual(
          mammo.items.map((i) => i.slug),
          ['oslo-uh.breast-mg'],
        );
        assert.equal((await searchCatalogue(d.db, { q: 'liver' })).total, 0);
        // Modality labels are searchable too.
        assert.deepEqual(
          (await searchCatalogue(d.db, { q: 'positron emission' })).items.map((i) => i.slug),
          ['valencia-hf.lung-ct'],
        );

        // Two facets: modality CT or MR, in Spain or Norway; the modality facet still lists MG.
        const r = await searchCatalogue(d.db, { modality: 'RID10321,RID10312', country: ['NO', 'ES'] });
        assert.deepEqual(r.items.map((i) => i.slug).sort(), ['oslo-uh.prostate-mr', 'valencia-hf.lung-ct']);
        assert.deepEqual(
          r.facets.modality.find((f) => f.value === 'RID10357'),
          { value: 'RID10357', count: 1 },
        );
        assert.deepEqual(
          r.facets.cancerType.map((f) => f.value).sort(),
          [cancerTypes.lung.code, cancerTypes.prostate.code].sort(),
        );

        const aged = await searchCatalogue(d.db, { ageRange: '80+' });
        assert.deepEqual(aged.items.map((i) => i.slug).sort(), [
          'oslo-uh.prostate-mr',
          'valencia-hf.lung-ct',
        ]);
        assert.deepEqual(
          aged.facets.ageRange.map((b) => b.value),
          ['18-39', '40-59', '60-79', '80+'],
        );

        const bySize = await searchCatalogue(d.db, { sort: 'subjects', pageSize: 2 });
        assert.deepEqual(
          bySize.items.map((i) => i.subjects),
          [9000, 1200],
        );
        const page2 = await searchCatalogue(d.db, { sort: 'subjects', pageSize: 2, page: 2 });
        assert.deepEqual(
          page2.items.map((i) => i.subjects),
          [400],
        );
        assert.equal(page2.total, 3);
        assert.equal((await searchCatalogue(d.db, { page: 9 })).total, 3);
      } finally {
        await d.close();
      }
    });

    it('rejects bad parameters naming them', async () => {
      const d = await openTestHubDb(backend);
      try {
        await assert.rejects(
          searchCatalogue(d.db, { pageSize: 1000, accessRights: 'OPEN' }),
          (e: unknown) => {
            assert.ok(e instanceof CieError);
            assert.equal(e.code, 'VALIDATION_FAILED');
            assert.match(e.message, /accessRights: must be among PUBLIC/);
            assert.match(e.message, /pageSize/);
            return true;
          },
        );
      } finally {
        await d.close();
      }
    });
  });
}
