import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { backends, openTestNodeDb } from '../../../test/support/db.js';
import { generateSearchFixture, insertSearchFixture } from '../../../test/support/search-fixture.js';
import { expectedAnswer } from '../../../test/support/search-oracle.js';
import { and, group, leaf, lens, or, searchQueryTable } from '../../../test/support/search-queries.js';
import type { PrivacyConfig } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import type { NodeDB } from '../../db/schema.js';
import { cancerTypes, fieldKeys as F, sexCodes } from '../../model/codes.js';
import { normaliseQuery } from '../../model/query/normalise.js';
import type { QueryNode } from '../../model/query/query.schema.js';
import { parseQuery } from '../../model/query/validate.js';
import { searchFields } from '../../model/search-fields.js';
import { wholeIndexCollections } from '../search/collections.js';
import { answerSearch } from '../search/search.service.js';
import { canonicalQuery, meaningHash, type DataProfile } from './canonical-query.js';
import { dataProfile } from './data-profile.repository.js';

const fixture = generateSearchFixture(11, 300);
const ages = fixture.flatMap((p) =>
  p.clinical?.age_at_diagnosis == null ? [] : [p.clinical.age_at_diagnosis],
);
const oldest = Math.max(...ages);
const presentDiagnoses = new Set(fixture.map((p) => p.clinical?.diagnosis_code));
const absentDiagnosis = [...(searchFields.get(F.diagnosis)?.codes.keys() ?? [])].find(
  (c) => !presentDiagnoses.has(c),
);
const glioblastoma = cancerTypes.glioblastoma.code;

/** The attacker's target: glioblastoma patients aged 60 or more. */
const target = and(
  group(F.diagnosis, leaf(F.diagnosis, 'EQUALS', glioblastoma)),
  group(F.ageAtDiagnosis, leaf(F.ageAtDiagnosis, 'GREATER_THAN', 59.5)),
);

/** Rewrites that keep a query's meaning over the fixture; `k` varies the spelling. */
const rewrites: Array<(q: QueryNode, k: number) => QueryNode> = [
  // age BETWEEN 60 AND 200+k ≡ age ≥ 60 (nobody is older than the oldest)
  (q, k) => and(q, leaf(F.ageAtDiagnosis, 'BETWEEN', { min: 60, max: oldest + 1 + k })),
  // GREATER_THAN -1-k ≡ age known, implied by the target's age condition
  (q, k) => and(q, leaf(F.ageAtDiagnosis, 'GREATER_THAN', -1 - k)),
  // OR with an impossible value: an age nobody has, a diagnosis nobody has
  (q, k) => or(q, and(leaf(F.ageAtDiagnosis, 'BETWEEN', { min: 500 + k, max: 600 + k }), q)),
  (q) => or(q, leaf(F.diagnosis, 'EQUALS', absentDiagnosis ?? glioblastoma)),
  // AND with an always-true condition: every patient has one of the sexes
  (q) =>
    and(
      q,
      leaf(
        F.sex,
        'IN',
        Object.values(sexCodes).map((s) => s.code),
      ),
    ),
  // duplicates, nesting, reordering
  (q) => and(q, q),
  (q) => or(or(q)),
  (q) => (q.nodeType === 'branch' ? { ...q, children: [...q.children].reverse() } : q),
  // a one-value IN for the EQUALS
  (q, k) => and(q, leaf(F.diagnosis, 'IN', k % 2 ? [glioblastoma] : [glioblastoma, glioblastoma])),
];

const variants = fc
  .array(fc.tuple(fc.nat(rewrites.length - 1), fc.nat(1_000_000)), { minLength: 1, maxLength: 5 })
  .map((steps) => steps.reduce<QueryNode>((q, [i, k]) => rewrites[i]?.(q, k) ?? q, target))
  .filter((q) => {
    try {
      parseQuery(q); // within the nesting and size limits a node accepts
      return true;
    } catch {
      return false;
    }
  });

for (const backend of backends()) {
  describe(`canonical queries (noise per meaning) on ${backend}`, () => {
    let d: Database<NodeDB>;
    let profile: DataProfile;
    const noisy: PrivacyConfig = { threshold: 10, roundTo: 10, epsilon: 0.5 };
    const deps = () => ({
      db: d.db,
      provider: 'Site',
      privacy: noisy,
      collections: wholeIndexCollections('Site'),
    });
    before(async () => {
      d = await openTestNodeDb(backend);
      await insertSearchFixture(d.db, fixture);
      profile = await dataProfile(d.db);
    });
    after(() => d.close());

    it('gives every spelling of one question one noise key and one released answer (property)', async () => {
      const key = meaningHash(canonicalQuery(normaliseQuery(target), profile));
      const first = await answerSearch(deps(), target);
      const keys = new Set<string>();
      await fc.assert(
        fc.asyncProperty(variants, async (q) => {
          keys.add(meaningHash(canonicalQuery(normaliseQuery(q), profile)));
          const a = await answerSearch(deps(), q);
          assert.deepEqual(a.collections, first.collections);
          assert.equal(a.privacy.epsilon_spent, 0, 'a repeat spends no privacy budget');
        }),
        { numRuns: 120 },
      );
      assert.deepEqual([...keys], [key]);
      assert.equal(first.privacy.epsilon_spent, 0.5);
    });

    it('200 widened age ranges draw one noise key, not 200', () => {
      const keys = new Set<string>();
      for (let k = 0; k < 200; k++) {
        const q = lens([
          group(F.ageAtDiagnosis, leaf(F.ageAtDiagnosis, 'BETWEEN', { min: 0, max: 200 + k })),
        ]);
        keys.add(meaningHash(canonicalQuery(normaliseQuery(q), profile)));
      }
      assert.equal(keys.size, 1);
    });

    it('matches exactly what the original query matches (ground truth, every query of the table and variants)', () => {
      const check = (q: QueryNode): void => {
        const canonical = canonicalQuery(normaliseQuery(q), profile);
        const want = expectedAnswer(fixture, q).total;
        const got =
          canonical === null
            ? { subjects: 0, studies: 0, series: 0 }
            : expectedAnswer(fixture, canonical).total;
        assert.deepEqual(
          [got.subjects, got.studies, got.series],
          [want.subjects, want.studies, want.series],
          JSON.stringify(q),
        );
      };
      for (const { query } of searchQueryTable) check(query);
      fc.assert(
        fc.property(variants, (q) => check(q)),
        { numRuns: 200 },
      );
    });

    it('keeps different questions apart, and an impossible one matches nothing', () => {
      const hash = (q: QueryNode): string => meaningHash(canonicalQuery(normaliseQuery(q), profile));
      const older = and(target, leaf(F.ageAtDiagnosis, 'GREATER_THAN', 70));
      assert.notEqual(hash(older), hash(target));
      const impossible = lens([
        group(F.ageAtDiagnosis, leaf(F.ageAtDiagnosis, 'BETWEEN', { min: 500, max: 600 })),
      ]);
      assert.equal(canonicalQuery(normaliseQuery(impossible), profile), null);
      assert.deepEqual(canonicalQuery(normaliseQuery(or()), profile), {
        nodeType: 'branch',
        operand: 'AND',
        children: [],
      });
    });
  });
}
