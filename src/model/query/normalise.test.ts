import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { and, group, leaf, lens, or, searchQueryTable } from '../../../test/support/search-queries.js';
import { fieldKeys as F, sexCodes } from '../codes.js';
import { canonicalJson, everything, normaliseQuery, queryHash } from './normalise.js';
import type { QueryNode } from './query.schema.js';
import { parseQuery } from './validate.js';

function shuffle(q: QueryNode, rand: () => number): QueryNode {
  if (q.nodeType === 'leaf') {
    return Array.isArray(q.value) ? { ...q, value: [...q.value].sort(() => rand() - 0.5) } : q;
  }
  const children = q.children.map((c) => shuffle(c, rand)).sort(() => rand() - 0.5);
  return { ...q, children };
}

describe('query normal form', () => {
  const mr = leaf(F.modality, 'EQUALS', 'RID10312');
  const male = leaf(F.sex, 'EQUALS', sexCodes.M.code);

  it('makes reordered, duplicated and re-nested queries equal', () => {
    const a = lens([group(F.sex, male), group(F.modality, mr)]);
    const b = and(group(F.modality, mr, mr), and(group(F.sex, male)));
    assert.equal(canonicalJson(normaliseQuery(a)), canonicalJson(normaliseQuery(b)));
    assert.equal(queryHash(a), queryHash(b));
    assert.notEqual(queryHash(a), queryHash(lens([group(F.sex, male)], [group(F.modality, mr)])));
  });

  it('writes the empty search (AND or OR) as one constant and a one-value IN as EQUALS', () => {
    assert.deepEqual(normaliseQuery(or()), everything);
    assert.equal(queryHash(or()), queryHash(and()));
    assert.deepEqual(normaliseQuery(leaf(F.sex, 'IN', [sexCodes.M.code, sexCodes.M.code])), {
      nodeType: 'leaf',
      key: F.sex,
      type: 'EQUALS',
      value: sexCodes.M.code,
    });
  });

  it('gives every shuffle of every table query the same hash (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: searchQueryTable.length - 1 }), fc.integer(), (i, seed) => {
        const q = parseQuery(searchQueryTable[i]?.query);
        let s = seed;
        const rand = (): number => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
        assert.equal(queryHash(shuffle(q, rand)), queryHash(q));
      }),
      { numRuns: 200 },
    );
  });
});
