import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  and,
  capturedModalityMr,
  group,
  leaf,
  lens,
  or,
  searchQueryTable,
} from '../../../test/support/search-queries.js';
import { CieError } from '../../errors.js';
import { fieldKeys as F, sexCodes } from '../codes.js';
import { searchFields } from '../search-fields.js';
import { piradsKey } from '../search-fields.additions.js';
import { parseQuery } from './validate.js';

function rejects(input: unknown, message: RegExp): void {
  assert.throws(
    () => parseQuery(input),
    (e: unknown) => {
      assert.ok(e instanceof CieError, String(e));
      assert.equal(e.code, 'INVALID_QUERY');
      assert.match(e.message, message);
      return true;
    },
  );
}

const male = sexCodes.M.code;

describe('field catalogue', () => {
  it('is the EUCAIM Lens catalogue, copied unchanged into the package', () => {
    const copy = readFileSync(new URL('../catalogue/lens-search-catalogue.json', import.meta.url), 'utf8');
    const shared = new URL('../../../../shared/reference/eucaim/lens-search-catalogue.json', import.meta.url);
    let reference: string | undefined;
    try {
      reference = readFileSync(shared, 'utf8');
    } catch {
      reference = undefined; // the package works without shared/
    }
    if (reference !== undefined) assert.deepEqual(JSON.parse(copy), JSON.parse(reference));
  });

  it('keeps BI-RADS on its upstream key and gives PI-RADS its own', () => {
    assert.equal(searchFields.get('EUCAIM_Hyper-Ontology_V1.0.IMG1005459')?.name, 'BI-RADS assessment');
    const pirads = searchFields.get(piradsKey);
    assert.equal(pirads?.name, 'PI-RADS assessment');
    assert.ok(pirads?.codes.has('EUCAIM_Hyper-Ontology_V1.0.IMG1005475'));
    assert.ok(
      !searchFields
        .get('EUCAIM_Hyper-Ontology_V1.0.IMG1005459')
        ?.codes.has('EUCAIM_Hyper-Ontology_V1.0.IMG1005475'),
    );
  });

  it('adds the cancer types, body parts and modalities the upstream catalogue lacks', () => {
    assert.equal(searchFields.get(F.diagnosis)?.codes.get('SNOMEDCT393563007'), 'Glioblastoma');
    assert.equal(searchFields.get(F.bodyPart)?.codes.get('SNOMEDCT23451007'), 'Adrenal gland');
    assert.equal(searchFields.get(F.modality)?.codes.get('RID10357'), 'Mammography');
    assert.equal(searchFields.get(F.sex)?.scope, 'patient');
    assert.equal(searchFields.get(F.modality)?.scope, 'series');
  });
});

describe('query validation', () => {
  it('accepts what Lens sends, including the empty search', () => {
    const mr = capturedModalityMr;

    assert.deepEqual(parseQuery(mr), mr);
    assert.deepEqual(parseQuery({ nodeType: 'branch', operand: 'OR', children: [] }).nodeType, 'branch');
    for (const { query } of searchQueryTable) parseQuery(query);
  });

  it('rejects unknown fields and codes, naming the path', () => {
    rejects(
      lens([group('SNOMEDCT0000', leaf('SNOMEDCT0000', 'EQUALS', 'x'))]),
      /^children\[0\]\.children\[0\]\.key: unknown search field 'SNOMEDCT0000'/,
    );
    rejects(
      lens([group(F.sex, leaf(F.sex, 'EQUALS', 'SNOMEDCT1'))]),
      /^children\[0\]\.children\[0\]\.children\[0\]\.value: unknown code 'SNOMEDCT1' for field Gender/,
    );
    rejects(
      lens([group(F.sex, leaf(F.sex, 'IN', [male, 'nope']))]),
      /children\[0\]\.value\[1\]: unknown code 'nope'/,
    );
  });

  it('rejects a value of the wrong type for its field or operator', () => {
    rejects(
      leaf(F.ageAtDiagnosis, 'EQUALS', 'sixty'),
      /^value: EQUALS on field Age at Diagnosis .* takes a number, not a string/,
    );
    rejects(
      leaf(F.ageAtDiagnosis, 'BETWEEN', { min: '2020-01-01', max: '2021-01-01' }),
      /takes a range of numbers/,
    );
    rejects(leaf(F.ageAtDiagnosis, 'BETWEEN', {}), /needs min, max or both/);
    rejects(leaf(F.ageAtDiagnosis, 'BETWEEN', { min: 70, max: 50 }), /min \(70\) is greater than max \(50\)/);
    rejects(leaf(F.sex, 'BETWEEN', { min: 1, max: 2 }), /does not apply to the coded field Gender/);
    rejects(leaf(F.sex, 'EQUALS', true), /takes one code \(a string\), not a boolean/);
    rejects(leaf(F.ageAtDiagnosis, 'CONTAINS', 'x'), /does not apply to the number field/);
    rejects({ nodeType: 'leaf', key: F.sex, type: 'LIKE', value: male }, /^type: Invalid option/);
    rejects(
      { nodeType: 'leaf', key: F.modality, type: 'EQUALS', system: 'urn:other', value: 'RID10312' },
      /^system: field Modality uses code system 'urn:oid:2.16.840.1.113883.6.256', not 'urn:other'/,
    );
  });

  it('rejects empty groups, mismatched group keys and non-objects', () => {
    rejects(lens([group(F.sex)]), /^children\[0\]\.children\[0\]\.children: an empty group matches nothing/);
    rejects(or(and()), /^children\[0\]\.children: an empty group/);
    rejects(
      lens([group(F.sex, leaf(F.modality, 'EQUALS', 'RID10312'))]),
      /condition on 'RID10311' inside the group of field 'SNOMEDCT263495000'/,
    );
    rejects([], /must be a JSON object/);
    rejects(or('x' as never), /^children\[0\]: must be an object/);
  });

  it('rejects over-deep, over-large and over-long queries without running out of stack', () => {
    let deep: unknown = leaf(F.sex, 'EQUALS', male);
    for (let i = 0; i < 100_000; i++) deep = { operand: 'AND', children: [deep] };
    rejects(deep, /nests deeper than 8 levels/);
    const wide = or(...Array.from({ length: 501 }, () => leaf(F.sex, 'EQUALS', male)));
    rejects(wide, /more than 500 conditions/);
    rejects(
      leaf(
        F.sex,
        'IN',
        Array.from({ length: 5_000_000 }, () => male),
      ),
      /^value: the query has more than 500/,
    );
    rejects(leaf(F.diagnosis, 'CONTAINS', 'x'.repeat(10_001)), /^value: .*longer than 10000 characters/);
    rejects(leaf('k'.repeat(20_000), 'EQUALS', male), /^key: .*longer than 10000/);
  });

  it('rejects NUL bytes in keys, codes and text (a node refuses them from any hub)', () => {
    rejects(leaf(F.diagnosis, 'CONTAINS', 'glio\u0000ma'), /^value: .*NUL byte/);
    rejects(leaf(F.sex, 'IN', ['x', 'y\u0000']), /NUL byte/);
    rejects(leaf('sex\u0000', 'EQUALS', male), /^key: .*NUL byte/);
  });

  it('rejects SQL fragments as codes and keys instead of running them', () => {
    rejects(leaf(F.sex, 'EQUALS', "SNOMEDCT248153007' OR '1'='1"), /unknown code/);
    rejects(leaf("RID10311'; drop table patient; --", 'EQUALS', 'RID10312'), /unknown search field/);
  });
});
