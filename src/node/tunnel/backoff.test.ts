import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from './backoff.js';

describe('reconnect backoff', () => {
  const opts = { baseMs: 500, capMs: 30_000 };
  it('grows exponentially up to the cap (upper bound of the jitter)', () => {
    const top = (a: number) => backoffDelay(a, opts, () => 0.999999);
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 50].map(top),
      [499, 999, 1999, 3999, 7999, 15999, 29999, 29999, 29999],
    );
  });
  it('spreads delays uniformly between 0 and the ceiling (full jitter)', () => {
    assert.equal(
      backoffDelay(3, opts, () => 0),
      0,
    );
    assert.equal(
      backoffDelay(3, opts, () => 0.5),
      2000,
    );
    const samples = Array.from({ length: 2000 }, () => backoffDelay(4, opts));
    assert.ok(samples.every((d) => d >= 0 && d < 8000));
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    assert.ok(mean > 3400 && mean < 4600, `mean ${mean}`);
  });
});
