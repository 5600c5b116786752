import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { assertPassesPolicy } from '../../../test/support/privacy-check.js';
import type { PrivacyConfig } from '../../config/config.js';
import { presentCollection } from '../search/search.service.js';
import { type RawSearchResult, type RawStratum } from '../search/search.repository.js';
import { releaseCount, releaseResult } from './release.js';
import { dimensions } from '../../model/search-answer.js';

const policy: PrivacyConfig = { threshold: 10, roundTo: 10, epsilon: undefined };
const stratum = (value: string, subjects: number): RawStratum => ({
  value,
  subjects,
  studies: subjects * 2,
  series: subjects * 5,
});
const raw = (strata: Partial<RawSearchResult['strata']>, subjects: number): RawSearchResult => ({
  total: { subjects, studies: subjects * 2, series: subjects * 5, ageMin: 41, ageMax: 88 },
  strata: { sex: [], age_band: [], modality: [], body_part: [], cancer_type: [], ...strata },
});

describe('privacy release', () => {
  it('suppresses small counts as "< 10" and rounds the others to the step', () => {
    assert.equal(releaseCount(0, policy), '< 10');
    assert.equal(releaseCount(9, policy), '< 10');
    assert.equal(releaseCount(10, policy), 10);
    assert.equal(releaseCount(14, policy), 10);
    assert.equal(releaseCount(15, policy), 20);
    assert.equal(releaseCount(7, { threshold: 5, roundTo: 1 }), 7);
    assert.equal(releaseCount(Number.NaN, policy), '< 10');
  });

  it('hides a second stratum when only one would be hidden (total minus the rest)', () => {
    const r = releaseResult(raw({ sex: [stratum('F', 31), stratum('M', 3), stratum('O', 12)] }, 46), {
      threshold: 10,
      roundTo: 1,
    });
    assert.deepEqual(
      r.strata.sex.map((s) => [s.value, s.subjects]),
      [
        ['F', 31],
        ['M', '< 10'],
        ['O', '< 10'],
      ],
    );
  });

  it('says nothing about the breakdown or ages of a group below the threshold', () => {
    const r = releaseResult(raw({ sex: [stratum('F', 4)], age_band: [stratum('40', 4)] }, 4), policy);
    assert.equal(r.total.subjects, '< 10');
    assert.deepEqual(r.strata.sex, []);
    assert.deepEqual(r.ageRange, { min: null, max: null });
  });

  it("coarsens the age range to shown 10-year bands, never one person's age", () => {
    const r = releaseResult(
      raw({ age_band: [stratum('40', 1), stratum('50', 20), stratum('60', 30), stratum('80', 2)] }, 53),
      policy,
    );
    assert.deepEqual(r.ageRange, { min: 50, max: 69 });
  });

  it('passes the policy for any raw counts and any policy (property)', () => {
    const counts = fc.integer({ min: 0, max: 200 });
    const strataOf = (values: string[]) =>
      fc.uniqueArray(
        fc.record({
          value: fc.constantFrom(...values),
          subjects: counts,
          studies: counts,
          series: counts,
        }),
        { selector: (s) => s.value, maxLength: 8 },
      );
    fc.assert(
      fc.property(
        fc.record({
          sex: strataOf(['F', 'M', 'O', 'U']),
          age_band: strataOf(['0', '10', '20', '30', '40', '50', '60', '70', 'unknown']),
          modality: strataOf(['A', 'B', 'C']),
          body_part: strataOf(['A', 'B', 'C', 'D']),
          cancer_type: strataOf(['A', 'B', 'unknown']),
        }),
        counts,
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 10 }),
        fc.option(fc.double({ min: -3, max: 3, noNaN: true }), { nil: undefined }),
        (st, subjects, threshold, roundTo, noise) => {
          const p: PrivacyConfig = { threshold, roundTo, epsilon: noise === undefined ? undefined : 0.5 };
          const r: RawSearchResult = {
            total: { subjects, studies: subjects, series: subjects, ageMin: 1, ageMax: 99 },
            strata: st,
          };
          for (const d of dimensions) r.strata[d].sort((a, b) => (a.value < b.value ? -1 : 1));
          const released = releaseResult(r, p, () => noise ?? 0);
          const c = presentCollection({ id: 'all', name: 'x', description: '' }, released);
          assertPassesPolicy(
            {
              provider: 'x',
              collections: [c],
              query_hash: '',
              privacy: { threshold, round_to: roundTo, epsilon: null, suppressed_as: `< ${threshold}` },
            },
            p,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
