import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import { assertPassesPolicy } from '../../../test/support/privacy-check.js';
import { generateSearchFixture, insertSearchFixture } from '../../../test/support/search-fixture.js';
import { expectedAnswer } from '../../../test/support/search-oracle.js';
import { and, group, leaf, lens, or, searchQueryTable } from '../../../test/support/search-queries.js';
import type { PrivacyConfig } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import type { NodeDB } from '../../db/schema.js';
import { CieError } from '../../errors.js';
import { cancerTypes, fieldKeys as F, sexCodes } from '../../model/codes.js';
import type { QueryLeaf, QueryNode } from '../../model/query/query.schema.js';
import { wholeIndexCollections } from './collections.js';
import { answerSearch, searchTaskHandler, type SearchNodeDeps } from './search.service.js';

const fixture = generateSearchFixture(7, 300);
const leaves: QueryLeaf[] = [];
const collect = (q: QueryNode): void => {
  if (q.nodeType === 'leaf') leaves.push(q);
  else q.children.forEach(collect);
};
searchQueryTable.forEach(({ query }) => collect(query));

for (const backend of backends()) {
  describe(`search answers at a node on ${backend}`, () => {
    let d: Database<NodeDB>;
    const deps = (privacy: PrivacyConfig): SearchNodeDeps => ({
      db: d.db,
      provider: 'Oslo University Hospital',
      privacy,
      collections: wholeIndexCollections('Oslo University Hospital'),
    });
    const exact: PrivacyConfig = { threshold: 1, roundTo: 1, epsilon: undefined };
    const standard: PrivacyConfig = { threshold: 10, roundTo: 10, epsilon: undefined };
    const noisy: PrivacyConfig = { threshold: 10, roundTo: 10, epsilon: 0.5 };
    before(async () => {
      d = await openTestNodeDb(backend);
      await insertSearchFixture(d.db, fixture);
    });
    after(() => d.close());

    it('answers in Focus shape with the policy it applied', async () => {
      const a = await answerSearch(deps(standard), { nodeType: 'branch', operand: 'OR', children: [] });
      assert.equal(a.provider, 'Oslo University Hospital');
      assert.deepEqual(a.privacy, {
        threshold: 10,
        round_to: 10,
        epsilon: null,
        epsilon_spent: 0,
        suppressed_as: '< 10',
      });
      const [c] = a.collections;
      assert.ok(c);
      assert.equal(c.id, 'all');
      assert.equal(c.subjects_count, 300);
      assert.ok(c.gender.includes('female') && c.gender.includes('male'));
      assert.ok(c.modalities.includes('Magnetic Resonance Imaging'));
      assert.ok(c.body_parts.includes('Prostate'));
      assert.equal(typeof c.age_range.min, 'number');
      assert.equal(Number(c.age_range.min) % 10, 0);
      assert.equal(Number(c.age_range.max) % 10, 9);
      assert.ok(c.strata.cancer_type.some((s) => s.label === 'Glioblastoma'));
    });

    it('with an exact policy, gives the ground-truth totals of the whole query table', async () => {
      for (const { query } of searchQueryTable) {
        const [c] = (await answerSearch(deps(exact), query)).collections;
        const want = expectedAnswer(fixture, query).total;
        const n = (x: number): number | string => (x >= 1 ? x : '< 1');
        assert.deepEqual(
          [c?.subjects_count, c?.studies_count, c?.series_count],
          [n(want.subjects), n(want.studies), n(want.series)],
        );
      }
    });

    it('every reply to a random query passes the policy (property)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(fc.constantFrom(...leaves), { minLength: 1, maxLength: 3 }), {
            minLength: 1,
            maxLength: 2,
          }),
          fc.constantFrom(standard, noisy, { threshold: 5, roundTo: 1, epsilon: undefined }),
          async (rows, policy) => {
            const query = lens(...rows.map((r) => r.map((l) => group(l.key, l))));
            assertPassesPolicy(await answerSearch(deps(policy), query), policy);
          },
        ),
        { numRuns: 40 },
      );
    });

    it('gives the same noisy answer to a repeated or reordered query, so noise cannot be averaged', async () => {
      const male = leaf(F.sex, 'EQUALS', sexCodes.M.code);
      const prostate = leaf(F.diagnosis, 'EQUALS', cancerTypes.prostate.code);
      const keys = async (): Promise<number> =>
        (
          await d.db
            .selectFrom('search_noise')
            .select(sql<number>`count(distinct query_hash)::int`.as('n'))
            .executeTakeFirstOrThrow()
        ).n;
      const first = await answerSearch(deps(noisy), lens([group(F.sex, male), group(F.diagnosis, prostate)]));
      const drawn = await keys();
      for (let i = 0; i < 5; i++) {
        assert.deepEqual(
          await answerSearch(deps(noisy), lens([group(F.sex, male), group(F.diagnosis, prostate)])),
          { ...first, privacy: { ...first.privacy, epsilon_spent: 0 } },
        );
      }
      const reordered = await answerSearch(
        deps(noisy),
        and(group(F.diagnosis, prostate, prostate), group(F.sex, male)),
      );
      assert.deepEqual(reordered.collections, first.collections);
      assert.equal(await keys(), drawn, 'no new noise key for a repeat or a reordering');
    });

    it('does not reveal a small group by differencing two overlapping queries', async () => {
      // everything minus "sex is not other" would be the few patients of sex other, if counts were exact
      const notOther = leaf(F.sex, 'NOT_EQUALS', sexCodes.O.code);
      const all = (await answerSearch(deps(standard), or())).collections[0];
      const rest = (await answerSearch(deps(standard), lens([group(F.sex, notOther)]))).collections[0];
      const truth = fixture.filter((p) => p.sex === 'O').length;
      assert.ok(truth > 0 && truth < 10, `fixture has a small group (${truth})`);
      assert.equal(typeof all?.subjects_count, 'number');
      assert.equal(typeof rest?.subjects_count, 'number');
      assert.notEqual(Number(all?.subjects_count) - Number(rest?.subjects_count), truth);
      const other = (await answerSearch(deps(standard), or())).collections[0]?.strata.sex.find(
        (x) => x.value === sexCodes.O.code,
      );
      assert.equal(other?.subjects, '< 10');
    });

    it('treats SQL in a CONTAINS text as data, and rejects bad task payloads', async () => {
      const evil = lens([
        group(F.diagnosis, leaf(F.diagnosis, 'CONTAINS', "x') or 1=1; drop table patient; --")),
      ]);
      const a = await answerSearch(deps(exact), evil);
      assert.equal(a.collections[0]?.subjects_count, '< 1');
      const { n } = await d.db
        .selectFrom('patient')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(n, 300);
      const handle = searchTaskHandler(deps(standard));
      await assert.rejects(
        handle({ nope: 1 }),
        (e: unknown) => e instanceof CieError && e.code === 'INVALID_QUERY',
      );
      await assert.rejects(handle({ query: or(or()) }), /children\[0\]\.children: an empty group/);
      const ok = await handle({ query: or() });
      assert.equal(ok.collections[0]?.subjects_count, 300);
    });
  });
}
