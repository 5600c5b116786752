/**
 * What a dataset's catalogue record tells the public, as a node pushes it: a demo-like small
 * dataset gives away neither its size nor its ages nor its categories; a larger one shows rounded
 * counts, ages as percentile range and shown bands only, and only categories whose counts are
 * shown; the padding attack that used exact catalogue counts no longer pins a suppressed count;
 * a data holder's exact opt-in is audited; noise, when set, does not change between pushes.
 */
import assert from 'node:assert/strict';
import { before, after, describe, it } from 'node:test';
import { addStudy, type StudySpec } from '../../../test/support/dataset-index.js';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import { leaf, or } from '../../../test/support/search-queries.js';
import type { PrivacyConfig } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import type { NodeDB } from '../../db/schema.js';
import { cancerTypes, fieldKeys } from '../../model/codes.js';
import { datasetQuads } from '../../model/dcat/to-rdf.js';
import { toJsonLd, toTurtle } from '../../model/dcat/serialize.js';
import { exampleRecord } from '../../model/dcat/fixtures.js';
import type { ReleasedCount } from '../../model/released-figures.js';
import { releaseCount } from '../privacy/release.js';
import { wholeIndexCollections } from '../search/collections.js';
import { answerSearch } from '../search/search.service.js';
import { findDatasetByIdentifier } from './dataset.repository.js';
import { createDataset, publishDataset, pushRecordOf, setFigurePublication } from './dataset.service.js';

const standard: PrivacyConfig = { threshold: 10, roundTo: 10 };
const noisy: PrivacyConfig = { threshold: 10, roundTo: 10, epsilon: 0.5 };

let study = 0;
/** `n` patients in `folder`, one MR study each; `at(i)` varies a patient's attributes. */
async function patients(
  db: Database<NodeDB>['db'],
  folder: string,
  n: number,
  at: (i: number) => Partial<StudySpec> = () => ({}),
): Promise<void> {
  for (let i = 0; i < n; i++) {
    study += 1;
    await addStudy(db, {
      pseudonym: `${folder}-${i}`,
      sex: 'M',
      diagnosis: cancerTypes.prostate.code,
      ageAtDiagnosis: 60,
      studyUid: `2.25.${study}`,
      modality: 'MR',
      bodyPart: 'PROSTATE',
      manufacturer: 'Philips',
      folder,
      sizes: [1000],
      ...at(i),
    });
  }
}

async function publish(db: Database<NodeDB>['db'], identifier: string, folder: string): Promise<void> {
  await createDataset(db, {
    metadata: exampleRecord({ identifier }),
    selection: { kind: 'folder', prefixes: [folder] },
  });
  await publishDataset(db, identifier);
}

async function record(db: Database<NodeDB>['db'], identifier: string, policy: PrivacyConfig) {
  const row = await findDatasetByIdentifier(db, identifier);
  assert.ok(row);
  const r = await pushRecordOf(db, row, policy);
  assert.ok(r);
  return r;
}

