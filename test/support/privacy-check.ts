/**
 * An independent check that a node's answer passes its privacy policy: every count is either the
 * suppression mark or a multiple of the rounding step at or above the threshold; no breakdown has
 * exactly one hidden count among shown ones (which total minus the shown strata would reveal); nothing is broken
 * down when the total is hidden; the age range is made of shown 10-year bands; the Focus lists
 * name only shown strata.
 */
import assert from 'node:assert/strict';
import type { PrivacyConfig } from '../../src/config/config.js';
import { dimensions, type FocusAnswer } from '../../src/model/search-answer.js';

export function assertPassesPolicy(answer: FocusAnswer, policy: PrivacyConfig): void {
  const mark = `< ${policy.threshold}`;
  const ok = (c: number | string, where: string): void => {
    if (typeof c === 'string') assert.equal(c, mark, where);
    else {
      assert.ok(c >= policy.threshold, `${where}: ${c} below threshold`);
      assert.equal(c % policy.roundTo, 0, `${where}: ${c} not rounded to ${policy.roundTo}`);
    }
  };
  for (const c of answer.collections) {
    ok(c.subjects_count, 'subjects_count');
    ok(c.studies_count, 'studies_count');
    ok(c.series_count, 'series_count');
    if (typeof c.subjects_count === 'string') {
      for (const d of dimensions) assert.deepEqual(c.strata[d], [], `no ${d} breakdown of a hidden total`);
      assert.deepEqual(c.age_range, { min: null, max: null });
      assert.deepEqual([c.gender, c.modalities, c.body_parts], [[], [], []]);
      continue;
    }
    for (const d of dimensions) {
      for (const m of ['subjects', 'studies', 'series'] as const) {
        const hidden = c.strata[d].filter((s) => typeof s[m] === 'string').length;
        // one hidden among shown ones is revealed by subtraction; a lone stratum is the total
        if (c.strata[d].length > 1) assert.notEqual(hidden, 1, `${d} ${m}: exactly one hidden stratum`);
        for (const s of c.strata[d]) ok(s[m], `${d} ${s.value} ${m}`);
      }
      for (const s of c.strata[d]) if (typeof s.subjects === 'string') assert.equal(s.series, mark);
    }
    const shown = (d: 'sex' | 'modality' | 'body_part'): string[] =>
      c.strata[d].filter((s) => typeof s.subjects === 'number' && s.value !== 'unknown').map((s) => s.label);
    assert.deepEqual(c.gender, shown('sex'));
    assert.deepEqual(c.modalities, shown('modality'));
    assert.deepEqual(c.body_parts, shown('body_part'));
    const bands = c.strata.age_band.filter((s) => typeof s.subjects === 'number' && s.value !== 'unknown');
    if (c.age_range.min === null) assert.equal(bands.length, 0);
    else {
      assert.ok(
        bands.some((b) => Number(b.value) === c.age_range.min),
        'age min is a shown band',
      );
      assert.ok(
        bands.some((b) => Number(b.value) + 9 === c.age_range.max),
        'age max is a shown band',
      );
    }
  }
}
