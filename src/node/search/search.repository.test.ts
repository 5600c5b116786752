import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import {
  generateSearchFixture,
  insertSearchFixture,
  longFollowUpPatients,
  type FxPatient,
} from '../../../test/support/search-fixture.js';
import { expectedAnswer } from '../../../test/support/search-oracle.js';
import { searchQueryTable } from '../../../test/support/search-queries.js';
import type { Database } from '../../db/database.js';
import type { NodeDB } from '../../db/schema.js';
import { normaliseQuery } from '../../model/query/normalise.js';
import { parseQuery } from '../../model/query/validate.js';
import { wholeIndexCollections } from './collections.js';
import { countMatches } from './search.repository.js';

// with patients of more search rows than a row bitmask holds, counted from their rows instead
const fixture: FxPatient[] = [...generateSearchFixture(20261127, 400), ...longFollowUpPatients(5)];

for (const backend of backends()) {
  describe(`search counts against ground truth on ${backend}`, () => {
    let d: Database<NodeDB>;
    before(async () => {
      d = await openTestNodeDb(backend);
      await insertSearchFixture(d.db, fixture);
    });
    after(() => d.close());

    it('has a table of at least 30 queries', () => {
      assert.ok(searchQueryTable.length >= 30);
    });

    for (const { name, query } of searchQueryTable) {
      it(`counts subjects, studies, series and strata right: ${name}`, async () => {
        const [collection] = await wholeIndexCollections('Test site').collectionsOf(d.db);
        assert.ok(collection);
        const valid = parseQuery(query);
        const got = await countMatches(d.db, valid, collection);
        const want = expectedAnswer(fixture, valid);
        assert.deepEqual(got, want);
        assert.deepEqual(
          await countMatches(d.db, normaliseQuery(valid), collection),
          want,
          'normal form, same answer',
        );
      });
    }

    it('the table covers empty and non-empty results', () => {
      const totals = searchQueryTable.map(
        ({ query }) => expectedAnswer(fixture, parseQuery(query)).total.subjects,
      );
      assert.ok(totals.filter((t) => t === 0).length >= 2, 'some queries match nobody');
      assert.ok(totals.filter((t) => t > 0 && t < fixture.length).length >= 25, 'most match some');
    });
  });
}