for (const backend of backends()) {
  describe(`catalogue figures released by a node on ${backend}`, () => {
    let d: Database<NodeDB>;
    before(async () => {
      d = await openTestNodeDb(backend);
      // Like the demo's neuroblastoma dataset: 6 children aged 0 to 4, boys and girls.
      await patients(d.db, '/data/small', 6, (i) => ({
        sex: i % 2 ? 'F' : 'M',
        diagnosis: cancerTypes.neuroblastoma.code,
        ageAtDiagnosis: i % 5,
        modality: i === 0 ? 'PT' : 'MR',
      }));
      // 47 patients aged 20 to 89 (one per 1.5 years), two of them women, one with a CT.
      await patients(d.db, '/data/large', 47, (i) => ({
        sex: i < 2 ? 'F' : 'M',
        ageAtDiagnosis: 20 + Math.floor(i * 1.5),
        modality: i === 5 ? 'CT' : 'MR',
        manufacturer: i === 7 ? 'Rare Vendor' : 'Philips',
      }));
      await publish(d.db, 'small', '/data/small');
      await publish(d.db, 'large', '/data/large');
    });
    after(() => d.close());

    it('a demo-like small dataset exposes no count, no age and no category', async () => {
      const r = await record(d.db, 'small', standard);
      assert.equal(r.figures.subjects, '< 10');
      assert.equal(r.figures.studies, '< 10');
      assert.equal(r.figures.instances, '< 10');
      assert.equal(r.figures.sizeBytes, null);
      assert.equal(r.figures.typicalAge, null);
      for (const list of ['ageBands', 'sexes', 'conditions', 'modalities', 'bodyParts'] as const)
        assert.deepEqual(r.figures[list], [], list);
      const m = r.metadata;
      assert.equal(m.numberOfUniqueIndividuals, undefined);
      assert.equal(m.numberOfRecords, undefined);
      assert.equal(m.minTypicalAge, undefined);
      assert.equal(m.maxTypicalAge, undefined);
      assert.deepEqual(
        [m.sexes, m.conditions, m.modalities, m.bodyParts, m.manufacturers],
        [[], [], [], [], []],
      );
      const iri = 'https://hub.example.org/catalogue/datasets/x.small';
      const ttl = await toTurtle(datasetQuads(m, iri));
      const jsonld = await toJsonLd(datasetQuads(m, iri));
      for (const text of [ttl, JSON.stringify(jsonld), JSON.stringify(r)])
        assert.doesNotMatch(text, /numberOfUniqueIndividuals|numberOfRecords|TypicalAge/);
      assert.doesNotMatch(JSON.stringify(r.figures), /:[0-6][,}]/, 'no count of 6 and no age of 0 to 4');
    });

    it('a larger dataset shows rounded counts, percentile ages and only categories with shown counts', async () => {
      const r = await record(d.db, 'large', standard);
      assert.equal(r.figures.subjects, 50, '47 rounded to the step');
      assert.equal(r.metadata.numberOfUniqueIndividuals, 50);
      // Ages 20..89: the 10th and 90th percentiles rounded outward to 5 years, not the extremes.
      assert.deepEqual(r.figures.typicalAge, { min: 25, max: 85 });
      assert.equal(r.metadata.minTypicalAge, 25);
      assert.equal(r.metadata.maxTypicalAge, 85);
      for (const b of r.figures.ageBands) {
        assert.ok(b.subjects >= 10, `band ${b.min}-${b.max} is shown only with a count of at least 10`);
        assert.equal(b.max - b.min, 9);
      }
      // Two women: their count is hidden, and so is the men's (else 50 - men = women).
      assert.deepEqual(r.figures.sexes, []);
      assert.deepEqual(r.metadata.sexes, []);
      // One CT: hidden, and MR (the next smallest) with it; the prostate body part is shown.
      assert.deepEqual(r.figures.modalities, []);
      assert.deepEqual(r.metadata.modalities, []);
      assert.deepEqual(r.figures.bodyParts, [{ value: 'SNOMEDCT41216001', subjects: 50 }]);
      assert.deepEqual(r.metadata.manufacturers, ['Philips'], 'a vendor of one patient is not named');
      assert.equal(r.figures.instances, 50);
      assert.equal(r.figures.sizeBytes, 47_000);
    });

    it('the padding attack "public count OR target" no longer pins a suppressed count', async () => {
      // Pads: published datasets of known diagnoses; targets: small groups the attacker wants.
      const pads = { glioma: 7, liver: 9, colon: 14, rectum: 23 } as const;
      const targets = { glioblastoma: 1, lung: 2, breast: 4, neuroblastoma: 7 } as const;
      const fresh = await openTestNodeDb(backend);
      try {
        for (const [name, n] of Object.entries(pads)) {
          await patients(fresh.db, `/pad/${name}`, n, () => ({
            diagnosis: cancerTypes[name as keyof typeof pads].code,
          }));
          await publish(fresh.db, `pad-${name}`, `/pad/${name}`);
        }
        for (const [name, n] of Object.entries(targets))
          await patients(fresh.db, `/target/${name}`, n, () => ({
            diagnosis: cancerTypes[name as keyof typeof targets].code,
          }));
        const search = async (pad: string, target: string): Promise<ReleasedCount> => {
          const diagnosis = (c: string) => leaf(fieldKeys.diagnosis, 'EQUALS', c);
          const answer = await answerSearch(
            {
              db: fresh.db,
              provider: 'Site',
              privacy: standard,
              collections: wholeIndexCollections('Site'),
            },
            or(
              diagnosis(cancerTypes[pad as keyof typeof pads].code),
              diagnosis(cancerTypes[target as keyof typeof targets].code),
            ),
          );
          const c = answer.collections[0]?.subjects_count;
          assert.ok(c !== undefined);
          return c;
        };
        const released = (n: number): ReleasedCount => releaseCount(n, standard);
        /** Every target size 0..9 consistent with what the attacker saw, given what they know of each pad. */
        const candidates = (padSizes: (pad: string) => number[], seen: Map<string, ReleasedCount>) =>
          [...Array(10).keys()].filter((t) =>
            Object.keys(pads).every((pad) => padSizes(pad).some((p) => released(p + t) === seen.get(pad))),
          );
        let recoveredWithExact = 0;
        for (const [target, t] of Object.entries(targets)) {
          const seen = new Map<string, ReleasedCount>();
          for (const pad of Object.keys(pads)) seen.set(pad, await search(pad, target));
          // What the catalogue publishes now: the released count of each pad.
          const publicCount = new Map<string, ReleasedCount>();
          for (const pad of Object.keys(pads))
            publicCount.set(pad, (await record(fresh.db, `pad-${pad}`, standard)).figures.subjects);
          const now = candidates(
            (pad) => [...Array(60).keys()].filter((p) => released(p) === publicCount.get(pad)),
            seen,
          );
          assert.ok(now.includes(t), 'the truth stays consistent');
          assert.ok(
            now.length > 1,
            `target of ${t} pinned to ${now.join(',')} from released catalogue counts`,
          );
          // What it published before: exact counts.
          const before = candidates((pad) => [pads[pad as keyof typeof pads]], seen);
          if (before.length === 1 && before[0] === t) recoveredWithExact += 1;
        }
        assert.ok(recoveredWithExact > 0, 'with exact catalogue counts the same searches pinned a target');
      } finally {
        await fresh.close();
      }
    });

    it('a data holder opts a dataset into exact figures, with a reason and an audit record', async () => {
      await assert.rejects(
        setFigurePublication(d.db, 'small', { publication: 'exact', reason: ' ', actor: 'cli' }),
        { code: 'VALIDATION_FAILED', message: /\$\.reason: is required/ },
      );
      const view = await setFigurePublication(d.db, 'small', {
        publication: 'exact',
        reason: 'consortium agreement 2026-04',
        actor: 'cli:holder',
      });
      assert.equal(view.figurePublication, 'exact');
      const r = await record(d.db, 'small', standard);
      assert.equal(r.figures.publication, 'exact');
      assert.equal(r.figures.subjects, 6);
      assert.equal(r.metadata.numberOfUniqueIndividuals, 6);
      assert.deepEqual(r.metadata.sexes, ['F', 'M']);
      assert.deepEqual(r.figures.typicalAge, { min: 0, max: 5 }, 'ages stay a rounded percentile range');
      const pending = await d.db
        .selectFrom('dataset_pending_push')
        .select('reason')
        .where('dataset_id', '=', (await findDatasetByIdentifier(d.db, 'small'))?.id ?? 0)
        .executeTakeFirst();
      assert.equal(pending?.reason, 'figures exact', 'the hub learns of it');
      const log = await d.db
        .selectFrom('audit_log')
        .select(['actor', 'action', 'target', 'details'])
        .where('action', 'like', 'dataset.figures.%')
        .execute();
      assert.deepEqual(log, [
        {
          actor: 'cli:holder',
          action: 'dataset.figures.exact',
          target: 'dataset:small',
          details: { from: 'released', to: 'exact', reason: 'consortium agreement 2026-04' },
        },
      ]);
      await setFigurePublication(d.db, 'small', { publication: 'released', reason: '', actor: 'cli:holder' });
      assert.equal((await record(d.db, 'small', standard)).figures.subjects, '< 10');
    });

    it('with noise, pushing again gives the same figures (one cached draw per count)', async () => {
      const first = await record(d.db, 'large', noisy);
      const second = await record(d.db, 'large', noisy);
      assert.equal(first.figures.policy.noise, true);
      assert.deepEqual(second.figures, first.figures);
      assert.equal(typeof first.figures.subjects === 'number' ? first.figures.subjects % 10 : 0, 0);
    });
  });
}
